/**
 * The worker side of bench:tracking-libs, shared by every pipeline: a detection-only pass (every
 * n-th frame, from scratch: how fast and how often each library finds the print), then the
 * tracker's state machine over every frame in order (PlanarTracker's: flow while tracking,
 * detection when lost; it does not retry the last-seen pose before detecting, as PlanarTracker
 * does), timing each step with performance.now() inside the worker.
 */
import type { GreyImage } from '../../src/tracking/GreyImage'
import { invert3, multiply3, projectCorners, type Mat3 } from '../../src/tracking/homography'
import type { Pipeline } from './pipeline'
import type { DetectRecord, FlatCorners, RunFailure, RunRequest, RunResult, TrackRecord } from './protocol'
import { plausible } from './rules'

/** A pipeline that runs its own state machine (PlanarTracker as shipped) instead of the shared one. */
export interface SelfDriven {
  process(frame: GreyImage): { corners: [number, number][] | null; method: 'flow' | 'detect' | 'none'; ms: number }
  reset(): void
}

type Made = Pipeline & Partial<SelfDriven>

export function serve(make: (name: string) => Made): void {
  const scope = self as unknown as {
    postMessage(message: RunResult | RunFailure): void
    addEventListener(type: 'message', f: (e: MessageEvent<RunRequest>) => void): void
  }
  scope.addEventListener('message', (event) => {
    const request = event.data
    run(make(request.name), request).then(
      (result) => scope.postMessage(result),
      (error: unknown) =>
        scope.postMessage({
          type: 'failed',
          name: request.name,
          message: error instanceof Error ? `${error.message}\n${error.stack}` : String(error),
        }),
    )
  })
}

async function run(pipeline: Made, request: RunRequest): Promise<RunResult> {
  const started = performance.now()
  const reference: GreyImage = request.reference
  await pipeline.init(reference)
  const initMs = performance.now() - started
  const readyMs = performance.now()
  const size = request.width * request.height
  // Each frame in its own buffer, as the app's worker has it (a view into one 80 MB buffer made
  // JavaScriptCore's typed-array reads several times slower than on an ordinary small array).
  const frames: GreyImage[] = Array.from({ length: request.count }, (_, i) => ({
    width: request.width,
    height: request.height,
    data: new Uint8Array(request.frames, i * size, size).slice(),
  }))
  const corners = (h: Mat3 | null): FlatCorners =>
    h ? projectCorners(h, reference.width, reference.height).flatMap(([x, y]) => [x / request.width, y / request.height]) : null

  // Warm-up, untimed: the JIT compiles the hot paths (the app warms its worker the same way).
  for (let i = 0; i < 3; i++) pipeline.detect(frames[0]!)

  const detect: DetectRecord[] = []
  for (let i = 0; i < frames.length; i += request.detectEvery) {
    const t = performance.now()
    const fit = pipeline.detect(frames[i]!)
    detect.push({ frame: i, ms: performance.now() - t, corners: corners(fit?.h ?? null) })
  }

  const track: TrackRecord[] = pipeline.process
    ? selfDriven(pipeline as Made & SelfDriven, frames, request)
    : shared(pipeline, frames, reference, corners)
  const stages = (pipeline as { stages?: Record<string, number[]> }).stages
  const stagesMs = stages && Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(medianOf(v) * 100) / 100]))
  return { type: 'done', name: pipeline.name, readyMs, initMs, detect, track, ...(stagesMs ? { stagesMs } : {}) }
}

function shared(pipeline: Pipeline, frames: GreyImage[], reference: GreyImage, corners: (h: Mat3 | null) => FlatCorners): TrackRecord[] {
  const out: TrackRecord[] = []
  let h: Mat3 | null = null
  let before: Mat3 | null = null
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!
    const started = performance.now()
    let trackMs: number | null = null
    let detectMs: number | null = null
    let method: TrackRecord['method'] = 'lost'
    // The last frame's pose: however the print is found now, the motion since then feeds the next
    // prediction (as PlanarTracker does).
    const last = h
    if (h) {
      // Constant velocity, as PlanarTracker predicts: the last frame-to-frame motion once more.
      const back = before && invert3(before)
      let predicted = back ? multiply3(multiply3(h, back), h) : h
      if (!plausible(predicted, reference.width, reference.height)) predicted = h
      const fit = pipeline.track(frame, frames[i - 1]!, h, predicted)
      trackMs = performance.now() - started
      if (fit) {
        before = last
        h = fit.h
        method = 'track'
      } else h = null
    }
    if (!h) {
      const t = performance.now()
      const found = pipeline.detect(frame)
      const refined = found && pipeline.refine ? pipeline.refine(frame, found.h) : found
      detectMs = performance.now() - t
      if (refined) {
        h = refined.h
        before = last
        method = 'detect'
      } else before = null
    }
    out.push({ frame: i, ms: performance.now() - started, method, trackMs, detectMs, corners: corners(h) })
  }
  return out
}

function selfDriven(pipeline: SelfDriven, frames: GreyImage[], request: RunRequest): TrackRecord[] {
  pipeline.reset()
  return frames.map((frame, i) => {
    const started = performance.now()
    const step = pipeline.process(frame)
    const ms = performance.now() - started
    const method: TrackRecord['method'] = step.corners ? (step.method === 'flow' ? 'track' : 'detect') : 'lost'
    return {
      frame: i,
      ms,
      method,
      trackMs: null,
      detectMs: null,
      corners: step.corners ? step.corners.flatMap(([x, y]) => [x / request.width, y / request.height]) : null,
    }
  })
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[s.length >> 1]! : 0
}
