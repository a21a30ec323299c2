/**
 * A typed event dispatcher with three's `addEventListener/removeEventListener` shape, plus
 * `on()` returning its own unsubscribe (zustand style).
 *
 * Why not three's `EventDispatcher`: its `dispatchEvent` overwrites `event.target` with the
 * dispatcher, and our `hit` event carries the CRS `target`. Listeners are copied before each
 * dispatch, so a listener may remove itself mid-dispatch (as in three).
 */
export type EventOf<M, K extends keyof M> = { readonly type: K } & M[K]

/** Bivariant listener parameter (like DOM `EventListener`), so narrower listener types are accepted. */
export type Listener<E> = { bivarianceHack(event: E): void }['bivarianceHack']

export class TypedEvents<M extends object> {
  readonly #listeners = new Map<keyof M, Set<Listener<never>>>()

  addEventListener<K extends keyof M & string>(type: K, listener: Listener<EventOf<M, K>>): void {
    let set = this.#listeners.get(type)
    if (!set) this.#listeners.set(type, (set = new Set()))
    set.add(listener as Listener<never>)
  }

  removeEventListener<K extends keyof M & string>(type: K, listener: Listener<EventOf<M, K>>): void {
    this.#listeners.get(type)?.delete(listener as Listener<never>)
  }

  hasEventListener<K extends keyof M & string>(type: K, listener: Listener<EventOf<M, K>>): boolean {
    return this.#listeners.get(type)?.has(listener as Listener<never>) ?? false
  }

  /** Adds a listener and returns the function that removes it. */
  on<K extends keyof M & string>(type: K, listener: Listener<EventOf<M, K>>): () => void {
    this.addEventListener(type, listener)
    return () => this.removeEventListener(type, listener)
  }

  protected dispatchEvent<K extends keyof M & string>(event: EventOf<M, K>): void {
    const set = this.#listeners.get(event.type)
    if (!set) return
    for (const listener of [...set]) (listener as Listener<EventOf<M, K>>)(event)
  }

  /** For `dispose()`: drop every listener. */
  protected removeAllListeners(): void {
    this.#listeners.clear()
  }
}
