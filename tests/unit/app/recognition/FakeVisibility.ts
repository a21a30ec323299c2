import type { VisibilitySource } from '../../../../src/recognition/RecognitionController'

/** A page-visibility source the test flips by hand. */
export class FakeVisibility implements VisibilitySource {
  hidden = false
  readonly listeners = new Set<() => void>()
  addEventListener(_: 'visibilitychange', l: () => void) {
    this.listeners.add(l)
  }
  removeEventListener(_: 'visibilitychange', l: () => void) {
    this.listeners.delete(l)
  }
  set(hidden: boolean) {
    this.hidden = hidden
    for (const l of [...this.listeners]) l()
  }
}
