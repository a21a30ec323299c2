/**
 * The realistic benchmark's prints and what each is for, decided deterministically from the
 * installed designs (sources.ts) and seeds:
 * - **prints**: registered and photographed; each is in the `tune` or the held-back `test` split
 *   (alternately within its kind, in stable-hash order, so both splits get every kind);
 * - **negatives**: prints that are photographed but never registered (they must not hit);
 * - **backdrops**: real photographs used only behind the prints (never registered, never printed).
 * Images are cached under .cache/realistic/prints as JPEG (long side ≤ 1600 px), drawn once.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import sharp from 'sharp'
import { makeCardsPrint, makeLowTexturePrint, makeTextPrint, type TextKind } from './generatedPrints.ts'
import { listDesigns, stableHash, type SourceDesign } from './sources.ts'

export const CACHE_ROOT = resolve(import.meta.dirname, '../../.cache/realistic')
/** Long side of a cached print: enough for a close 1280-px view, within the 2 MB upload limit as JPEG. */
const PRINT_LONG_SIDE = 1600

export type PrintKind = 'photo' | 'art' | 'text' | 'lowTexture' | 'cards'
export type Split = 'tune' | 'test'

export interface Print {
  /** Stable id, also the target name: `photo:mate/nature/ladybird`, `text:notes-3`. */
  id: string
  kind: PrintKind
  split: Split
  /** JPEG bytes of the print (drawn and cached on first use). */
  image(): Promise<Buffer>
}

export interface Catalogue {
  prints: Print[]
  negatives: Print[]
  /** Real photographs for behind the prints. */
  backdrops: SourceDesign[]
}

const BACKDROP_COUNT = 10
/** One design in this many (stable-hash order) is photographed but never registered. */
const NEGATIVE_EVERY = 9
const TEXT_PER_KIND = 12
const LOW_TEXTURE = 12
const CARDS = 10

/** Photographs (as opposed to illustrations): Lomiri's photo wallpapers and MATE's nature set. */
function kindOf(design: SourceDesign): PrintKind {
  return design.key.startsWith('lomiri/') || design.key.startsWith('mate/nature/') ? 'photo' : 'art'
}

/** The catalogue of the installed designs (or of `installed`, for tests). */
export function buildCatalogue(installed: SourceDesign[] = listDesigns()): Catalogue {
  const designs = [...installed].sort((a, b) => stableHash(a.key) - stableHash(b.key) || (a.key < b.key ? -1 : 1))
  const backdrops: SourceDesign[] = []
  const rest: SourceDesign[] = []
  // Backdrops are real photographs: every third photo in hash order until there are enough.
  let photoSeen = 0
  for (const d of designs) {
    if (kindOf(d) === 'photo' && photoSeen++ % 3 === 0 && backdrops.length < BACKDROP_COUNT) backdrops.push(d)
    else rest.push(d)
  }
  const prints: Print[] = []
  const negatives: Print[] = []
  const counters = new Map<PrintKind, number>()
  const assign = (kind: PrintKind, id: string, make: () => Promise<Buffer>, negative: boolean) => {
    const entry = { id, kind, split: 'tune' as Split, image: cached(id, make) }
    if (negative) return negatives.push(entry)
    const n = counters.get(kind) ?? 0
    counters.set(kind, n + 1)
    entry.split = n % 2 === 0 ? 'tune' : 'test'
    prints.push(entry)
  }
  rest.forEach((d, i) => assign(kindOf(d), `${kindOf(d)}:${d.key}`, () => readDesign(d), i % NEGATIVE_EVERY === NEGATIVE_EVERY - 1))
  const textKinds: TextKind[] = ['notes', 'page', 'flyer']
  for (const kind of textKinds) {
    for (let i = 1; i <= TEXT_PER_KIND; i++)
      assign('text', `text:${kind}-${i}`, () => makeTextPrint(i + 100 * textKinds.indexOf(kind), kind), i === TEXT_PER_KIND)
  }
  for (let i = 1; i <= LOW_TEXTURE; i++) assign('lowTexture', `lowTexture:${i}`, () => makeLowTexturePrint(i), i === LOW_TEXTURE)
  for (let i = 1; i <= CARDS; i++) assign('cards', `cards:${i}`, () => makeCardsPrint(i), i === CARDS)
  return { prints, negatives, backdrops }
}

/** A design file as the print's JPEG: SVGs rendered, transparency on white, long side ≤ 1600 px. */
async function readDesign(design: SourceDesign): Promise<Buffer> {
  const svg = design.file.toLowerCase().endsWith('.svg')
  return sharp(design.file, svg ? { density: 144 } : {})
    .png()
    .toBuffer()
}

function cached(id: string, make: () => Promise<Buffer>): () => Promise<Buffer> {
  const file = join(CACHE_ROOT, 'prints', `${id.replace(/[^a-zA-Z0-9_-]+/g, '_')}.jpg`)
  return async () => {
    if (existsSync(file)) return readFileSync(file)
    mkdirSync(join(CACHE_ROOT, 'prints'), { recursive: true })
    const jpeg = await sharp(await make())
      .flatten({ background: '#ffffff' })
      .resize(PRINT_LONG_SIDE, PRINT_LONG_SIDE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 92 })
      .toBuffer()
    writeFileSync(`${file}.tmp`, jpeg)
    renameSync(`${file}.tmp`, file)
    return jpeg
  }
}
