/** Plain-object fakes for the scene's unit tests: Node has no WebGL, canvas or window. */
import type { WebGLRenderer, WebGLRendererParameters } from 'three'

/** The slice of WebGLRenderer that SceneRenderer drives, recording what it was asked. */
export class FakeRenderer {
  readonly parameters: WebGLRendererParameters
  pixelRatio = 1
  size: [number, number] = [0, 0]
  loop: ((now: number) => void) | null = null
  renders: Array<{ size: [number, number]; pixelRatio: number }> = []
  disposed = false
  outputColorSpace = ''
  toneMapping = 0
  info = { memory: { geometries: 0, textures: 0 } }

  constructor(parameters: WebGLRendererParameters) {
    this.parameters = parameters
  }
  setPixelRatio(ratio: number): void {
    this.pixelRatio = ratio
  }
  getPixelRatio(): number {
    return this.pixelRatio
  }
  setSize(width: number, height: number): void {
    this.size = [width, height]
  }
  setAnimationLoop(callback: ((now: number) => void) | null): void {
    this.loop = callback
  }
  render(): void {
    this.renders.push({ size: [...this.size], pixelRatio: this.pixelRatio })
  }
  dispose(): void {
    this.disposed = true
  }
  /** Runs one animation frame at `now` (ms), as the browser would. */
  tick(now: number): void {
    this.loop?.(now)
  }
}

export class FakeCanvas extends EventTarget {
  width = 300
  height = 150
  box = { width: 400, height: 800 }
  getBoundingClientRect() {
    return { ...this.box }
  }
  /** Counts listeners, to check they come and go in pairs. */
  listeners = new Map<string, number>()
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    this.listeners.set(type, (this.listeners.get(type) ?? 0) + 1)
    super.addEventListener(type, listener)
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    this.listeners.set(type, (this.listeners.get(type) ?? 0) - 1)
    super.removeEventListener(type, listener)
  }
}

export class FakeWindow extends EventTarget {
  devicePixelRatio = 3
  innerWidth = 400
  innerHeight = 800
  listeners = new Set<string>()
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    this.listeners.add(type)
    super.addEventListener(type, listener)
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    this.listeners.delete(type)
    super.removeEventListener(type, listener)
  }
}

export class FakeDocument extends EventTarget {
  visibilityState: 'visible' | 'hidden' = 'visible'
  setHidden(hidden: boolean): void {
    this.visibilityState = hidden ? 'hidden' : 'visible'
    this.dispatchEvent(new Event('visibilitychange'))
  }
}

export function fakeScene(options: { maxPixelRatio?: number } = {}) {
  const canvas = new FakeCanvas()
  const win = new FakeWindow()
  const doc = new FakeDocument()
  let renderer: FakeRenderer | null = null
  return {
    canvas,
    win,
    doc,
    get renderer(): FakeRenderer {
      return renderer!
    },
    options: {
      canvas: canvas as unknown as HTMLCanvasElement,
      maxPixelRatio: options.maxPixelRatio ?? 2,
      window: win as unknown as Window,
      document: doc as unknown as Document,
      createRenderer: (parameters: WebGLRendererParameters) => (renderer = new FakeRenderer(parameters)) as unknown as WebGLRenderer,
    },
  }
}
