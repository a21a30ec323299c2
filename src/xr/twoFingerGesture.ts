/**
 * Pinch to scale and two-finger twist to rotate, from touch events on the WebXR DOM overlay
 * (in an immersive session, the page only sees touches through the overlay). The math is a pure
 * function; the class only pairs the listeners and reports changes relative to the gesture start.
 */

export interface Point {
  x: number
  y: number
}

export interface GestureChange {
  /** Finger distance now / at the start (> 1: spread apart). */
  scale: number
  /** Change of the finger line's angle (radians, clockwise on screen is positive). */
  rotation: number
}

/** Scale and twist of the finger pair `now` relative to `start`. */
export function pinchTwist(start: readonly [Point, Point], now: readonly [Point, Point]): GestureChange {
  const d0 = Math.hypot(start[1].x - start[0].x, start[1].y - start[0].y)
  const d1 = Math.hypot(now[1].x - now[0].x, now[1].y - now[0].y)
  const a0 = Math.atan2(start[1].y - start[0].y, start[1].x - start[0].x)
  const a1 = Math.atan2(now[1].y - now[0].y, now[1].x - now[0].x)
  let rotation = a1 - a0
  // Keep the shortest turn, so crossing ±180° does not flip the model round.
  if (rotation > Math.PI) rotation -= 2 * Math.PI
  if (rotation < -Math.PI) rotation += 2 * Math.PI
  return { scale: d0 > 0 && d1 > 0 ? d1 / d0 : 1, rotation }
}

export interface TwoFingerGestureOptions {
  target: EventTarget
  /** A two-finger gesture began (true) or ended (false). */
  onActive(active: boolean): void
  /** Relative to the start of the current gesture. */
  onChange(change: GestureChange): void
}

interface TouchListLike {
  length: number
  [index: number]: { clientX: number; clientY: number }
}

export class TwoFingerGesture {
  #opts: TwoFingerGestureOptions
  #start: [Point, Point] | null = null
  #listening = false

  constructor(options: TwoFingerGestureOptions) {
    this.#opts = options
  }

  get active(): boolean {
    return this.#start !== null
  }

  start(): void {
    if (this.#listening) return
    this.#listening = true
    const t = this.#opts.target
    t.addEventListener('touchstart', this.#onTouch, { passive: true })
    t.addEventListener('touchmove', this.#onTouch, { passive: true })
    t.addEventListener('touchend', this.#onTouch, { passive: true })
    t.addEventListener('touchcancel', this.#onTouch, { passive: true })
  }

  stop(): void {
    if (!this.#listening) return
    this.#listening = false
    const t = this.#opts.target
    t.removeEventListener('touchstart', this.#onTouch)
    t.removeEventListener('touchmove', this.#onTouch)
    t.removeEventListener('touchend', this.#onTouch)
    t.removeEventListener('touchcancel', this.#onTouch)
    this.#end()
  }

  dispose(): void {
    this.stop()
  }

  #onTouch = (event: Event): void => {
    const touches = (event as Event & { touches?: TouchListLike }).touches
    if (!touches || touches.length < 2) {
      this.#end()
      return
    }
    const pair: [Point, Point] = [point(touches[0]!), point(touches[1]!)]
    if (!this.#start) {
      this.#start = pair
      this.#opts.onActive(true)
      return
    }
    this.#opts.onChange(pinchTwist(this.#start, pair))
  }

  #end(): void {
    if (!this.#start) return
    this.#start = null
    this.#opts.onActive(false)
  }
}

function point(touch: { clientX: number; clientY: number }): Point {
  return { x: touch.clientX, y: touch.clientY }
}
