import type { Features } from './extractFeatures.ts'
import type { VerifiedCandidate } from './rankCandidates.ts'
import type { GradeReport } from './types.ts'

/** Index updates: broadcast to every worker, applied in order before any later task. */
export type IndexMessage =
  | { type: 'upsert'; targetId: string; active: boolean; features: Features }
  | { type: 'remove'; targetId: string }
  | { type: 'setActive'; targetId: string; active: boolean }

/** Messages every worker applies in order: index updates, and a full GC for memory readings. */
export type BroadcastMessage = IndexMessage | { type: 'collectGarbage' }

export interface TaskMap {
  search: { args: { image: Uint8Array }; result: { candidates: VerifiedCandidate[]; timings: WorkerTimings } }
  similar: { args: { image: Uint8Array }; result: { candidates: VerifiedCandidate[] } }
  /** Decode + normalise + extract a new target image, grade it and list the stored targets it resembles. */
  prepareTarget: {
    args: { image: Uint8Array; excludeId?: string }
    result: { image: Uint8Array; features: Features; grade: GradeReport; similar: VerifiedCandidate[] }
  }
  grade: { args: { image: Uint8Array }; result: GradeReport }
  /** Features and grade of an already normalised, stored target image (reindex). */
  extractTarget: { args: { image: Uint8Array }; result: { features: Features; grade: GradeReport } }
}
export type TaskType = keyof TaskMap

export type TaskMessage = { [K in TaskType]: { type: K; id: number; args: TaskMap[K]['args'] } }[TaskType]

export interface WorkerTimings {
  decodeMs: number
  extractMs: number
  matchMs: number
  verifyMs: number
}

export type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; statusCode?: number; field?: string } }
  | { id: -1; ok: true; result: 'ready' }
