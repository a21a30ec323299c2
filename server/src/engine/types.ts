/**
 * The contract between the recognition engine (store + features + matching, in server/src/engine)
 * and the HTTP/CLI layer (server/src/http, server/src/cli). The HTTP layer formats these records
 * into EasyAR's wire shapes (strings for `active`, `size`, `date`, …); the engine never sees HTTP.
 */

/** A stored target as the engine knows it. */
export interface TargetRecord {
  targetId: string
  name: string
  /** Stored exactly as given (EasyAR stores any string; ours is usually base64 of UTF-8 JSON). */
  meta: string
  /** Printed width in centimetres, as the decimal string EasyAR uses (default "20"). */
  size: string
  active: boolean
  allowSimilar: boolean
  type: 'ImageTarget'
  /** Detection grade 0–4 (lower is easier), −1 unusable. */
  grade: number
  /** Decoded image size in pixels. */
  width: number
  height: number
  /** Number of stored features. */
  featureCount: number
  /** Epoch milliseconds. */
  created: number
  modified: number
  /** Extra custom string fields given on create/update; echoed back like EasyAR does. */
  extra: Record<string, string>
}

export interface NewTarget {
  /** Encoded JPEG/PNG/WebP bytes. */
  image: Uint8Array
  name: string
  meta?: string
  size?: string
  active?: boolean
  /** Add even when a similar target exists (EasyAR `allowSimilar`). */
  allowSimilar?: boolean
  extra?: Record<string, string>
}

export type TargetPatch = Partial<NewTarget>

export interface SearchHit {
  target: TargetRecord
  /** RANSAC homography inliers of the verified match. */
  inliers: number
  /** 0–1 confidence. */
  score: number
}

export interface SearchOutcome {
  hit: SearchHit | null
  /** Milliseconds spent, for logs and benchmarks. */
  timings: { decodeMs: number; extractMs: number; matchMs: number; verifyMs: number; totalMs: number }
}

export interface GradeReport {
  /** 0–4, lower = easier to detect; −1 = unusable/corrupt. */
  grade: number
  featureCount: number
  /** Fraction (0–1) of a 4×4 grid's cells that hold features. */
  spread: number
  /** Mean grey-level standard deviation, 0–255. */
  contrast: number
  /** Human-readable reasons, e.g. "too few features", "features bunched in one area". */
  reasons: string[]
}

export interface SimilarEntry {
  target: TargetRecord
  score: number
  inliers: number
}

/**
 * Engine errors carry the CRS statusCode the HTTP layer should answer with:
 * 427 image not correct (undecodable / not an image / too small), 422 too large,
 * 404 target not found, 419 similar target exists, 414 bad parameter, 417 failed to add (or update),
 * 420 failed to delete (the store refused the write).
 */
export class EngineError extends Error {
  constructor(
    readonly statusCode: 21 | 404 | 414 | 417 | 419 | 420 | 422 | 427,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'EngineError'
  }
}

/**
 * An engine message as an operator or API client reads it: without the component that raised it
 * ("RecognitionEngine: …", "decodeImage: …"), which is for the logs.
 */
export function engineReason(message: string): string {
  return message.replace(/^[A-Za-z]+: /, '')
}

export interface RecognitionEngineApi {
  addTarget(input: NewTarget): Promise<TargetRecord>
  updateTarget(targetId: string, patch: TargetPatch): Promise<TargetRecord>
  deleteTarget(targetId: string): boolean
  getTarget(targetId: string): TargetRecord | undefined
  /** Full GC in the engine's workers where gc is exposed (memory measurements). */
  collectGarbage?(): void
  /** The stored (normalised) target image, for `GET /target/:id` trackingImage. */
  getTargetImage(targetId: string): Uint8Array | undefined
  /** pageNum is 1-based. */
  listTargets(pageNum: number, pageSize: number): TargetRecord[]
  countTargets(): number
  findTargetByName(name: string): TargetRecord | undefined
  /** Up to `limit` targets with this name, oldest first (names need not be unique). */
  findTargetsByName(name: string, limit: number): TargetRecord[]
  /** Only active targets are ever returned. */
  search(image: Uint8Array, signal?: AbortSignal): Promise<SearchOutcome>
  similar(image: Uint8Array): Promise<SimilarEntry[]>
  grade(image: Uint8Array): Promise<GradeReport>
  close(): Promise<void>
}
