/**
 * Messages between the page (TrackingController) and the tracking worker (tracker.worker.ts).
 * Frames travel as transferred ImageBitmaps (no copy); results come back as corners normalised
 * to 0..1 of the frame, so the page never needs the worker's working resolution.
 */
export type Corners = [[number, number], [number, number], [number, number], [number, number]]

export type ToWorker =
  /** A new print to follow: its image (EasyAR's `trackingImage`, encoded bytes). */
  | { type: 'target'; generation: number; image: Blob; hint: Corners | null }
  /** One camera frame, already scaled down to the working size. */
  | { type: 'frame'; generation: number; seq: number; bitmap: ImageBitmap; probe: boolean }
  /** One camera frame as a WebCodecs VideoFrame (full size; the worker scales it while drawing). */
  | { type: 'videoframe'; generation: number; seq: number; frame: VideoFrame; width: number; height: number; probe: boolean }
  /** The same, as grey pixels the page read itself (where a worker cannot draw an ImageBitmap). */
  | { type: 'pixels'; generation: number; seq: number; width: number; height: number; rgba: ArrayBuffer; probe: boolean }
  /**
   * Compile the hot paths while the visitor is still aiming: a first detection in a fresh worker
   * runs cold (interpreted) and costs several times a warm one, right when the visitor waits.
   */
  | { type: 'warm' }
  /** Stop following the current print. */
  | { type: 'clear'; generation: number }

export type FromWorker =
  /** The frame was not tracked (no target yet, or one from an older generation): the next may go. */
  | { type: 'skipped'; generation: number; seq: number }
  | { type: 'ready'; generation: number; ms: number; width: number; height: number }
  | { type: 'failed'; generation: number; message: string }
  | {
      type: 'result'
      generation: number
      seq: number
      mode: 'tracking' | 'lost'
      /** TL, TR, BR, BL in 0..1 of the frame; null when lost. */
      corners: Corners | null
      method: 'flow' | 'detect' | 'none'
      inliers: number
      /** Worker milliseconds for this frame (conversion + tracking). */
      ms: number
      /** The frame's tag (test clips carry their frame number in a strip of blocks), or −1. */
      tag: number
    }
