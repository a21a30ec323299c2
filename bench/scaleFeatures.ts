/**
 * `tsx bench/scaleFeatures.ts FROM TO`: extracts target features of generated posters FROM..TO
 * exactly as the engine does for a new target (normalise → decode → ORB, upright and tilted), into
 * .cache/bench-features/<recipe>/<seed>.bin. bench/scale.ts runs one of these per core; a run that is cut
 * off resumes where it stopped (each file is written whole, by rename).
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { normaliseTargetImage } from '../server/src/engine/decodeImage.ts'
import type { Features } from '../server/src/engine/extractFeatures.ts'
import { loadOpenCv } from '../server/src/engine/loadOpenCv.ts'
import { targetFeatures } from '../server/src/engine/searchFeatures.ts'
import { FEATURE_RECIPE, TARGET_MAX_SIDE_PX } from '../server/src/engine/tuning.ts'
import { cachedPoster } from './posters.ts'

/** Per feature recipe, so a change of the engine's target settings re-extracts (as realistic/targetFeatures.ts). */
export const FEATURES_DIR = resolve(import.meta.dirname, '../.cache/bench-features', FEATURE_RECIPE.replace(/[^a-zA-Z0-9_-]+/g, '_'))

export const featureFile = (seed: number): string => join(FEATURES_DIR, `${seed}.bin`)

/** Width, height, count (u32 each), keypoints (f32 x,y), descriptors (32 bytes each). */
export function encodeFeatures(f: Features): Buffer {
  const head = Buffer.alloc(12)
  head.writeUInt32LE(f.width, 0)
  head.writeUInt32LE(f.height, 4)
  head.writeUInt32LE(f.keypoints.length / 2, 8)
  // Features.indexed trails the descriptors (files made before it end there: all indexed).
  const indexed = Buffer.alloc(f.indexed === undefined ? 0 : 4)
  if (f.indexed !== undefined) indexed.writeUInt32LE(f.indexed, 0)
  return Buffer.concat([
    head,
    Buffer.from(f.keypoints.buffer, f.keypoints.byteOffset, f.keypoints.byteLength),
    Buffer.from(f.descriptors),
    indexed,
  ])
}

export function decodeFeatures(b: Buffer): Features {
  const count = b.readUInt32LE(8)
  const keypoints = new Float32Array(b.buffer.slice(b.byteOffset + 12, b.byteOffset + 12 + count * 8))
  const descriptors = new Uint8Array(b.buffer.slice(b.byteOffset + 12 + count * 8, b.byteOffset + 12 + count * 40))
  const end = 12 + count * 40
  const indexed = b.length >= end + 4 ? { indexed: b.readUInt32LE(end) } : {}
  return { width: b.readUInt32LE(0), height: b.readUInt32LE(4), keypoints, descriptors, ...indexed }
}

if (process.argv[1]?.endsWith('scaleFeatures.ts')) {
  const [from, to] = process.argv.slice(2).map(Number)
  if (!(from! >= 1 && to! >= from!)) throw new Error('usage: tsx bench/scaleFeatures.ts FROM TO')
  const cv = await loadOpenCv()
  mkdirSync(FEATURES_DIR, { recursive: true })
  for (let seed = from!; seed <= to!; seed++) {
    const file = featureFile(seed)
    if (existsSync(file)) continue
    const { png } = await cachedPoster(seed)
    const normalised = await normaliseTargetImage(png, TARGET_MAX_SIDE_PX)
    // As the engine extracts a new target's: upright and tilted views (searchFeatures.ts).
    const { features } = await targetFeatures(cv, normalised)
    writeFileSync(`${file}.tmp`, encodeFeatures(features))
    renameSync(`${file}.tmp`, file)
    if (seed % 500 === 0) process.stderr.write(`[bench:scale] features of poster ${seed}\n`)
  }
}
