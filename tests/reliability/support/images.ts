/**
 * @module
 * Image bytes for hostile requests, described by small recipes (what fast-check generates and
 * prints) and built from a pool of real images only when a request is sent.
 */
import fc from 'fast-check'
import sharp from 'sharp'
import { MAX_IMAGE_BYTES } from '../../../src/protocol/statusCodes.ts'
import { assetTargets, pngDeclaring } from '../../helpers/sampleTargets.ts'
import { makePoster } from '../../helpers/scenes.ts'

export interface ImagePool {
  /** Small decodable images: searches and target writes that reach the ORB workers. */
  valid: Buffer[]
  /** Real encodings to truncate and corrupt: small PNG, small JPEG, a full-size asset PNG. */
  sources: Buffer[]
  /** A real PNG whose IHDR gets rewritten into a decompression bomb. */
  png: Buffer
  /** A real baseline JPEG whose SOF gets rewritten. */
  jpeg: Buffer
}

/**
 * @param base the asset the pool is cut from: not one the run searches for at the end, so a
 *   target created or rewritten from the pool can never shadow those.
 */
export async function loadImagePool(base = 'neon-concert'): Promise<ImagePool> {
  const asset = assetTargets().find((a) => a.name === base)
  if (!asset) throw new Error(`assets/targets has no ${base}.png`)
  const small = sharp(asset.png).resize({ width: 320 })
  const smallPng = await small.clone().png().toBuffer()
  const smallJpeg = await small.clone().jpeg({ quality: 80 }).toBuffer()
  const posters = await Promise.all([11, 12].map((seed) => makePoster(seed, { width: 320, height: 240 })))
  return { valid: [smallJpeg, smallPng, ...posters], sources: [smallPng, smallJpeg, asset.png], png: smallPng, jpeg: smallJpeg }
}

/** A baseline or progressive JPEG whose frame header claims `width` × `height`. */
export function jpegDeclaring(width: number, height: number, realJpeg: Buffer): Buffer {
  const out = Buffer.from(realJpeg)
  for (let at = 2; at + 9 < out.length; ) {
    if (out[at] !== 0xff) throw new Error('jpegDeclaring: lost marker sync')
    const marker = out[at + 1] ?? 0
    if (marker >= 0xc0 && marker <= 0xc2) {
      out.writeUInt16BE(height, at + 5)
      out.writeUInt16BE(width, at + 7)
      return out
    }
    at += 2 + out.readUInt16BE(at + 2)
  }
  throw new Error('jpegDeclaring: no SOF marker')
}

export type ImageRecipe =
  | { kind: 'valid'; index: number }
  | { kind: 'truncated'; index: number; keep: number }
  | { kind: 'corrupt'; index: number; flips: Array<[at: number, xor: number]> }
  | { kind: 'bomb'; format: 'png' | 'jpeg'; width: number; height: number }
  | { kind: 'tiny' }
  | { kind: 'magic'; magic: 'png' | 'jpeg' | 'webp'; junk: Uint8Array }
  | { kind: 'random'; bytes: Uint8Array }
  | { kind: 'foreign'; format: keyof typeof FOREIGN }
  | { kind: 'oversize' }

const MAGIC = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpeg: [0xff, 0xd8, 0xff, 0xe0],
  webp: [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50],
}

/** Formats sharp could decode but the CRS protocol does not accept. */
const FOREIGN = {
  gif: Buffer.from(
    'GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;',
    'latin1',
  ),
  svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"><rect width="100%" height="100%"/></svg>'),
  tiff: Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]),
  bmp: Buffer.from('BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00', 'latin1'),
  pdf: Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
}

const pick = <T>(items: readonly T[], index: number): T => items[index % items.length] as T

export function imageBytes(recipe: ImageRecipe, pool: ImagePool): Buffer {
  switch (recipe.kind) {
    case 'valid':
      return pick(pool.valid, recipe.index)
    case 'truncated': {
      const source = pick(pool.sources, recipe.index)
      return source.subarray(0, Math.floor(source.length * recipe.keep))
    }
    case 'corrupt': {
      const out = Buffer.from(pick(pool.sources, recipe.index))
      for (const [at, xor] of recipe.flips) {
        const i = Math.floor(at * out.length)
        out[i] = (out[i] ?? 0) ^ xor
      }
      return out
    }
    case 'bomb':
      return recipe.format === 'png'
        ? pngDeclaring(recipe.width, recipe.height, pool.png)
        : jpegDeclaring(recipe.width, recipe.height, pool.jpeg)
    case 'tiny':
      return pngDeclaring(8, 8, pool.png)
    case 'magic':
      return Buffer.concat([Buffer.from(MAGIC[recipe.magic]), recipe.junk])
    case 'random':
      return Buffer.from(recipe.bytes)
    case 'foreign':
      return FOREIGN[recipe.format]
    case 'oversize': {
      const out = Buffer.alloc(MAX_IMAGE_BYTES + 1)
      Buffer.from(MAGIC.png).copy(out)
      return out
    }
  }
}

/** Bomb sizes: far over the 40 Mpx guard, just over it, and just under it (decodes nothing). */
export const BOMB_SIZES: ReadonlyArray<readonly [number, number]> = [
  [20_000, 20_000],
  [65_535, 65_535],
  [100_000, 1],
  [8_000, 5_001],
  [6_000, 6_000],
]

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })

export const imageRecipe: fc.Arbitrary<ImageRecipe> = fc.oneof(
  { weight: 15, arbitrary: fc.record({ kind: fc.constant('valid' as const), index: fc.nat(7) }) },
  { weight: 20, arbitrary: fc.record({ kind: fc.constant('truncated' as const), index: fc.nat(5), keep: fraction }) },
  {
    weight: 20,
    arbitrary: fc.record({
      kind: fc.constant('corrupt' as const),
      index: fc.nat(5),
      flips: fc.array(fc.tuple(fraction, fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }),
    }),
  },
  {
    weight: 15,
    arbitrary: fc
      .record({
        kind: fc.constant('bomb' as const),
        format: fc.constantFrom('png' as const, 'jpeg' as const),
        size: fc.constantFrom(...BOMB_SIZES),
      })
      .map(({ kind, format, size: [width, height] }) =>
        // JPEG frame headers hold 16-bit sizes.
        ({ kind, format, width: format === 'jpeg' ? Math.min(width, 65_535) : width, height }),
      ),
  },
  { weight: 5, arbitrary: fc.constant({ kind: 'tiny' as const }) },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('magic' as const),
      magic: fc.constantFrom('png' as const, 'jpeg' as const, 'webp' as const),
      junk: fc.uint8Array({ maxLength: 64 }),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 256 }) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('foreign' as const),
      format: fc.constantFrom(...(Object.keys(FOREIGN) as Array<keyof typeof FOREIGN>)),
    }),
  },
  // 2.8 MB of base64 per request: rare, or the run spends its time copying strings.
  { weight: 1, arbitrary: fc.constant({ kind: 'oversize' as const }) },
)
