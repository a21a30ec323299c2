/**
 * The realistic benchmark's query loop, shared by bench/server.ts (the whole engine), bench/scale.ts
 * (the index on one core) and the brute-force baseline: which views are asked at a library size,
 * how each is captured, and the outcome of each search.
 */
import type { CaptureSettings } from './cameraEffects.ts'
import { ensureRenders, listViews, queryImage, type Dataset, type View } from './dataset.ts'
import type { Outcome } from './score.ts'

export interface Query {
  view: View
  /** The target name a hit must give, or null when no target may be given. */
  expected: string | null
}

/** What a searcher returns for one query JPEG. */
export interface Answer {
  got: string | null
  decodeExtractMs?: number
}

/**
 * The app's capture long side as shipped (src/core/config.ts DEFAULT_CONFIG.captureLongSide, which reads
 * Vite's import.meta.env and so cannot be imported here; a unit test keeps the two equal).
 */
export const APP_CAPTURE_LONG_SIDE = 800
/** The app's capture, each view at its own JPEG quality (0.5–0.75). BENCH_CAPTURE_LONG_SIDE overrides the size. */
export const DEFAULT_CAPTURE: CaptureSettings = { longSide: Number(process.env.BENCH_CAPTURE_LONG_SIDE ?? APP_CAPTURE_LONG_SIDE) }

/** The dataset with every view rendered (renders once per machine). */
export async function realisticDataset(log: (m: string) => void): Promise<Dataset> {
  const dataset = listViews()
  await ensureRenders(dataset, log)
  return dataset
}

/**
 * Every view, with what it should give when the library holds `registered`: a view of a print in
 * the library expects that print; any other frame (an unregistered print, a print beyond this
 * library size, a backdrop alone) expects nothing.
 */
export function queriesFor(dataset: Dataset, registered: ReadonlySet<string>): Query[] {
  return dataset.views.map((view) => ({
    view,
    expected: view.print && view.registered && registered.has(view.print.id) ? view.print.id : null,
  }))
}

/** Runs `search` over the queries (every `every`-th one), timing each whole search. */
export async function runViews(
  queries: Query[],
  capture: CaptureSettings,
  search: (jpeg: Buffer) => Promise<Answer>,
  every = 1,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = []
  for (let i = 0; i < queries.length; i += every) {
    const { view, expected } = queries[i]!
    const jpeg = await queryImage(view, capture)
    const started = performance.now()
    const answer = await search(jpeg)
    outcomes.push({
      view,
      expected,
      got: answer.got,
      ms: performance.now() - started,
      ...(answer.decodeExtractMs === undefined ? {} : { decodeExtractMs: answer.decodeExtractMs }),
    })
  }
  return outcomes
}
