/**
 * An in-memory `RecognitionEngineApi` for protocol tests: a query "matches" a target when its bytes
 * are identical to the stored image. Real pixels are covered by realEngine.test.ts.
 */
import {
  EngineError,
  type GradeReport,
  type NewTarget,
  type RecognitionEngineApi,
  type SearchOutcome,
  type SimilarEntry,
  type TargetPatch,
  type TargetRecord,
} from '../../../../server/src/engine/types.ts'

const TIMINGS = { decodeMs: 0, extractMs: 0, matchMs: 0, verifyMs: 0, totalMs: 0 }

export class FakeEngine implements RecognitionEngineApi {
  readonly targets = new Map<string, { record: TargetRecord; image: Uint8Array }>()
  searches = 0
  closed = false
  #next = 1
  /** Set to make `search` hang until aborted. */
  hang = false
  /** Behave like an engine whose search queue is full (load shedding). */
  busy = false
  gradeReport: GradeReport = { grade: 1, featureCount: 800, spread: 0.9, contrast: 60, reasons: [] }

  constructor(readonly now: () => number = () => 1_700_000_000_000) {}

  async addTarget(input: NewTarget): Promise<TargetRecord> {
    const at = this.now()
    const record: TargetRecord = {
      targetId: `00000000-0000-4000-8000-${String(this.#next++).padStart(12, '0')}`,
      name: input.name,
      meta: input.meta ?? '',
      size: input.size ?? '20',
      active: input.active ?? true,
      allowSimilar: input.allowSimilar ?? false,
      type: 'ImageTarget',
      grade: 1,
      width: 640,
      height: 480,
      featureCount: 800,
      created: at,
      modified: at,
      extra: input.extra ?? {},
    }
    this.targets.set(record.targetId, { record, image: input.image })
    return record
  }

  async updateTarget(targetId: string, patch: TargetPatch): Promise<TargetRecord> {
    const entry = this.targets.get(targetId)
    if (!entry) throw new EngineError(404, 'Target not found')
    const { image, extra, ...fields } = patch
    entry.record = {
      ...entry.record,
      ...fields,
      extra: { ...entry.record.extra, ...extra },
      modified: this.now() + 1,
    }
    if (image) entry.image = image
    return entry.record
  }

  deleteTarget(targetId: string): boolean {
    return this.targets.delete(targetId)
  }

  getTarget(targetId: string): TargetRecord | undefined {
    return this.targets.get(targetId)?.record
  }

  getTargetImage(targetId: string): Uint8Array | undefined {
    return this.targets.get(targetId)?.image
  }

  listTargets(pageNum: number, pageSize: number): TargetRecord[] {
    return [...this.targets.values()].map((entry) => entry.record).slice((pageNum - 1) * pageSize, pageNum * pageSize)
  }

  countTargets(): number {
    return this.targets.size
  }

  findTargetByName(name: string): TargetRecord | undefined {
    return [...this.targets.values()].find((entry) => entry.record.name === name)?.record
  }

  findTargetsByName(name: string, limit: number): TargetRecord[] {
    return [...this.targets.values()]
      .filter((entry) => entry.record.name === name)
      .slice(0, limit)
      .map((entry) => entry.record)
  }

  async search(image: Uint8Array, signal?: AbortSignal): Promise<SearchOutcome> {
    this.searches++
    if (this.busy) throw new EngineError(21, 'the recognizer is busy (32 searches waiting); try again shortly')
    if (this.hang) {
      await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)))
    }
    if (image.byteLength < 16) throw new EngineError(427, 'image could not be decoded')
    const match = [...this.targets.values()].find((entry) => entry.record.active && Buffer.from(entry.image).equals(Buffer.from(image)))
    return {
      hit: match ? { target: match.record, inliers: 100, score: 0.9 } : null,
      timings: TIMINGS,
    }
  }

  async similar(image: Uint8Array): Promise<SimilarEntry[]> {
    return [...this.targets.values()]
      .filter((entry) => Buffer.from(entry.image).equals(Buffer.from(image)))
      .map((entry) => ({ target: entry.record, score: 1, inliers: 100 }))
  }

  async grade(_image: Uint8Array): Promise<GradeReport> {
    return this.gradeReport
  }

  async close(): Promise<void> {
    this.closed = true
  }
}
