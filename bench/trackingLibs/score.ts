/**
 * Scores one pipeline's run against the clip's ground truth, with bench:tracking's definitions:
 * corner error = mean corner distance over the print's diagonal; a frame counts as tracked when
 * that error is under 5 %; only frames where the flat print is wholly in view are scored.
 */
import type { FrameTruth } from '../../tests/helpers/trackingClip'
import type { FlatCorners, RunResult } from './protocol'
import { CLIP_H, CLIP_W } from './clipFrames'

export const median = (xs: number[]): number | null => {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}
export const quantile = (xs: number[], q: number): number | null => {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}
export const round = (v: number | null, digits = 4): number | null => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits)

const TRACKED = 0.05

export function cornerError(got: number[], truth: FrameTruth['corners']): number {
  const t = truth.map(([x, y]) => [x * CLIP_W, y * CLIP_H] as const)
  const diagonal = Math.max(Math.hypot(t[2]![0] - t[0]![0], t[2]![1] - t[0]![1]), Math.hypot(t[3]![0] - t[1]![0], t[3]![1] - t[1]![1]))
  let sum = 0
  for (let i = 0; i < 4; i++) sum += Math.hypot(got[2 * i]! * CLIP_W - t[i]![0], got[2 * i + 1]! * CLIP_H - t[i]![1])
  return sum / 4 / diagonal
}

const flatVisible = (t: FrameTruth): boolean => t.inView && t.visibleShare === 1 && !t.curved

export interface RunScore {
  /** Worker start → ready: script, library start-up, the frames' structured clone (same for all), reference. */
  readyMs: number
  /** Of which init(): library start-up left after script evaluation, and the reference. */
  initMs: number
  detection: { msP50: number | null; recall: number | null; frames: number }
  tracking: {
    /** Frames the flow kept: the per-frame cost while tracking. */
    trackMsP50: number | null
    /** Detections inside the tracking run (start, and after every loss). */
    detectMsP50: number | null
    frameMsP50: number | null
    frameMsP90: number | null
    cornerErrorP50: number | null
    cornerErrorP90: number | null
    trackedStill: number | null
    trackedMoving: number | null
    trackedOccluded: number | null
    /** Share of answered flat-print frames whose pose was wrong (error ≥ 5 %, or no print in view at all). */
    wrongShare: number | null
    /** Share of frames that needed a detection (the flow lost the print, or nothing was tracked yet). */
    detectShare: number | null
  }
}

export function scoreRun(run: RunResult, truth: FrameTruth[]): RunScore {
  const detectMs: number[] = []
  let found = 0
  let visible = 0
  for (const d of run.detect) {
    const t = truth[d.frame]!
    if (!flatVisible(t)) continue
    visible++
    detectMs.push(d.ms)
    if (good(d.corners, t)) found++
  }

  const errors: number[] = []
  const counts = { still: [0, 0], moving: [0, 0], occluded: [0, 0] }
  let answered = 0
  let wrong = 0
  for (const r of run.track) {
    const t = truth[r.frame]!
    // On the can the flat fit's corners are not the label's: neither right nor wrong, not scored.
    // A print partly out of view still has well-defined corners, so those frames are scored too.
    if (r.corners && !t.curved) {
      answered++
      if (t.visibleShare === 0 || !good(r.corners, t)) wrong++
    }
    if (!flatVisible(t)) continue
    const ok = good(r.corners, t)
    const bucket = t.still ? counts.still : counts.moving
    bucket[1]!++
    if (ok) bucket[0]!++
    if (t.occluded) {
      counts.occluded[1]!++
      if (ok) counts.occluded[0]!++
    }
    if (r.corners) errors.push(cornerError(r.corners, t.corners))
  }
  const share = ([ok, all]: number[]): number | null => (all ? round(ok! / all!, 4) : null)
  const frameMs = run.track.map((r) => r.ms)
  return {
    readyMs: round(run.readyMs, 0)!,
    initMs: round(run.initMs, 0)!,
    detection: { msP50: round(median(detectMs), 2), recall: visible ? round(found / visible, 4) : null, frames: visible },
    tracking: {
      trackMsP50: round(median(run.track.filter((r) => r.method === 'track').map((r) => r.ms)), 2),
      detectMsP50: round(median(run.track.flatMap((r) => (r.detectMs === null ? [] : [r.detectMs]))), 2),
      frameMsP50: round(median(frameMs), 2),
      frameMsP90: round(quantile(frameMs, 0.9), 2),
      cornerErrorP50: round(median(errors)),
      cornerErrorP90: round(quantile(errors, 0.9)),
      trackedStill: share(counts.still),
      trackedMoving: share(counts.moving),
      trackedOccluded: share(counts.occluded),
      wrongShare: answered ? round(wrong / answered, 4) : null,
      detectShare: round(run.track.filter((r) => r.detectMs !== null).length / run.track.length, 4),
    },
  }
}

function good(corners: FlatCorners, t: FrameTruth): boolean {
  return corners !== null && cornerError(corners, t.corners) < TRACKED
}
