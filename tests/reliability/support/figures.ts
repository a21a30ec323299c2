/**
 * @module
 * Where the reliability tests leave their numbers: one JSON file per section under
 * `.cache/reliability/parts/`, merged into the printed summary by scripts/reliability.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** RELIABILITY_OUT moves them, so two focused runs can go side by side (e.g. comparing settings). */
export const RELIABILITY_DIR = process.env.RELIABILITY_OUT
  ? resolve(process.env.RELIABILITY_OUT)
  : resolve(import.meta.dirname, '../../../.cache/reliability')
export const PARTS_DIR = join(RELIABILITY_DIR, 'parts')

export type Figures = Record<string, unknown>

/** Merges `figures` into the section's file (several tests of one file may add to a section). */
export function recordFigures(section: string, figures: Figures): void {
  mkdirSync(PARTS_DIR, { recursive: true })
  const file = join(PARTS_DIR, `${section}.json`)
  let previous: Figures = {}
  try {
    previous = JSON.parse(readFileSync(file, 'utf8')) as Figures
  } catch {
    // first figures of this section
  }
  writeFileSync(file, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`)
}

/** Counts keyed by label, printed sorted so two runs diff cleanly. */
export class Tally {
  readonly #counts = new Map<string, number>()

  add(label: string | number): void {
    const key = String(label)
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1)
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })))
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

export const round = (ms: number, digits = 1): number => Number(ms.toFixed(digits))
