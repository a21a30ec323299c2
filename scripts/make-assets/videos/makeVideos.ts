/**
 * Writes assets/content/*.mp4 (needs ffmpeg on the author's machine only; the files are committed).
 */
import { mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { ROOT, CONTENT_DIR } from '../paths.ts'
import { encodeClip, probe } from './clip.ts'
import { forgePromoClip } from './forgePromo.ts'
import { harborDuskClip } from './harborDusk.ts'
import { stickerPackedClip } from './stickerPacked.ts'
import { weatherChromaClip } from './weatherChroma.ts'

export async function makeVideos(): Promise<void> {
  mkdirSync(CONTENT_DIR, { recursive: true })
  // `npx tsx scripts/make-assets.ts videos sticker-packed` makes only the named clips.
  const only = new Set(process.argv.slice(2).filter((a) => !['targets', 'models', 'videos', 'sounds'].includes(a)))
  const clips = [
    forgePromoClip(path.join(CONTENT_DIR, 'forge-promo.mp4')),
    harborDuskClip(path.join(CONTENT_DIR, 'harbor-dusk.mp4')),
    stickerPackedClip(path.join(CONTENT_DIR, 'sticker-packed.mp4')),
    weatherChromaClip(path.join(CONTENT_DIR, 'weather-chroma.mp4')),
  ].filter((clip) => only.size === 0 || only.has(path.basename(clip.file, '.mp4')))
  for (const clip of clips) {
    await encodeClip(clip)
    console.log(`video   ${path.relative(ROOT, clip.file)}  ${statSync(clip.file).size} B  ${await probe(clip.file)}`)
  }
}
