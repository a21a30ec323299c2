/**
 * The visit's AudioContext. The start tap is the visitor's first gesture: an AudioContext
 * created and resumed inside it is allowed to play for the rest of the visit (iOS and Chrome
 * alike), so model sounds (src/content/ModelSound.ts) play through this one. Without a gesture
 * (or where the browser still refuses) it stays suspended and sounds report "blocked".
 */
type AudioWindow = Window & { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext }

export class AudioUnlock {
  readonly #window: AudioWindow
  #context: AudioContext | null = null

  constructor(window: Window) {
    this.#window = window
  }

  /** The unlocked context; null before the tap, or without Web Audio. */
  get context(): AudioContext | null {
    return this.#context
  }

  /** Call inside the start tap. Idempotent. */
  unlock(): void {
    const Context = this.#window.AudioContext ?? this.#window.webkitAudioContext
    if (!Context || this.#context) return
    try {
      const context = new Context()
      this.#context = context
      void context.resume().catch(() => {})
    } catch (error) {
      console.warn('AudioUnlock: no Web Audio; models play without sound', error)
    }
  }

  dispose(): void {
    void this.#context?.close().catch(() => {})
    this.#context = null
  }
}
