/**
 * Prints the wallpaper packages do not have, drawn deterministically with sharp (librsvg) and
 * Debian's fonts: text-heavy pages (handwritten notes, printed pages, flyers), low-texture prints
 * (flat colour, one or two shapes, a word) and spreads of playing cards (Aisleriot's deck). The
 * issue's misses included exactly these: "a page of handwritten notes at every size", "a print of
 * playing cards". Text comes from the licence texts every Debian system ships.
 */
import { readdirSync, readFileSync } from 'node:fs'
import sharp, { type OverlayOptions } from 'sharp'
import { mulberry32 } from '../../server/src/engine/DescriptorIndex.ts'
import { CARD_DECK } from './sources.ts'

type Random = () => number

const HANDWRITING = ['DkgHandwriting', 'Breip', 'Humor Sans', 'Kristi', 'femkeklaver']
const PRINTED = ['DejaVu Serif', 'DejaVu Sans', 'DejaVu Sans Mono', 'Liberation Serif', 'Liberation Sans']
const INKS = ['#1b2a6b', '#111111', '#223355', '#3a1f5d', '#0b3d2e']
const PAPERS = ['#fbfaf5', '#f6f1e3', '#ffffff', '#eef3f7', '#fff8e6']

/** Words from /usr/share/common-licenses, in file order (the same on every Debian system). */
let corpus: string[] | undefined
function words(): string[] {
  if (!corpus) {
    const dir = '/usr/share/common-licenses'
    const text = readdirSync(dir)
      .sort()
      .filter((f) => /^(GPL-3|Apache-2.0|MPL-2.0|Artistic|LGPL-2.1|CC0-1.0)$/.test(f))
      .map((f) => readFileSync(`${dir}/${f}`, 'utf8'))
      .join(' ')
    corpus = text.split(/\s+/).filter((w) => /^[A-Za-z][A-Za-z,.;:'-]*$/.test(w) && w.length < 14)
  }
  return corpus
}

function lineOf(rnd: Random, maxChars: number): string {
  const all = words()
  let at = Math.floor(rnd() * (all.length - 200))
  let line = ''
  while (line.length < maxChars) line += `${all[at++]} `
  return escapeXml(line.slice(0, maxChars).trim())
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const pick = <T>(rnd: Random, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!

export type TextKind = 'notes' | 'page' | 'flyer'

/**
 * A text-heavy print: handwritten notes on lined paper, a printed page, or a flyer. `typeface` fixes
 * the typeface (bench/lookalikes.ts: prints alike but for their words); the seed picks it otherwise.
 */
export async function makeTextPrint(seed: number, kind: TextKind, typeface?: string): Promise<Buffer> {
  const rnd = mulberry32(seed * 3301 + 7)
  const portrait = kind !== 'flyer' || rnd() < 0.5
  const [w, h] = portrait ? [1000, 1414] : [1414, 1000]
  const paper = pick(rnd, PAPERS)
  const ink = pick(rnd, INKS)
  const parts: string[] = [`<rect width="${w}" height="${h}" fill="${paper}"/>`]
  if (kind === 'notes') {
    const font = typeface ?? pick(rnd, HANDWRITING)
    const size = 34 + Math.floor(rnd() * 14)
    const gap = Math.round(size * 1.45)
    for (let y = 150; y < h - 40; y += gap) parts.push(`<line x1="0" x2="${w}" y1="${y}" y2="${y}" stroke="#9cc3e6" stroke-width="2"/>`)
    parts.push(`<line x1="110" x2="110" y1="0" y2="${h}" stroke="#e6a0a0" stroke-width="3"/>`)
    for (let y = 150 - 8; y < h - 60; y += gap) {
      if (rnd() < 0.12) continue // a skipped line, as notes have
      const indent = 125 + (rnd() < 0.2 ? 40 : 0)
      const slant = ((rnd() - 0.5) * 1.6).toFixed(2)
      parts.push(
        `<text x="${indent}" y="${y}" font-family="${font}" font-size="${size}" fill="${ink}" transform="rotate(${slant} ${indent} ${y})">${lineOf(rnd, Math.round((w - indent - 40) / (size * 0.5)))}</text>`,
      )
    }
  } else if (kind === 'page') {
    const font = typeface ?? pick(rnd, PRINTED)
    const size = 20 + Math.floor(rnd() * 8)
    const columns = rnd() < 0.4 ? 2 : 1
    parts.push(
      `<text x="80" y="130" font-family="${font}" font-weight="bold" font-size="${size * 2.2}" fill="#111">${lineOf(rnd, 28)}</text>`,
    )
    const colW = (w - 160 - (columns - 1) * 40) / columns
    for (let c = 0; c < columns; c++) {
      for (let y = 200; y < h - 80; y += size * 1.5) {
        if (rnd() < 0.06) y += size // paragraph break
        parts.push(
          `<text x="${80 + c * (colW + 40)}" y="${y}" font-family="${font}" font-size="${size}" fill="#1a1a1a">${lineOf(rnd, Math.round(colW / (size * 0.58)))}</text>`,
        )
      }
    }
  } else {
    const font = typeface ?? pick(rnd, [...PRINTED, ...HANDWRITING])
    const accent = pick(rnd, ['#e63946', '#2a9d8f', '#264653', '#f4a261', '#8338ec'])
    parts.push(`<rect x="0" y="0" width="${w}" height="${h * 0.22}" fill="${accent}"/>`)
    parts.push(
      `<text x="60" y="${h * 0.15}" font-family="${font}" font-weight="bold" font-size="${Math.round(h * 0.09)}" fill="#fff">${lineOf(rnd, 16)}</text>`,
    )
    const size = 30 + Math.floor(rnd() * 10)
    for (let y = h * 0.3; y < h - 60; y += size * 1.6) {
      parts.push(
        `<text x="70" y="${y}" font-family="${font}" font-size="${size}" fill="#222">• ${lineOf(rnd, Math.round((w - 160) / (size * 0.55)))}</text>`,
      )
    }
  }
  return render(w, h, parts)
}

/** A low-texture print: a flat or two-tone field with one or two shapes and a short word. */
export async function makeLowTexturePrint(seed: number): Promise<Buffer> {
  const rnd = mulberry32(seed * 6007 + 11)
  const [w, h] = rnd() < 0.5 ? [1200, 900] : [900, 1200]
  const colours = ['#1d3557', '#e63946', '#f1faee', '#a8dadc', '#2a9d8f', '#e9c46a', '#264653', '#ffb703', '#fafafa', '#111111']
  const bg = pick(rnd, colours)
  let fg = pick(rnd, colours)
  while (fg === bg) fg = pick(rnd, colours)
  const parts = [`<rect width="${w}" height="${h}" fill="${bg}"/>`]
  if (rnd() < 0.5) parts.push(`<rect y="${Math.round(h * (0.6 + rnd() * 0.2))}" width="${w}" height="${h}" fill="${fg}" opacity="0.35"/>`)
  const r = Math.min(w, h) * (0.15 + rnd() * 0.15)
  parts.push(`<circle cx="${w * (0.3 + rnd() * 0.4)}" cy="${h * (0.3 + rnd() * 0.2)}" r="${r}" fill="${fg}"/>`)
  if (rnd() < 0.6)
    parts.push(
      `<polygon points="${w * 0.1},${h * 0.9} ${w * 0.5},${h * 0.55} ${w * 0.9},${h * 0.9}" fill="none" stroke="${fg}" stroke-width="${Math.round(w * 0.02)}"/>`,
    )
  parts.push(
    `<text x="${w / 2}" y="${h * 0.8}" text-anchor="middle" font-family="${pick(rnd, PRINTED)}" font-weight="bold" font-size="${Math.round(w * 0.1)}" fill="${fg}">${lineOf(rnd, 9).toUpperCase()}</text>`,
  )
  return render(w, h, parts)
}

/** A spread of 3–6 playing cards (Aisleriot's deck) on a table colour, overlapping and turned. */
export async function makeCardsPrint(seed: number): Promise<Buffer> {
  const rnd = mulberry32(seed * 9173 + 5)
  // The deck is one sprite sheet, 13 columns × 5 rows of 79 × 123 px at 72 dpi.
  const scale = 4
  const sheet = await sharp(CARD_DECK, { density: 72 * scale })
    .png()
    .toBuffer()
  const [cw, ch] = [79 * scale, 123 * scale]
  const [w, h] = [1400, 1000]
  const count = 3 + Math.floor(rnd() * 4)
  const table = pick(rnd, ['#2e6b3a', '#6b2e2e', '#2e3f6b', '#d9d4c7', '#8a6a45'])
  const layers: OverlayOptions[] = []
  for (let i = 0; i < count; i++) {
    const col = Math.floor(rnd() * 13)
    const row = Math.floor(rnd() * 4)
    const card = await sharp(sheet)
      .extract({ left: Math.round(col * 79 * scale), top: row * 123 * scale, width: cw, height: ch })
      .png()
      .toBuffer()
    const angle = Math.round((i - (count - 1) / 2) * (10 + rnd() * 8) + (rnd() - 0.5) * 6)
    const turned = await sharp(card)
      .rotate(angle, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .png()
      .toBuffer({ resolveWithObject: true })
    const left = Math.round(w / 2 - turned.info.width / 2 + (i - (count - 1) / 2) * cw * (0.45 + rnd() * 0.2))
    const top = Math.round(h / 2 - turned.info.height / 2 + (rnd() - 0.5) * h * 0.15)
    layers.push({
      input: turned.data,
      left: Math.max(0, Math.min(w - turned.info.width, left)),
      top: Math.max(0, Math.min(h - turned.info.height, top)),
    })
  }
  return sharp({ create: { width: w, height: h, channels: 3, background: table } })
    .composite(layers)
    .png()
    .toBuffer()
}

async function render(w: number, h: number, parts: string[]): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${parts.join('')}</svg>`
  return sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png().toBuffer()
}
