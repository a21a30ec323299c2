/**
 * A tiny typed event emitter: `on()` returns its own unsubscribe function (zustand style), and
 * listeners are copied before dispatch so one may remove itself mid-emit (three's EventDispatcher).
 */
export type Listener<T> = (payload: T) => void

export class Emitter<Events extends object> {
  #listeners = new Map<keyof Events, Set<Listener<never>>>()

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
    for (const listener of [...set]) (listener as Listener<Events[K]>)(payload)
  }

  protected removeAllListeners(): void {
    this.#listeners.clear()
  }
}
