/**
 * The One-Euro filter (Casiez, Roussel & Vogel, CHI 2012): a low-pass whose cutoff rises with
 * speed. Still, it smooths hard (no jitter); moving, it lets the signal through (little lag).
 * One instance filters a vector of values that move together, such as the 8 corner coordinates.
 *
 * Settings used for the print's corners (units of the frame's longer side, time in seconds),
 * chosen with `npm run bench:tracking-filter` (a noise model on the benchmark's moves, not the
 * benchmark clips). With 0.15–0.5 px of tracker noise at 640 px they keep moving corners within
 * 0.3–0.4 % of the print's diagonal of the truth (median) and the still jitter at 0.03–0.12 %
 * (the bar: 0.2 %); the paper's gentler 1.2 Hz / β 12 lags 0.8–1.0 % behind, and sharper
 * settings (β 200+) lag 0.1–0.2 % but let 0.15 % of jitter through.
 * - `minCutoff` 1.5 Hz: at rest, noise is averaged over ~0.1 s;
 * - `beta` 60: at 2 % of the frame per second the cutoff is already 2.7 Hz;
 * - `dCutoff` 1 Hz for the speed estimate, the paper's default.
 */
export interface OneEuroSettings {
  minCutoff: number
  beta: number
  dCutoff: number
}

export const CORNER_FILTER: OneEuroSettings = { minCutoff: 1.5, beta: 60, dCutoff: 1 }

export class OneEuroFilter {
  readonly settings: OneEuroSettings
  #x: Float64Array | null = null
  #dx: Float64Array | null = null
  #t = 0

  constructor(settings: OneEuroSettings = CORNER_FILTER) {
    this.settings = settings
  }

  reset(): void {
    this.#x = null
    this.#dx = null
  }

  /** Filters `values` observed at `timeS` (seconds); returns the smoothed copy. */
  filter(values: ArrayLike<number>, timeS: number): Float64Array {
    const n = values.length
    if (!this.#x || this.#x.length !== n || !(timeS > this.#t)) {
      // First sample (or time went backwards): start from it.
      const fresh = this.#x?.length === n && timeS === this.#t ? this.#x : Float64Array.from(values)
      this.#x = fresh
      this.#dx ??= new Float64Array(n)
      if (this.#dx.length !== n) this.#dx = new Float64Array(n)
      this.#t = timeS
      return Float64Array.from(fresh)
    }
    const dt = timeS - this.#t
    this.#t = timeS
    const { minCutoff, beta, dCutoff } = this.settings
    const aD = alpha(dCutoff, dt)
    // One cutoff for the whole vector (from its fastest-moving component): corners stay coherent.
    let speed = 0
    const dx = this.#dx!
    for (let i = 0; i < n; i++) {
      const raw = (values[i]! - this.#x[i]!) / dt
      dx[i] = dx[i]! + aD * (raw - dx[i]!)
      speed = Math.max(speed, Math.abs(dx[i]!))
    }
    const a = alpha(minCutoff + beta * speed, dt)
    for (let i = 0; i < n; i++) this.#x[i] = this.#x[i]! + a * (values[i]! - this.#x[i]!)
    return Float64Array.from(this.#x)
  }

  /** The filtered speed of each value (units per second), for prediction. */
  get velocity(): Float64Array | null {
    return this.#dx ? Float64Array.from(this.#dx) : null
  }
}

function alpha(cutoff: number, dt: number): number {
  const tau = 1 / (2 * Math.PI * cutoff)
  return 1 / (1 + tau / dt)
}
