/**
 * Look-alike benchmark: prints that differ only in their words. An ad campaign's flyers in one
 * template and typeface, a book's pages, a stack of handwritten notes: register half of them and
 * photograph all, and a view of an unregistered one must find nothing, a view of a registered one
 * that one. The realistic benchmark (bench:scale) has few such pairs among its negatives, and every
 * looser matching rule tried in rounds 4–5 failed here first (README, "Look-alikes").
 *
 * Four sets of 30 prints, 15 registered, each searched as a worker searches (ORB → index →
 * rankCandidates → pickHit) with the engine's target features (`engine`) and with only the
 * features the index holds (`indexedOnly`: what verification used before round 6), 3 views a print:
 * - page, note and flyer prints of bench/realistic/generatedPrints.ts, each set in one typeface;
 * - the unit tests' generated text posters (tests/helpers/scenes.ts), one typeface.
 * Views: tests/helpers/scenes.ts `makeQueryPhoto` (perspective, clutter, blur, noise, JPEG 60).
 *
 * Prints ONE JSON document. `CRS_NATIVE=1` uses the native addon, as the engine would.
 */
import sharp from 'sharp'
import { DescriptorIndex } from '../server/src/engine/DescriptorIndex.ts'
import { normaliseTargetImage } from '../server/src/engine/decodeImage.ts'
import { type Features, indexedDescriptors, indexedFeatures } from '../server/src/engine/extractFeatures.ts'
import { loadOpenCv } from '../server/src/engine/loadOpenCv.ts'
import { nativeCv } from '../server/src/engine/nativeCv.ts'
import { pickHit, rankCandidates } from '../server/src/engine/rankCandidates.ts'
import { queryFeatures, targetFeatures } from '../server/src/engine/searchFeatures.ts'
import { TARGET_MAX_SIDE_PX, VERIFY_TOP_K } from '../server/src/engine/tuning.ts'
import { makePoster, makeQueryPhoto } from '../tests/helpers/scenes.ts'
import { makeTextPrint } from './realistic/generatedPrints.ts'

const PRINTS = 30
const REGISTERED = 15
/** Seeds apart from the realistic benchmark's prints. */
const FIRST_SEED = 1001
/** Tilt (degrees) and share of the frame of each print's views. */
const VIEWS = [
  [20, 0.45],
  [40, 0.3],
  [55, 0.2],
] as const

const SETS: { name: string; make: (seed: number) => Promise<Buffer> }[] = [
  { name: 'page, DejaVu Serif', make: (seed) => makeTextPrint(seed, 'page', 'DejaVu Serif') },
  { name: 'notes, Kristi', make: (seed) => makeTextPrint(seed, 'notes', 'Kristi') },
  { name: 'flyer, Liberation Sans', make: (seed) => makeTextPrint(seed, 'flyer', 'Liberation Sans') },
  { name: 'test poster, text', make: (seed) => makePoster(seed, { kind: 'text' }) },
]

const log = (msg: string) => process.stderr.write(`[bench:lookalikes] ${msg}\n`)
const cv = await loadOpenCv()

interface Tally {
  registeredViews: number
  found: number
  wrongHits: number
  unregisteredViews: number
  falseHits: number
  /** `view → target (inliers)` for every wrong or false hit. */
  mistakes: string[]
}

const tally = (): Tally => ({ registeredViews: 0, found: 0, wrongHits: 0, unregisteredViews: 0, falseHits: 0, mistakes: [] })

async function runSet({ name, make }: (typeof SETS)[number]) {
  const index = new DescriptorIndex()
  const variants = { engine: new Map<string, Features>(), indexedOnly: new Map<string, Features>() }
  const prints: Buffer[] = []
  for (let i = 0; i < PRINTS; i++) {
    const png = await make(FIRST_SEED + i)
    prints.push(png)
    if (i >= REGISTERED) continue
    const { features } = await targetFeatures(cv, await normaliseTargetImage(png, TARGET_MAX_SIDE_PX))
    index.upsert(`print-${i}`, indexedDescriptors(features), true)
    variants.engine.set(`print-${i}`, features)
    variants.indexedOnly.set(`print-${i}`, indexedFeatures(features))
  }
  const result = { engine: tally(), indexedOnly: tally() }
  for (let i = 0; i < PRINTS; i++) {
    const { width = 1, height = 1 } = await sharp(prints[i]!).metadata()
    const portrait = height > width
    for (const [v, [tiltDeg, coverage]] of VIEWS.entries()) {
      const photo = await makeQueryPhoto(prints[i]!, {
        seed: FIRST_SEED * 10 + i * VIEWS.length + v,
        width: portrait ? 450 : 800,
        height: portrait ? 800 : 450,
        coverage,
        tiltDeg,
        blur: 1,
        jpegQuality: 60,
      })
      const { features: query } = await queryFeatures(cv, photo)
      for (const [variant, targets] of Object.entries(variants) as [keyof typeof variants, Map<string, Features>][]) {
        const hit = pickHit(rankCandidates(cv, index, targets, query, { topK: VERIFY_TOP_K, activeOnly: true }).candidates)
        const t = result[variant]
        const view = `print-${i}#${v}`
        if (i < REGISTERED) {
          t.registeredViews++
          if (hit?.targetId === `print-${i}`) t.found++
          else if (hit) {
            t.wrongHits++
            t.mistakes.push(`${view} → ${hit.targetId} (${hit.inliers})`)
          }
        } else {
          t.unregisteredViews++
          if (hit) {
            t.falseHits++
            t.mistakes.push(`${view} → ${hit.targetId} (${hit.inliers})`)
          }
        }
      }
    }
  }
  log(`${name}: engine ${JSON.stringify(result.engine)}; indexed only ${JSON.stringify(result.indexedOnly)}`)
  return result
}

const sets: Record<string, Awaited<ReturnType<typeof runSet>>> = {}
for (const set of SETS) sets[set.name] = await runSet(set)
const total = (variant: 'engine' | 'indexedOnly') => {
  const all = Object.values(sets).map((s) => s[variant])
  const sum = (k: 'registeredViews' | 'found' | 'wrongHits' | 'unregisteredViews' | 'falseHits') => all.reduce((n, t) => n + t[k], 0)
  return {
    recall: Math.round((sum('found') / sum('registeredViews')) * 1000) / 1000,
    found: sum('found'),
    registeredViews: sum('registeredViews'),
    wrongHits: sum('wrongHits'),
    falseHits: sum('falseHits'),
    unregisteredViews: sum('unregisteredViews'),
    falseHitRate: Math.round((sum('falseHits') / sum('unregisteredViews')) * 1000) / 1000,
  }
}
console.log(
  JSON.stringify(
    {
      opencv: nativeCv() ? 'native' : 'opencv.js',
      prints: PRINTS,
      registered: REGISTERED,
      views: VIEWS,
      total: { engine: total('engine'), indexedOnly: total('indexedOnly') },
      sets,
    },
    null,
    1,
  ),
)
