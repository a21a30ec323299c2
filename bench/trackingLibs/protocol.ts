/** Messages between the bench page and a pipeline worker (one run = one pipeline over one clip). */

export interface RunRequest {
  type: 'run'
  /** Pipeline name: ours, ours-shipped, jsfeat, jsfeat-ref, opencv, opencv-ref. */
  name: string
  reference: { width: number; height: number; data: Uint8Array }
  /** `count` grey frames of width × height, back to back. */
  frames: ArrayBuffer
  width: number
  height: number
  count: number
  /** The detection-only pass runs on every n-th frame. */
  detectEvery: number
}

/** TL, TR, BR, BL as x0, y0, … x3, y3 in 0..1 of the frame, or null when nothing was found. */
export type FlatCorners = number[] | null

export interface DetectRecord {
  frame: number
  ms: number
  corners: FlatCorners
}

export interface TrackRecord {
  frame: number
  /** The whole frame: tracking, and detection when tracking failed or nothing was tracked. */
  ms: number
  /** How the frame ended: kept by the flow, found by detection, or not found. */
  method: 'track' | 'detect' | 'lost'
  /** Time of the flow step alone, when it ran. */
  trackMs: number | null
  /** Time of the detection step (with its refinement), when it ran. */
  detectMs: number | null
  corners: FlatCorners
}

export interface RunResult {
  type: 'done'
  name: string
  /** Worker time origin → pipeline ready: script evaluation, library start-up, reference preparation. */
  readyMs: number
  /** Of which: the pipeline's init() (library start-up + reference). */
  initMs: number
  detect: DetectRecord[]
  track: TrackRecord[]
  /** Median milliseconds per call of each internal stage, for pipelines that time them (ours). */
  stagesMs?: Record<string, number>
}

export interface RunFailure {
  type: 'failed'
  name: string
  message: string
}
