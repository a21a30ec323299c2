/**
 * The recognition benchmarks' query protocol, shared by bench/server.ts (the whole engine) and
 * bench/scale.ts (the index at up to 10,000 targets): generated phone photos of targets spread
 * over the library — portrait and landscape, 20–50 % coverage, 10–26° tilt, blur, JPEG — plus
 * clutter scenes with no target, each sent as the app captures it.
 */
import sharp from 'sharp'
import { makeClutterScene, makeQueryPhoto } from '../tests/helpers/scenes.ts'

export interface Query {
  photo: Buffer
  /** Index into the target list, or -1 for a scene without target. */
  expected: number
}

export interface QueryOptions {
  /** Long side of the frame sent (src/core/config.ts DEFAULT_CONFIG: 800); 0 sends the full photo. */
  longSide: number
  /** JPEG quality 0–1 of the frame sent (DEFAULT_CONFIG: 0.5). */
  quality: number
  /** Scenes with no target. */
  negatives: number
}

/** `positives` photos of targets spread evenly over the library, then the clutter scenes. */
export async function makeQueries(
  targetCount: number,
  pngOf: (index: number) => Promise<Buffer>,
  positives: number,
  seed: number,
  options: QueryOptions,
): Promise<Query[]> {
  const queries: Query[] = []
  for (let i = 0; i < positives; i++) {
    const expected = Math.floor((i * targetCount) / positives)
    const portrait = i % 3 === 1
    const photo = await makeQueryPhoto(await pngOf(expected), {
      seed: seed + i,
      width: portrait ? 720 : 1280,
      height: portrait ? 1280 : 720,
      coverage: 0.2 + (i % 4) * 0.1,
      tiltDeg: 10 + (i % 3) * 8,
      blur: 0.8 + (i % 3) * 0.4,
      jpegQuality: 60 + (i % 3) * 10,
    })
    queries.push({ photo: await asCaptured(photo, options), expected })
  }
  for (let i = 0; i < options.negatives; i++) {
    const scene = await makeClutterScene({ seed: seed + 5000 + i, width: 1280, height: 720, jpegQuality: 70 })
    queries.push({ photo: await asCaptured(scene, options), expected: -1 })
  }
  return queries
}

/** The frame the app would send for this camera photo. */
async function asCaptured(photo: Buffer, { longSide, quality }: QueryOptions): Promise<Buffer> {
  if (!(longSide > 0)) return photo
  return sharp(photo)
    .resize(longSide, longSide, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: Math.round(quality * 100) })
    .toBuffer()
}

/** The p-th percentile, one decimal. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10
}

/** Recall over the positives, false hits over all queries. */
export function score(results: { got: number; expected: number }[]) {
  const pos = results.filter((r) => r.expected >= 0)
  const neg = results.filter((r) => r.expected < 0)
  return {
    recall: Math.round((pos.filter((r) => r.got === r.expected).length / pos.length) * 1000) / 1000,
    falseHitRate: Math.round((results.filter((r) => r.got >= 0 && r.got !== r.expected).length / results.length) * 1000) / 1000,
    positives: pos.length,
    negatives: neg.length,
  }
}
