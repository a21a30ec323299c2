/**
 * The target library of the realistic benchmark at a given size: the registered prints first (in
 * a seeded order, so 100 targets are a fixed 100 of them), then distractors up to the size —
 * alternately a generated poster (bench/posters.ts, the synthetic set's own) and a collage of real
 * photographed objects (Tux Paint stamps of the half never used as clutter in views), so a large
 * library holds real-photo texture too. Distractors are never photographed; they only compete.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp, { type OverlayOptions } from 'sharp'
import { mulberry32 } from '../../server/src/engine/DescriptorIndex.ts'
import { cachedPoster } from '../posters.ts'
import { clutterStamps } from './backdrops.ts'
import { CACHE_ROOT, type Catalogue, type Print } from './catalogue.ts'
import { listStamps, stableHash } from './sources.ts'

export interface LibraryTarget {
  name: string
  /** The registered print, or null for a distractor. */
  print: Print | null
  image(): Promise<Buffer>
}

/** The registered prints in library order (seeded shuffle by stable hash of the id). */
export function printOrder(catalogue: Catalogue): Print[] {
  return [...catalogue.prints].sort((a, b) => stableHash(`order:${a.id}`) - stableHash(`order:${b.id}`))
}

export function library(catalogue: Catalogue, size: number): LibraryTarget[] {
  const targets: LibraryTarget[] = printOrder(catalogue)
    .slice(0, size)
    .map((print) => ({ name: print.id, print, image: print.image }))
  for (let i = 1; targets.length < size; i++) {
    const n = Math.ceil(i / 2)
    targets.push(
      i % 2 === 1
        ? { name: `poster-${n}`, print: null, image: async () => (await cachedPoster(n)).png }
        : { name: `collage-${n}`, print: null, image: () => stampCollage(n) },
    )
  }
  return targets
}

let distractorStamps: string[] | undefined

/** 3–6 photographed objects on a coloured card, JPEG, cached. */
export async function stampCollage(n: number): Promise<Buffer> {
  const file = join(CACHE_ROOT, 'collages', `${n}.jpg`)
  if (existsSync(file)) return readFileSync(file)
  mkdirSync(join(CACHE_ROOT, 'collages'), { recursive: true })
  if (!distractorStamps) {
    const clutter = new Set(clutterStamps())
    distractorStamps = listStamps().filter((f) => !clutter.has(f))
  }
  const rnd = mulberry32(n * 7717 + 3)
  const [w, h] = rnd() < 0.5 ? [800, 600] : [600, 800]
  const card = `hsl(${Math.floor(rnd() * 360)}, ${Math.floor(20 + rnd() * 50)}%, ${Math.floor(45 + rnd() * 45)}%)`
  const layers: OverlayOptions[] = []
  const count = 3 + Math.floor(rnd() * 4)
  for (let i = 0; i < count; i++) {
    const stamp = distractorStamps[Math.floor(rnd() * distractorStamps.length)]!
    const size = Math.round(Math.min(w, h) * (0.25 + rnd() * 0.3))
    const input = await sharp(stamp)
      .resize(size, size, { fit: 'inside' })
      .rotate(Math.round((rnd() - 0.5) * 50), { background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .png()
      .toBuffer({ resolveWithObject: true })
    layers.push({
      input: input.data,
      left: Math.floor(rnd() * Math.max(1, w - input.info.width)),
      top: Math.floor(rnd() * Math.max(1, h - input.info.height)),
    })
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="${card}"/></svg>`
  const jpeg = await sharp(Buffer.from(svg)).composite(layers).jpeg({ quality: 90 }).toBuffer()
  writeFileSync(`${file}.tmp`, jpeg)
  renameSync(`${file}.tmp`, file)
  return jpeg
}
