/**
 * Enter / leave animations of recognized content. gsap is imported lazily (keeps the initial
 * bundle small) and every tween lives in one `gsap.context()` per animator, reverted by
 * `dispose()`: whoever creates a tween kills it, as whoever creates a GPU or media resource
 * disposes it. Promises of tweens killed by `dispose()` resolve, so nobody awaits forever.
 */
import type { Material, Object3D } from 'three'

/** Pop-in: scale from nearly 0 with a slight overshoot (seconds). */
export const ENTER_DURATION_S = 0.6
/** Leave: quicker than the entrance, so a new target is not kept waiting (seconds). */
export const LEAVE_DURATION_S = 0.35
/** Not 0: a zero scale makes a singular matrix (NaN normals, warnings in some paths). */
const HIDDEN_SCALE = 0.001

export interface Animator {
  /** Pops `root` in (scale) and fades `materials` in to their current opacity, after `delayS` seconds (hidden until then). */
  enter(root: Object3D, materials?: readonly Material[], delayS?: number): Promise<void>
  /** Shrinks `root` out and fades `materials` to 0. */
  leave(root: Object3D, materials?: readonly Material[]): Promise<void>
  /** Kills and reverts every tween; pending promises resolve. */
  dispose(): void
}

export type AnimatorFactory = () => Promise<Animator>

type Gsap = typeof import('gsap').gsap

let gsapModule: Promise<Gsap> | null = null
function loadGsap(): Promise<Gsap> {
  gsapModule ??= import('gsap').then((m) => m.gsap)
  // A failed chunk load (offline) must not poison later attempts.
  gsapModule.catch(() => {
    gsapModule = null
  })
  return gsapModule
}

/** The visitor asked their system for less motion (read at each show: it can change mid-visit). */
export function prefersReducedMotion(win: Pick<Window, 'matchMedia'> | undefined = globalThis.window): boolean {
  return win?.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false
}

/**
 * The default animator: gsap, loaded on first use. With "reduce motion" on, or if gsap cannot
 * load, `createInstantAnimator()`: content appears and leaves without the pop-in's scale bounce.
 */
export async function createGsapAnimator(): Promise<Animator> {
  if (prefersReducedMotion()) return createInstantAnimator()
  let gsap: Gsap
  try {
    gsap = await loadGsap()
  } catch (error) {
    console.warn('animations: gsap failed to load, content appears without animation', error)
    return createInstantAnimator()
  }
  return new GsapAnimator(gsap)
}

class GsapAnimator implements Animator {
  readonly #gsap: Gsap
  readonly #context: gsap.Context
  readonly #pending = new Set<() => void>()
  #disposed = false

  constructor(gsap: Gsap) {
    this.#gsap = gsap
    this.#context = gsap.context(() => {})
  }

  enter(root: Object3D, materials: readonly Material[] = [], delayS = 0): Promise<void> {
    const targets = materials.map((m) => ({ material: m, opacity: m.opacity }))
    root.scale.setScalar(HIDDEN_SCALE)
    for (const t of targets) t.material.opacity = 0
    return this.#run((done) => {
      const timeline = this.#gsap.timeline({ onComplete: done, delay: delayS })
      timeline.to(root.scale, { x: 1, y: 1, z: 1, duration: ENTER_DURATION_S, ease: 'back.out(1.7)' }, 0)
      for (const t of targets) timeline.to(t.material, { opacity: t.opacity, duration: ENTER_DURATION_S * 0.6, ease: 'power1.out' }, 0)
    })
  }

  leave(root: Object3D, materials: readonly Material[] = []): Promise<void> {
    return this.#run((done) => {
      const timeline = this.#gsap.timeline({ onComplete: done })
      timeline.to(root.scale, { x: HIDDEN_SCALE, y: HIDDEN_SCALE, z: HIDDEN_SCALE, duration: LEAVE_DURATION_S, ease: 'power2.in' }, 0)
      for (const m of materials) timeline.to(m, { opacity: 0, duration: LEAVE_DURATION_S, ease: 'power1.in' }, 0)
    })
  }

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    this.#context.revert()
    for (const resolve of [...this.#pending]) resolve()
    this.#pending.clear()
  }

  #run(build: (done: () => void) => void): Promise<void> {
    if (this.#disposed) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const done = () => {
        this.#pending.delete(done)
        resolve()
      }
      this.#pending.add(done)
      this.#context.add(() => build(done))
    })
  }
}

/** No tweens: final state at once. For tests, reduced motion, or when gsap cannot load. */
export function createInstantAnimator(): Animator {
  return {
    enter(root) {
      root.scale.setScalar(1)
      return Promise.resolve()
    },
    leave(root, materials = []) {
      root.scale.setScalar(HIDDEN_SCALE)
      for (const m of materials) m.opacity = 0
      return Promise.resolve()
    },
    dispose() {},
  }
}
