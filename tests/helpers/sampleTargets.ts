import { readdirSync, readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { makePoster } from './scenes.ts'

export const ASSET_TARGETS_DIR = resolve(import.meta.dirname, '../../assets/targets')

export interface NamedImage {
  name: string
  png: Buffer
}

/** The sample targets shipped in assets/targets (*.png), sorted by name; [] when there are none yet. */
export function assetTargets(): NamedImage[] {
  let files: string[]
  try {
    files = readdirSync(ASSET_TARGETS_DIR)
      .filter((f) => f.endsWith('.png'))
      .sort()
  } catch {
    return []
  }
  return files.map((f) => ({ name: basename(f, '.png'), png: readFileSync(resolve(ASSET_TARGETS_DIR, f)) }))
}

/** `count` generated posters (poster / label / text kinds), deterministic from `firstSeed`. */
export async function posterTargets(count: number, firstSeed = 1): Promise<NamedImage[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => ({ name: `poster-${firstSeed + i}`, png: await makePoster(firstSeed + i) })),
  )
}

/** A PNG header that declares width × height with a tiny body: a decompression bomb's calling card. */
export function pngDeclaring(width: number, height: number, realPng: Buffer): Buffer {
  const out = Buffer.from(realPng)
  // IHDR data starts at byte 16 (8-byte signature + 4 length + 4 type); its CRC follows the 13 data bytes.
  out.writeUInt32BE(width, 16)
  out.writeUInt32BE(height, 20)
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29)
  return out
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}
