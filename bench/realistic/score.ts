/**
 * Scoring of the realistic benchmark, the same for every engine and the brute-force baseline:
 * recall per split (tune / held-back test), flat and curved views apart; wrong hits (a view of a
 * registered print answered with another target); false hits (a frame with no registered print —
 * an unregistered print or a backdrop alone — answered with any target); latency percentiles.
 */
import { percentile } from '../queries.ts'
import type { View } from './dataset.ts'

export interface Outcome {
  view: View
  /** Whether the print is in the library at this size (else the view is a negative). */
  expected: string | null
  /** The target name answered, or null. */
  got: string | null
  /** Whole search in ms (decode included), and its parts where known. */
  ms: number
  decodeExtractMs?: number
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000)

function recallOf(outcomes: Outcome[]) {
  const found = outcomes.filter((o) => o.got === o.expected).length
  return { recall: ratio(found, outcomes.length), found, views: outcomes.length }
}

/**
 * `notRecommended`: prints the engine's grade advises against at upload (targetFeatures.ts; a
 * smooth gradient with a small logo, say). Recall is reported without them (`flat`, `curved`:
 * the goals' figures, as EasyAR's claim is for recommended targets) and with them (`flatAllPrints`).
 */
export function summarize(outcomes: Outcome[], notRecommended: ReadonlySet<string> = new Set()) {
  const all = outcomes.filter((o) => o.expected !== null)
  const positives = all.filter((o) => !notRecommended.has(o.expected!))
  const negatives = outcomes.filter((o) => o.expected === null)
  const split = (name: 'tune' | 'test') => {
    const mine = positives.filter((o) => o.view.split === name)
    const everyPrint = all.filter((o) => o.view.split === name)
    const byKind: Record<string, ReturnType<typeof recallOf>> = {}
    for (const kind of [...new Set(mine.map((o) => o.view.kind))].sort())
      byKind[kind] = recallOf(mine.filter((o) => o.view.kind === kind && !o.view.curved))
    return {
      flat: recallOf(mine.filter((o) => !o.view.curved)),
      curved: recallOf(mine.filter((o) => o.view.curved)),
      flatAllPrints: recallOf(everyPrint.filter((o) => !o.view.curved)),
      wrongHits: everyPrint.filter((o) => o.got !== null && o.got !== o.expected).length,
      flatByKind: byKind,
    }
  }
  const falseHits = negatives.filter((o) => o.got !== null).length
  const timed = outcomes.map((o) => o.ms)
  const front = outcomes.flatMap((o) => (o.decodeExtractMs === undefined ? [] : [o.decodeExtractMs]))
  return {
    test: split('test'),
    tune: split('tune'),
    notRecommendedPrints: [...notRecommended].sort(),
    negatives: {
      frames: negatives.length,
      falseHits,
      falseHitRate: ratio(falseHits, negatives.length),
      /** Which frame answered which target (backdrops and unregistered prints are not split: they tune nothing). */
      falseHitViews: negatives.filter((o) => o.got !== null).map((o) => `${o.view.spec.id} → ${o.got}`),
    },
    searchP50Ms: percentile(timed, 50),
    searchP95Ms: percentile(timed, 95),
    ...(front.length ? { decodeExtractP50Ms: percentile(front, 50) } : {}),
  }
}

/** Views missed in the tune split (the only misses a tuning session may look at). */
export function tuneMisses(outcomes: Outcome[]): string[] {
  return outcomes
    .filter((o) => o.expected !== null && o.view.split === 'tune' && o.got !== o.expected)
    .map((o) => `${o.view.spec.id}${o.got ? ` → ${o.got}` : ''}`)
}
