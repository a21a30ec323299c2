/**
 * The app's one typed event style: `on()` returns its own unsubscribe function (zustand's
 * `subscribe`), `emit()` is protected (only the owner speaks), and listeners are copied before
 * dispatch so one may remove itself mid-emit (three's `EventDispatcher`).
 *
 * Payloads are plain objects without a `type` or `target` field: three's `dispatchEvent`
 * overwrites `event.target`, and recognition's `hit` event carries the CRS `target`.
 *
 * @example
 * class Camera extends Emitter<{ status: { status: CameraStatus } }> {
 *   #setStatus(status: CameraStatus) { this.emit('status', { status }) }
 * }
 * const off = camera.on('status', ({ status }) => overlay.set({ camera: status }))
 * off()
 */
export type Listener<T> = (payload: T) => void

export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>()

  /** Adds a listener and returns the function that removes it. */
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(type)
    if (!set) this.#listeners.set(type, (set = new Set()))
    set.add(listener as Listener<never>)
    return () => this.off(type, listener)
  }

  off<K extends keyof Events>(type: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(type)?.delete(listener as Listener<never>)
  }

  protected emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    const set = this.#listeners.get(type)
    if (!set) return
    // Make a copy, in case listeners are removed while iterating.
    for (const listener of [...set]) (listener as Listener<Events[K]>)(payload)
  }

  /** For `dispose()`: drops every listener. */
  protected removeAllListeners(): void {
    this.#listeners.clear()
  }
}
