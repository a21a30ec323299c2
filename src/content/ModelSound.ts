/**
 * A model's sound (meta `audio`): a PositionalAudio on the model, so it comes from where the model
 * is (left/right as the phone turns, quieter in a WebXR room when walking away).
 *
 * The AudioContext belongs to the app (created on the "Tap to start" tap, which unlocks it); this
 * class owns only its audio node. `setOn(true)` outside a gesture may find the context suspended
 * (the browser refused): it then says so (`false`) instead of playing silence.
 */
import { AudioContext as ThreeAudioContext, AudioListener, PositionalAudio, type Object3D } from 'three'

/** How long to wait for `resume()`: a refused one never settles (it waits for a gesture). */
const RESUME_WAIT_MS = 300

/** Fetches and decodes a sound; abortable like a model load. */
export async function loadSoundBuffer(context: BaseAudioContext, url: string, signal: AbortSignal): Promise<AudioBuffer> {
  const response = await fetch(url, { signal, credentials: 'omit' })
  if (!response.ok) throw new Error(`ModelSound: HTTP ${response.status} for ${url}`)
  const bytes = await response.arrayBuffer()
  signal.throwIfAborted()
  return context.decodeAudioData(bytes)
}

/** One listener per camera (three's audio graph hangs off it); created on the first model with sound. */
export function createListener(context: AudioContext, camera: Object3D): AudioListener {
  // three reads its shared context when the listener is built: make it the app's unlocked one.
  ThreeAudioContext.setContext(context)
  const listener = new AudioListener()
  listener.name = 'content:audio-listener'
  camera.add(listener)
  return listener
}

export class ModelSound {
  readonly #audio: PositionalAudio
  #disposed = false

  constructor(listener: AudioListener, buffer: AudioBuffer, parent: Object3D, loop: boolean) {
    const audio = new PositionalAudio(listener)
    audio.name = 'content:model-sound'
    audio.setBuffer(buffer)
    audio.setLoop(loop)
    // Arm's-length content: full volume at the 1.5 m it is shown at, gentle fall-off beyond.
    audio.setRefDistance(1.5)
    audio.setRolloffFactor(0.6)
    parent.add(audio)
    this.#audio = audio
  }

  /** Starts or stops the sound. Resolves false when the browser keeps audio locked (no gesture). */
  async setOn(on: boolean): Promise<boolean> {
    if (this.#disposed) return false
    const audio = this.#audio
    if (!on) {
      if (audio.isPlaying) audio.pause()
      return true
    }
    const context = audio.context
    if (context.state !== 'running') {
      await Promise.race([context.resume().catch(() => {}), new Promise((resolve) => setTimeout(resolve, RESUME_WAIT_MS))])
    }
    if (this.#disposed || context.state !== 'running') return false
    if (!audio.isPlaying) audio.play()
    return true
  }

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    const audio = this.#audio
    if (audio.isPlaying) audio.stop()
    // Unhook every node from the listener's graph now (the context outlives this content).
    if (audio.source) audio.disconnect()
    audio.getOutput().disconnect()
    audio.removeFromParent()
  }
}
