/**
 * Generates every sample asset of the project, deterministically (seeded PRNG, no Math.random):
 *
 *   assets/targets/<name>.png   printable poster-like target images (rendered from SVG by sharp)
 *   assets/targets/<name>.json  the meta sidecar of each target (what the target triggers)
 *   assets/targets/README.md    what each target is
 *   assets/content/*.glb        animated glTF models (built with @gltf-transform/core)
 *   assets/content/*.mp4        short promo clips (SVG frames rendered by sharp, piped to ffmpeg;
 *                               ffmpeg is needed only here, on the author's machine: the
 *                               generated files are committed, so a fresh checkout needs none)
 *
 * Usage:  npx tsx scripts/make-assets.ts [targets] [models] [videos] [sounds] [<clip name>…]
 *         (no argument = everything; clip names, e.g. sticker-packed, limit the videos made)
 *
 * Nothing is downloaded: all pictures, meshes, frames and sounds are drawn/generated here.
 * Fonts come from the system (fontconfig): DejaVu, Liberation, URW base35, Droid Sans Fallback.
 */
import { makeModels } from './make-assets/models/makeModels.ts'
import { makeSounds } from './make-assets/sounds.ts'
import { makeTargets } from './make-assets/targets/makeTargets.ts'
import { makeVideos } from './make-assets/videos/makeVideos.ts'

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2))
  const all = args.size === 0
  if (all || args.has('targets')) await makeTargets()
  if (all || args.has('models')) await makeModels()
  if (all || args.has('videos')) await makeVideos()
  if (all || args.has('sounds')) await makeSounds()
}

await main()

await main()
