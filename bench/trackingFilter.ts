/**
 * `npm run bench:tracking-filter`: how the One-Euro settings trade lag for jitter on the print's
 * corners. The corners of the bench:tracking visit (tests/helpers/trackingClip.ts, flat part),
 * with Gaussian tracker noise of 0.15 px and 0.5 px at 640 px, sampled every frame and every
 * other frame, are filtered with each candidate; it prints the corner error on moving frames
 * (lag) and the RMS wobble on still stretches (jitter), both as shares of the print's diagonal.
 * The noise model, not the benchmark clips, is what the settings are chosen on.
 */
import { OneEuroFilter } from '../src/tracking/OneEuroFilter'
import { intrinsicsFor } from '../src/tracking/pose'
import { benchmarkScript, projectPose } from '../tests/helpers/trackingClip'

const CANDIDATES: [number, number][] = [
  [1.2, 12],
  [1, 30],
  [1.5, 60],
  [1, 100],
  [3, 100],
  [0.5, 200],
  [1, 300],
]
const k = intrinsicsFor(640, 360)
const script = benchmarkScript().filter((f) => !f.wrapDeg)
const truth = script.map((f) => projectPose(f.pose, 0.75, k))
let seed = 1
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0
  return seed / 4294967296
}
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!

const rows = []
for (const noisePx of [0.15, 0.5]) {
  for (const step of [1, 2]) {
    for (const [minCutoff, beta] of CANDIDATES) {
      const filter = new OneEuroFilter({ minCutoff, beta, dCutoff: 1 })
      const lag: number[] = []
      const jitter: number[] = []
      let still: { v: number[]; d: number }[] = []
      const flush = () => {
        const tail = still.slice(10)
        if (tail.length > 10) {
          const mean = tail[0]!.v.map((_, i) => tail.reduce((a, r) => a + r.v[i]!, 0) / tail.length)
          jitter.push(
            Math.sqrt(tail.reduce((a, r) => a + r.v.reduce((b, v, i) => b + (v - mean[i]!) ** 2, 0) / 4, 0) / tail.length) / tail[0]!.d,
          )
        }
        still = []
      }
      for (let i = 0; i < script.length; i += step) {
        // Long-side units (640 px), as TrackingController filters them.
        const c = truth[i]!.flatMap(([x, y]) => [x, (y * 360) / 640])
        const out = filter.filter(
          c.map((v) => v + (gauss() * noisePx) / 640),
          i / 30,
        )
        const diagonal = Math.hypot(c[4]! - c[0]!, c[5]! - c[1]!)
        if (script[i]!.still) still.push({ v: [...out], d: diagonal })
        else {
          flush()
          let e = 0
          for (let j = 0; j < 4; j++) e += Math.hypot(out[2 * j]! - c[2 * j]!, out[2 * j + 1]! - c[2 * j + 1]!)
          lag.push(e / 4 / diagonal)
        }
      }
      flush()
      rows.push({
        noisePx,
        everyNthFrame: step,
        minCutoff,
        beta,
        lagP50: +median(lag).toFixed(5),
        lagP90: +p90(lag).toFixed(5),
        jitter: +median(jitter).toFixed(5),
      })
    }
  }
}
console.log(JSON.stringify(rows, null, 1))
