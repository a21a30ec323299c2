/**
 * No usable camera: a photo the visitor chooses becomes the background and goes through the same
 * recognition as a camera frame (re-encoded the same way); a hit shows its content over the
 * photo. It owns the photo's canvas and frees it when a newer photo or the camera replaces it.
 * A newer photo cancels an older one's search; a search answered after that never lands.
 *
 * Events: `change` `{state}`; `flash`; `searching` (a new photo: what was shown goes); `searched`
 * `{outcome}` (the recognizer's answer for the current photo).
 */
import type { AppConfig } from '../core/config'
import { Emitter } from '../core/Emitter'
import type { CameraStatus, Flash } from '../core/status'
import type { SearchOutcome } from '../protocol/searchOutcome'
import type { CameraBackground } from '../scene/CameraBackground'
import { loadPhoto, releasePhoto, type PhotoSource } from './loadPhoto'
import { searchPhoto } from './searchPhoto'

/**
 * Where the chosen photo is (mirrored as `data-photo`); null while no photo was chosen. `quota`:
 * the recognition service refused it for the day's quota (HTTP 402 + statusCode 21), which
 * another try today cannot change — the camera path's answer too.
 */
export type PhotoStatus = 'searching' | 'shown' | 'no-match' | 'quota' | 'error'

export interface PhotoFallbackState {
  /** A chosen photo can be recognized instead of the camera. */
  canChoosePhoto: boolean
  photo: PhotoStatus | null
}

export interface PhotoFallbackEvents {
  change: { state: Readonly<PhotoFallbackState> }
  flash: Flash
  searching: Record<string, never>
  searched: { outcome: SearchOutcome }
}

export interface PhotoFallbackOptions {
  document: Document
  config: AppConfig
  /** @default searchPhoto (the camera frames' capture and client) */
  search?: (photo: PhotoSource, config: AppConfig, signal?: AbortSignal) => Promise<SearchOutcome>
  /** @default loadPhoto (decoded upright into a canvas; unit tests pass a fake) */
  load?: (file: Blob, doc: Document) => Promise<PhotoSource>
}

function photoStatus(outcome: SearchOutcome): PhotoStatus {
  if (outcome.kind === 'hit') return 'shown'
  if (outcome.kind === 'miss') return 'no-match'
  return outcome.kind === 'throttled' && outcome.scope === 'quota' ? 'quota' : 'error'
}

export class PhotoFallback extends Emitter<PhotoFallbackEvents> {
  readonly #opts: PhotoFallbackOptions
  readonly #search: NonNullable<PhotoFallbackOptions['search']>
  readonly #load: NonNullable<PhotoFallbackOptions['load']>
  #state: PhotoFallbackState = { canChoosePhoto: true, photo: null }
  /** The chosen photo shown as the background; owned here. */
  #photo: PhotoSource | null = null
  #searching: AbortController | null = null
  #disposed = false

  constructor(options: PhotoFallbackOptions) {
    super()
    this.#opts = options
    this.#search = options.search ?? searchPhoto
    this.#load = options.load ?? loadPhoto
  }

  get state(): Readonly<PhotoFallbackState> {
    return this.#state
  }

  /** Shows `file` as the background (when there is one) and searches it. */
  async use(file: Blob, background: CameraBackground | null): Promise<void> {
    if (this.#disposed) return
    this.#searching?.abort()
    const abort = new AbortController()
    this.#searching = abort
    this.emit('searching', {})
    this.#set({ photo: 'searching' })
    let photo: PhotoSource
    try {
      photo = await this.#load(file, this.#opts.document)
    } catch (error) {
      if (abort.signal.aborted) return
      console.warn('PhotoFallback: the photo could not be read', error)
      this.#set({ photo: 'error' })
      this.emit('flash', { kind: 'photo-unreadable' })
      return
    }
    if (abort.signal.aborted || this.#disposed) {
      releasePhoto(photo)
      return
    }
    const previous = this.#photo
    this.#photo = photo
    background?.showImage(photo)
    if (previous) releasePhoto(previous)
    let outcome: SearchOutcome
    try {
      outcome = await this.#search(photo, this.#opts.config, abort.signal)
    } catch (error) {
      outcome = { kind: 'retryable', reason: String(error) }
    }
    if (abort.signal.aborted || this.#disposed) return
    this.#searching = null
    if (outcome.kind !== 'hit' && outcome.kind !== 'miss') console.warn('PhotoFallback: photo search failed:', outcome)
    this.#set({ photo: photoStatus(outcome) })
    this.emit('searched', { outcome })
  }

  /**
   * The camera's news. Live again (e.g. "Try again" after allowing it): it replaces the chosen
   * photo. Unusable: a chosen photo stays the background; without one the background goes blank.
   */
  followCamera(status: CameraStatus, background: CameraBackground | null): void {
    if (status === 'live') this.#release()
    else if (status !== 'paused' && status !== 'starting' && !this.#photo) background?.detach()
  }

  #release(): void {
    if (!this.#photo) return
    this.#searching?.abort()
    releasePhoto(this.#photo)
    this.#photo = null
    this.#set({ photo: null })
  }

  dispose(): void {
    if (this.#disposed) return
    this.#searching?.abort()
    if (this.#photo) releasePhoto(this.#photo)
    this.#photo = null
    this.#disposed = true
    this.removeAllListeners()
  }

  #set(patch: Partial<PhotoFallbackState>): void {
    if (this.#disposed) return
    this.#state = { ...this.#state, ...patch }
    this.emit('change', { state: this.#state })
  }
}
