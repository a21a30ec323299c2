/**
 * What lies behind and around the print in a view: a real photograph (one of the catalogue's
 * backdrop designs, never registered) cropped and possibly mirrored, with real photographed
 * objects (Tux Paint's stamps: fruit, tools, toys, animals) scattered over it as clutter. A
 * `far` variant is blurred as a background out of focus. Cached as JPEG under
 * .cache/realistic/backdrops; the same seed gives the same picture.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp, { type OverlayOptions } from 'sharp'
import { mulberry32 } from '../../server/src/engine/DescriptorIndex.ts'
import { CACHE_ROOT } from './catalogue.ts'
import { listStamps, stableHash, type SourceDesign } from './sources.ts'

export const BACKDROP_VARIANTS = 40
const SIDE = 1600

/** Stamps for clutter: one half of them by stable hash; the other half makes distractor prints. */
export function clutterStamps(): string[] {
  return listStamps().filter((f) => stableHash(f) % 2 === 0)
}

/** The JPEG file of backdrop variant `n` (sharp, or blurred for `far`), made on first use. */
export async function backdropFile(designs: SourceDesign[], n: number, blurred: boolean): Promise<string> {
  const dir = join(CACHE_ROOT, 'backdrops')
  const file = join(dir, `${n}${blurred ? '-far' : ''}.jpg`)
  if (existsSync(file)) return file
  mkdirSync(dir, { recursive: true })
  let jpeg = readFileSync(await sharpBackdrop(designs, n, dir))
  if (blurred) jpeg = await sharp(jpeg).blur(6).jpeg({ quality: 90 }).toBuffer()
  if (!existsSync(file)) {
    writeFileSync(`${file}.tmp`, jpeg)
    renameSync(`${file}.tmp`, file)
  }
  return file
}

async function sharpBackdrop(designs: SourceDesign[], n: number, dir: string): Promise<string> {
  const file = join(dir, `${n}.jpg`)
  if (existsSync(file)) return file
  const rnd = mulberry32(n * 4099 + 1)
  const design = designs[n % designs.length]!
  const source = sharp(design.file)
  const { width = 0, height = 0 } = await source.metadata()
  // A crop of 50–100 % of the photo, somewhere in it; mirrored half the time.
  const scale = 0.5 + rnd() * 0.5
  const cw = Math.round(width * scale)
  const ch = Math.round(height * scale)
  let image = sharp(design.file).extract({
    left: Math.floor(rnd() * (width - cw)),
    top: Math.floor(rnd() * (height - ch)),
    width: cw,
    height: ch,
  })
  if (rnd() < 0.5) image = image.flop()
  const base = await image.resize(SIDE, SIDE, { fit: 'inside' }).toBuffer({ resolveWithObject: true })
  const stamps = clutterStamps()
  const layers: OverlayOptions[] = []
  const count = Math.floor(rnd() * 9)
  for (let i = 0; i < count; i++) {
    const stamp = stamps[Math.floor(rnd() * stamps.length)]!
    const size = Math.round(base.info.width * (0.08 + rnd() * 0.14))
    const input = await sharp(stamp)
      .resize(size, size, { fit: 'inside' })
      .rotate(Math.round((rnd() - 0.5) * 60), { background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .png()
      .toBuffer({ resolveWithObject: true })
    layers.push({
      input: input.data,
      left: Math.floor(rnd() * Math.max(1, base.info.width - input.info.width)),
      top: Math.floor(rnd() * Math.max(1, base.info.height - input.info.height)),
    })
  }
  const jpeg = await sharp(base.data).composite(layers).jpeg({ quality: 90 }).toBuffer()
  writeFileSync(`${file}.tmp`, jpeg)
  renameSync(`${file}.tmp`, file)
  return file
}
