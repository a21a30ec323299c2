/**
 * Target features of the realistic library, extracted exactly as the engine extracts a new
 * target's (normalise → decode → ORB) and cached per feature recipe under
 * .cache/realistic/features/<recipe>/, so a change of the engine's target settings re-extracts
 * and an unchanged one costs nothing. Missing features are extracted by one child process per
 * core (`tsx bench/realistic/targetFeatures.ts SIZE PART PARTS`), each writing whole files by
 * rename, so an interrupted run resumes.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { normaliseTargetImage } from '../../server/src/engine/decodeImage.ts'
import type { Features } from '../../server/src/engine/extractFeatures.ts'
import { gradeImage } from '../../server/src/engine/gradeImage.ts'
import { loadOpenCv } from '../../server/src/engine/loadOpenCv.ts'
import { targetFeatures } from '../../server/src/engine/searchFeatures.ts'
import { FEATURE_RECIPE, TARGET_MAX_SIDE_PX } from '../../server/src/engine/tuning.ts'
import { decodeFeatures, encodeFeatures } from '../scaleFeatures.ts'
import { buildCatalogue, CACHE_ROOT } from './catalogue.ts'
import { library, type LibraryTarget } from './library.ts'

const root = resolve(import.meta.dirname, '../..')
const dir = join(CACHE_ROOT, 'features', FEATURE_RECIPE.replace(/[^a-zA-Z0-9_-]+/g, '_'))
const fileOf = (name: string) => join(dir, `${name.replace(/[^a-zA-Z0-9_-]+/g, '_')}.bin`)

/** Features of every target, in library order; extracts what is missing first. */
export async function libraryFeatures(targets: LibraryTarget[], log: (m: string) => void): Promise<Features[]> {
  const missing = targets.filter((t) => !existsSync(fileOf(t.name))).length
  if (missing > 0) {
    const parts = Math.max(1, Math.min(availableParallelism(), missing))
    log(`extracting features of ${missing} targets in ${parts} processes (cached per recipe for later runs)`)
    await Promise.all(
      Array.from(
        { length: parts },
        (_, part) =>
          new Promise<void>((done, fail) => {
            const child = spawn(
              process.execPath,
              [
                join(root, 'node_modules/tsx/dist/cli.mjs'),
                join(root, 'bench/realistic/targetFeatures.ts'),
                String(targets.length),
                String(part),
                String(parts),
              ],
              { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
            )
            child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`targetFeatures part ${part} exited with ${code}`))))
          }),
      ),
    )
  }
  return targets.map((t) => decodeFeatures(readFileSync(fileOf(t.name))))
}

/**
 * Registered prints the engine's grade does not recommend: −1 ("nothing to recognise") or 3–4
 * (few features, bunched, low contrast), which `crs add` and `crs grade` tell the user at upload,
 * as EasyAR's grade does (its recall claim is for recommended targets). Distractors are not graded.
 */
export async function notRecommended(targets: LibraryTarget[]): Promise<Set<string>> {
  const cv = await loadOpenCv()
  const names = new Set<string>()
  for (const target of targets) {
    if (!target.print) continue
    // Graded on the upright features, as the engine grades (the stored ones add tilted views).
    const { grey, upright } = await targetFeatures(cv, await normaliseTargetImage(await target.image(), TARGET_MAX_SIDE_PX))
    const { grade } = gradeImage(grey, upright)
    if (grade < 0 || grade >= NOT_RECOMMENDED_GRADE) names.add(target.name)
  }
  return names
}

/** Grades from this one up are "not recommended" (EasyAR's scale is the same 0–4). */
const NOT_RECOMMENDED_GRADE = 3

/** As RecognitionEngine.addTarget does it (engineWorker prepareTarget). */
export async function extractTarget(cv: Awaited<ReturnType<typeof loadOpenCv>>, image: Buffer): Promise<Features> {
  return (await targetFeatures(cv, await normaliseTargetImage(image, TARGET_MAX_SIDE_PX))).features
}

if (process.argv[1]?.endsWith('targetFeatures.ts')) {
  const [size, part, parts] = process.argv.slice(2).map(Number)
  if (!(size! > 0 && part! >= 0 && parts! > part!)) throw new Error('usage: tsx bench/realistic/targetFeatures.ts SIZE PART PARTS')
  const cv = await loadOpenCv()
  mkdirSync(dir, { recursive: true })
  const targets = library(buildCatalogue(), size!)
  let done = 0
  for (let i = part!; i < targets.length; i += parts!) {
    const target = targets[i]!
    const file = fileOf(target.name)
    if (existsSync(file)) continue
    writeFileSync(`${file}.tmp`, encodeFeatures(await extractTarget(cv, await target.image())))
    renameSync(`${file}.tmp`, file)
    if (++done % 500 === 0) process.stderr.write(`[bench] part ${part}: ${done} targets extracted\n`)
  }
}
