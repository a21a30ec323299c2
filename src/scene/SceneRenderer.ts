/**
 * The WebGL side: renderer, perspective camera, lights for PBR content, and the render loop.
 * The loop runs only while started AND the page is visible AND the context is alive; it calls
 * per-frame callbacks with dt (seconds) and measures fps. A lost WebGL context is survived:
 * the loop stops, 'contextlost' is emitted, and on restore 'contextrestored' lets owners of
 * textures rebuild them before the loop resumes.
 */
import {
  DirectionalLight,
  HemisphereLight,
  PerspectiveCamera,
  Scene,
  SRGBColorSpace,
  NeutralToneMapping,
  WebGLRenderer,
  type WebGLRendererParameters,
} from 'three'
import { Emitter } from '../core/Emitter'

export type RenderStatus = 'stopped' | 'running' | 'paused' | 'context-lost'

export interface SceneRendererEvents {
  status: { status: RenderStatus }
  /** The drawing area changed size (CSS pixels). */
  resize: { width: number; height: number }
  contextlost: Record<string, never>
  contextrestored: Record<string, never>
}

export type FrameCallback = (dt: number, now: number) => void

export interface SceneRendererOptions {
  canvas: HTMLCanvasElement
  /** Upper bound for devicePixelRatio (config.maxPixelRatio): phones at 3x burn the battery. */
  maxPixelRatio: number
  document?: Document
  window?: Window
  /** @default `new WebGLRenderer(parameters)`; unit tests pass a fake (Node has no WebGL) */
  createRenderer?: (parameters: WebGLRendererParameters) => WebGLRenderer
}

/** Vertical field of view (degrees); close to a phone's main camera in portrait. */
const FOV_DEG = 60
/** Longest dt passed to callbacks (s): after a stall, animations jump less. */
const MAX_DT_S = 0.1
/** Below this effective pixel ratio the renderer uses MSAA. */
const MSAA_MAX_PIXEL_RATIO = 2
/** How often fps is recomputed (ms). */
const FPS_WINDOW_MS = 500

export class SceneRenderer extends Emitter<SceneRendererEvents> {
  readonly renderer: WebGLRenderer
  readonly scene = new Scene()
  readonly camera = new PerspectiveCamera(FOV_DEG, 1, 0.01, 100)
  readonly canvas: HTMLCanvasElement

  #doc: Document | undefined
  #win: Window | undefined
  #maxPixelRatio: number
  #callbacks = new Set<FrameCallback>()
  #status: RenderStatus = 'stopped'
  #started = false
  #contextLost = false
  #disposed = false
  #lastTime = -1
  #fps = 0
  #frames = 0
  #fpsSince = 0
  #width = 0
  #height = 0

  constructor(options: SceneRendererOptions) {
    super()
    this.canvas = options.canvas
    this.#doc = options.document ?? globalThis.document
    this.#win = options.window ?? globalThis.window
    this.#maxPixelRatio = options.maxPixelRatio
    const dpr = this.#win?.devicePixelRatio ?? 1
    const createRenderer = options.createRenderer ?? ((parameters) => new WebGLRenderer(parameters))
    this.renderer = createRenderer({
      canvas: this.canvas,
      // MSAA costs a lot of fill rate; at 2x+ density the edges are fine without it.
      antialias: Math.min(dpr, this.#maxPixelRatio) < MSAA_MAX_PIXEL_RATIO,
      alpha: false,
      // Lets tests and a future "take a photo" read pixels outside the frame callback.
      preserveDrawingBuffer: true,
      powerPreference: 'high-performance',
    })
    this.renderer.outputColorSpace = SRGBColorSpace
    this.renderer.toneMapping = NeutralToneMapping
    this.camera.position.set(0, 0, 0)

    const hemi = new HemisphereLight(0xffffff, 0x444455, 1.6)
    const sun = new DirectionalLight(0xffffff, 2.2)
    sun.position.set(0.6, 1.2, 1)
    this.scene.add(hemi, sun)

    // Context listeners live as long as the renderer: a context can be lost while stopped.
    this.canvas.addEventListener('webglcontextlost', this.#onContextLost)
    this.canvas.addEventListener('webglcontextrestored', this.#onContextRestored)
    this.resize()
  }

  get status(): RenderStatus {
    return this.#status
  }
  /** Frames per second over the last ~0.5 s (0 while not running). */
  get fps(): number {
    return this.#status === 'running' ? this.#fps : 0
  }
  get size(): { width: number; height: number } {
    return { width: this.#width, height: this.#height }
  }

  /** Registers a per-frame callback; returns its unsubscribe. */
  onFrame(callback: FrameCallback): () => void {
    this.#callbacks.add(callback)
    return () => this.#callbacks.delete(callback)
  }

  start(): void {
    if (this.#started || this.#disposed) return
    this.#started = true
    this.#win?.addEventListener('resize', this.#onResize)
    this.#win?.visualViewport?.addEventListener('resize', this.#onResize)
    this.#win?.addEventListener('orientationchange', this.#onResize)
    this.#doc?.addEventListener('visibilitychange', this.#onVisibility)
    this.resize()
    this.#updateLoop()
  }

  stop(): void {
    if (!this.#started) return
    this.#started = false
    this.#win?.removeEventListener('resize', this.#onResize)
    this.#win?.visualViewport?.removeEventListener('resize', this.#onResize)
    this.#win?.removeEventListener('orientationchange', this.#onResize)
    this.#doc?.removeEventListener('visibilitychange', this.#onVisibility)
    this.#updateLoop()
  }

  /**
   * Renders one frame at `width`×`height` device pixels (e.g. the camera's resolution for a
   * photo), hands the canvas to `read` while that frame is in it, then restores the screen size.
   * `read` must copy synchronously (canvas.toBlob and drawImage do). `beforeRender` gets the
   * temporary size so owners of view-dependent state (the background crop) can follow, and is
   * called again with the screen size afterwards.
   */
  renderAt(
    width: number,
    height: number,
    read: (canvas: HTMLCanvasElement) => void,
    viewChanged?: (width: number, height: number) => void,
  ): void {
    if (this.#contextLost || this.#disposed) throw new Error('SceneRenderer: no WebGL context to render a snapshot')
    const ratio = this.renderer.getPixelRatio()
    const aspect = this.camera.aspect
    try {
      this.renderer.setPixelRatio(1)
      this.renderer.setSize(width, height, false)
      this.camera.aspect = width / height
      this.camera.updateProjectionMatrix()
      viewChanged?.(width, height)
      for (const callback of [...this.#callbacks]) callback(0, performance.now())
      this.renderer.render(this.scene, this.camera)
      read(this.canvas)
    } finally {
      this.renderer.setPixelRatio(ratio)
      this.renderer.setSize(this.#width, this.#height, false)
      this.camera.aspect = aspect
      this.camera.updateProjectionMatrix()
      viewChanged?.(this.#width, this.#height)
      this.renderer.render(this.scene, this.camera)
    }
  }

  /** Matches the canvas to its CSS box (or the window) and the camera's aspect to it. */
  resize(): void {
    if (this.#disposed) return
    const rect = this.canvas.getBoundingClientRect?.()
    const width = Math.max(1, Math.round(rect?.width || this.#win?.innerWidth || 1))
    const height = Math.max(1, Math.round(rect?.height || this.#win?.innerHeight || 1))
    const ratio = Math.min(this.#win?.devicePixelRatio ?? 1, this.#maxPixelRatio)
    if (width === this.#width && height === this.#height && ratio === this.renderer.getPixelRatio()) return
    this.#width = width
    this.#height = height
    this.renderer.setPixelRatio(ratio)
    this.renderer.setSize(width, height, false)
    this.camera.aspect = width / height
    this.camera.updateProjectionMatrix()
    this.emit('resize', { width, height })
  }

  setMaxPixelRatio(max: number): void {
    this.#maxPixelRatio = max
    this.resize()
  }

  dispose(): void {
    if (this.#disposed) return
    this.stop()
    this.#disposed = true
    this.canvas.removeEventListener('webglcontextlost', this.#onContextLost)
    this.canvas.removeEventListener('webglcontextrestored', this.#onContextRestored)
    this.#callbacks.clear()
    this.renderer.setAnimationLoop(null)
    this.renderer.dispose()
    this.removeAllListeners()
  }

  /** Runs the loop iff started, visible and the context is alive; reflects that as status. */
  #updateLoop(): void {
    const visible = this.#doc?.visibilityState !== 'hidden'
    const run = this.#started && visible && !this.#contextLost && !this.#disposed
    const status: RenderStatus = this.#contextLost ? 'context-lost' : !this.#started ? 'stopped' : run ? 'running' : 'paused'
    if (run && this.#status !== 'running') {
      this.#lastTime = -1
      this.#frames = 0
      this.#fpsSince = 0
      this.renderer.setAnimationLoop(this.#frame)
    } else if (!run) {
      this.renderer.setAnimationLoop(null)
    }
    if (status !== this.#status) {
      this.#status = status
      this.emit('status', { status })
    }
  }

  #frame = (now: number): void => {
    const dt = this.#lastTime < 0 ? 0 : Math.min(MAX_DT_S, (now - this.#lastTime) / 1000)
    this.#lastTime = now
    this.#frames++
    if (this.#fpsSince === 0) this.#fpsSince = now
    else if (now - this.#fpsSince >= FPS_WINDOW_MS) {
      this.#fps = (this.#frames * 1000) / (now - this.#fpsSince)
      this.#frames = 0
      this.#fpsSince = now
    }
    for (const callback of [...this.#callbacks]) {
      try {
        callback(dt, now)
      } catch (error) {
        // One broken callback must not freeze the camera preview.
        console.error('SceneRenderer: frame callback failed', error)
      }
    }
    this.renderer.render(this.scene, this.camera)
  }

  #onResize = (): void => this.resize()
  #onVisibility = (): void => this.#updateLoop()

  #onContextLost = (event: Event): void => {
    event.preventDefault() // tells the browser we want the context back
    this.#contextLost = true
    this.#updateLoop()
    this.emit('contextlost', {})
  }

  #onContextRestored = (): void => {
    this.#contextLost = false
    this.emit('contextrestored', {})
    this.#updateLoop()
  }
}
