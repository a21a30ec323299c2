/**
 * The hit → meta → content step. A recognized target (or meta pasted into the debug panel or
 * `printAR.showMeta`) is decoded by the lazy meta decoder; a valid description is shown by the
 * content manager, itself built on first use (its GLTFLoader, decoders and gsap stay out of the
 * entry chunk). Invalid meta stops on a message naming the target instead of re-scanning: the
 * same print would hit again every second, and each search is billed.
 *
 * It owns what the page says about content (`state`, emitted as 'change'; the overlay renders
 * it). Stale results never land: every hit, showMeta and clear bumps the decode generation (a
 * meta decoded late is dropped), every show and clear the show generation (a content load that
 * finishes late is dropped).
 *
 * Events:
 * - `change` `{state}`: after every change of `state`
 * - `show` `{shown}`: new content was chosen and starts loading; what was shown is replaced
 * - `shown` `{shown}`: the content is on screen
 * - `clear` `{}`: the content is gone (scan again, a new photo, unreadable meta)
 */
import { safeHttpUrl } from '../core/capabilities'
import { Emitter } from '../core/Emitter'
import type { ContentStatus, SoundState } from '../core/status'
import type { ContentManager, ContentManagerDeps } from '../content/ContentManager'
import type { ContentAction, ContentDescription, ContentType, MetaResult } from '../protocol/meta'
import type { CrsTarget } from '../protocol/types'
import { loadMeta as loadMetaChunk, type MetaDecoder } from './loadMeta'

export interface ShowState {
  content: ContentStatus
  contentType: ContentType | null
  targetName: string | null
  contentTitle: string | null
  /** Plain text under the title (meta `caption`), or null. */
  contentCaption: string | null
  /** Already validated http(s) URL, or null. */
  contentLink: string | null
  /** Calls to action (meta `actions`, validated), or null. */
  contentActions: readonly ContentAction[] | null
  contentError: string | null
  /** The recognized target's meta could not be decoded. */
  metaError: { target: string; reason: string } | null
  /** 0–1 while content loads. */
  progress: number | null
  /** The shown content's sound (null: it has none); the sound button follows it. */
  sound: SoundState | null
  /** The content's video refused to play without a tap. */
  needsGesture: boolean
}

export const INITIAL_SHOW_STATE: Readonly<ShowState> = {
  content: 'none',
  contentType: null,
  targetName: null,
  contentTitle: null,
  contentCaption: null,
  contentLink: null,
  contentActions: null,
  contentError: null,
  metaError: null,
  progress: null,
  sound: null,
  needsGesture: false,
}

/** What is (being) shown, and the CRS target it came from (null for pasted meta). */
export interface ShownContent {
  description: ContentDescription
  target: CrsTarget | null
}

/** Read-only view of the shown content, for `printAR.content()` and tests. */
export interface ContentSnapshot {
  status: ContentStatus
  type: ContentType | null
  targetName: string | null
  title: string | null
  caption: string | null
  link: string | null
  /** The shown content's sound (`data-audio`); null when it has none. */
  sound: SoundState | null
  /** The calls to action on screen (validated). */
  actions: readonly ContentAction[]
  error: string | null
  /** Live playback facts (absent until content has been loaded once). */
  visible: boolean
  animationTime: number
  videoTime: number
  /** Pieces on screen (meta `items`); 1 for a single model or video. */
  pieces: number
  /** The content's entrance animation has finished (tests wait for it before looking at pixels). */
  entered: boolean
  /** Whether the video plays muted (present once the content manager is loaded). */
  muted?: boolean
}

export interface ShowPipelineEvents {
  change: { state: Readonly<ShowState> }
  show: { shown: ShownContent }
  shown: { shown: ShownContent }
  clear: Record<string, never>
}

export interface ShowPipelineOptions {
  /** Base for relative content URLs (`document.baseURI`). */
  baseUrl: string
  /** The scene content is shown in; null while there is none (before the start tap, or no WebGL). */
  scene: () => Pick<ContentManagerDeps, 'scene' | 'camera' | 'renderer'> | null
  /** The AudioContext the start tap unlocked (model sounds play through it). @default () => null */
  audioContext?: () => AudioContext | null
  /** @default a ContentManager from the lazy content chunk */
  createContent?: (deps: ContentManagerDeps) => Promise<ContentManager>
  /** @default the lazy meta decoder chunk (src/show/loadMeta.ts) */
  loadMeta?: () => Promise<MetaDecoder>
  /** Message when content cannot be shown for lack of WebGL (the overlay's words). */
  noWebglMessage: string
  /** The visitor's languages, best first: which of a meta's per-language texts to show. @default [] (English) */
  languages?: readonly string[]
}

async function createContentManager(deps: ContentManagerDeps): Promise<ContentManager> {
  const { ContentManager } = await import('../content/ContentManager')
  return new ContentManager(deps)
}

export class ShowPipeline extends Emitter<ShowPipelineEvents> {
  readonly #opts: ShowPipelineOptions
  readonly #loadMeta: () => Promise<MetaDecoder>
  readonly #createContent: (deps: ContentManagerDeps) => Promise<ContentManager>
  #state: ShowState = { ...INITIAL_SHOW_STATE }
  #content: ContentManager | null = null
  #contentLoading: Promise<ContentManager | null> | null = null
  #offContent: Array<() => void> = []
  #shown: ShownContent | null = null
  /** Bumped by every show/clear: a content load that finishes late is dropped. */
  #showGeneration = 0
  /** Bumped by every hit, showMeta and clear: a meta decoded late (decoder chunk) is dropped. */
  #decodeGeneration = 0
  #disposed = false

  constructor(options: ShowPipelineOptions) {
    super()
    this.#opts = options
    this.#loadMeta = options.loadMeta ?? loadMetaChunk
    this.#createContent = options.createContent ?? createContentManager
  }

  get state(): Readonly<ShowState> {
    return this.#state
  }
  /** The content on screen or loading, with its target; null when none. */
  get shown(): ShownContent | null {
    return this.#shown
  }
  /** The content manager once built (the first show, or `warm()`); null before. */
  get content(): ContentManager | null {
    return this.#content
  }

  /** A recognized target: decode its meta and show it. */
  showTarget(target: CrsTarget): void {
    const name = target.name?.trim() || target.targetId
    const generation = ++this.#decodeGeneration
    const stale = () => generation !== this.#decodeGeneration || this.#disposed
    this.#loadMeta().then(
      ({ decodeMeta }) => {
        if (stale()) return
        this.#handleDecoded(name, decodeMeta(target.meta, { baseUrl: this.#opts.baseUrl, languages: this.#opts.languages }), target)
      },
      (error: unknown) => {
        if (stale()) return
        console.warn('ShowPipeline: the meta decoder failed to load', error)
        this.#set({ targetName: name, content: 'error', contentError: String(error) })
      },
    )
  }

  /**
   * Shows content for a target meta string (base64, a URL, or JSON text) or object, exactly as a
   * hit would. Returns the decode result so callers (debug panel, tests) can report errors.
   */
  async showMeta(meta: string | object, targetName = 'pasted meta'): Promise<MetaResult> {
    const generation = ++this.#decodeGeneration
    const { decodeMeta, encodeMeta } = await this.#loadMeta()
    const raw = typeof meta === 'string' ? meta.trim() : JSON.stringify(meta)
    // JSON text is not valid meta on the wire (meta is base64); encode it the way CRS stores it.
    const wire = raw.startsWith('{') ? encodeMeta(raw) : raw
    const result = decodeMeta(wire, { baseUrl: this.#opts.baseUrl, languages: this.#opts.languages })
    if (generation === this.#decodeGeneration && !this.#disposed) this.#handleDecoded(targetName, result, null)
    return result
  }

  /** Forgets the content (and an unreadable-meta message): the screen is back to scanning. */
  clear(): void {
    this.#showGeneration++
    this.#decodeGeneration++
    this.#shown = null
    this.emit('clear', {})
    this.#content?.clear()
    this.#set({ ...INITIAL_SHOW_STATE })
  }

  /** Fetches the content and meta chunks ahead of the first hit (while the visitor aims). */
  warm(): void {
    void this.#ensureContent()
    void this.#loadMeta().catch(() => {})
  }

  /** Plays the content after a refused autoplay; call from the tap. */
  play(): void {
    if (!this.#state.needsGesture) return
    this.#set({ needsGesture: false })
    void this.#content?.play()
  }

  /** Plays the content again from the start (a "replay" call to action). */
  replay(): void {
    this.#content?.replay()
  }

  /** The sound button; call from the tap. */
  toggleSound(): void {
    void this.#content?.toggleSound()
  }

  /** Per rendered frame. */
  update(dt: number): void {
    this.#content?.update(dt)
  }

  snapshot(): ContentSnapshot {
    const s = this.#state
    const info = this.#content?.info()
    return {
      status: s.content,
      type: s.contentType,
      targetName: s.targetName,
      title: s.contentTitle,
      caption: s.contentCaption,
      link: s.contentLink,
      sound: s.content === 'shown' ? s.sound : null,
      actions: s.contentActions ?? [],
      error: s.metaError ? s.metaError.reason : s.contentError,
      visible: info?.visible ?? false,
      animationTime: info?.animationTime ?? 0,
      videoTime: info?.videoTime ?? 0,
      pieces: info?.pieces ?? 0,
      entered: info?.entered ?? false,
      ...(info ? { muted: info.muted } : {}),
    }
  }

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    this.#showGeneration++
    this.#decodeGeneration++
    for (const off of this.#offContent.splice(0)) off()
    this.#content?.dispose()
    this.#content = null
    this.#shown = null
    this.removeAllListeners()
  }

  #handleDecoded(targetName: string, result: MetaResult, target: CrsTarget | null): void {
    if (!result.ok) {
      this.clear()
      this.#set({ targetName, content: 'error', metaError: { target: targetName, reason: result.error.message } })
      return
    }
    void this.#show(targetName, { description: result.value, target })
  }

  async #show(targetName: string, shown: ShownContent): Promise<void> {
    const generation = ++this.#showGeneration
    const { description } = shown
    this.#shown = shown
    this.emit('show', { shown })
    this.#set({
      metaError: null,
      targetName,
      contentType: description.type,
      contentTitle: description.title ?? null,
      contentCaption: description.caption ?? null,
      contentLink: safeHttpUrl(description.link),
      contentActions: description.actions ?? null,
      contentError: null,
      content: 'loading',
      progress: 0,
      needsGesture: false,
      sound: null,
    })
    const content = await this.#ensureContent()
    if (generation !== this.#showGeneration) return
    if (!content) {
      this.#set({ content: 'error', contentError: this.#opts.noWebglMessage })
      return
    }
    try {
      await content.show(description)
    } catch (error) {
      if (generation !== this.#showGeneration) return
      const reason = error instanceof Error ? error.message : String(error)
      this.#set({ content: 'error', contentError: reason, progress: null })
    }
  }

  #ensureContent(): Promise<ContentManager | null> {
    if (this.#content) return Promise.resolve(this.#content)
    const scene = this.#opts.scene()
    if (!scene || this.#disposed) return Promise.resolve(null)
    this.#contentLoading ??= this.#createContent({
      ...scene,
      // The SceneRenderer already lights the scene; a second rig would double the light.
      lights: false,
      audioContext: this.#opts.audioContext ?? (() => null),
    })
      .then((content) => {
        if (this.#disposed) {
          content.dispose()
          return null
        }
        this.#content = content
        this.#offContent.push(
          content.on('status', ({ status, message }) => this.#onContentStatus(status, message)),
          content.on('progress', ({ progress }) => this.#set({ progress })),
          content.on('needs-gesture', ({ needsGesture }) => this.#set({ needsGesture })),
          content.on('sound', ({ state }) => this.#set({ sound: state })),
        )
        return content
      })
      .catch((error: unknown) => {
        console.error('ShowPipeline: the content module failed to load', error)
        this.#contentLoading = null
        return null
      })
    return this.#contentLoading
  }

  #onContentStatus(status: ContentStatus, message: string): void {
    // Clearing old content must not hide the "can't read this target's content" error.
    if (status === 'none' && this.#state.metaError) return
    const patch: Partial<ShowState> = { content: status }
    if (status === 'error') {
      patch.contentError = message || null
      console.warn('ShowPipeline: content failed:', message)
    }
    if (status !== 'loading') patch.progress = null
    if (status === 'none') patch.sound = null
    this.#set(patch)
    if (status === 'shown' && this.#shown) this.emit('shown', { shown: this.#shown })
  }

  #set(patch: Partial<ShowState>): void {
    if (this.#disposed) return
    let changed = false
    for (const key of Object.keys(patch) as (keyof ShowState)[]) if (this.#state[key] !== patch[key]) changed = true
    if (!changed) return
    this.#state = { ...this.#state, ...patch }
    this.emit('change', { state: this.#state })
  }
}
