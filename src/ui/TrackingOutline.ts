/**
 * The debug panel's view of tracking: the tracked print's outline drawn over the camera view, on
 * a 2D canvas above the scene (a line the pose does not draw, so a wrong pose shows as content
 * off the outline). Corners come in 0..1 of the video and are mapped to the screen with the same
 * cover-fit crop as the background. Created only with `?debug`.
 */
import { coverFit } from '../core/coverFit'
import type { Corners } from '../tracking/workerProtocol'

/** The tracked corners (0..1 of the video) or null, the video's size, and whether it is mirrored. */
export type OutlineSource = () => { corners: Corners | null; videoWidth: number; videoHeight: number; mirrored: boolean }

export class TrackingOutline {
  readonly canvas: HTMLCanvasElement
  readonly #source: OutlineSource
  readonly #win: Window
  #frame = 0

  constructor(doc: Document, source: OutlineSource) {
    this.#source = source
    this.#win = doc.defaultView ?? window
    this.canvas = doc.createElement('canvas')
    this.canvas.className = 'tracking-outline'
    this.canvas.setAttribute('aria-hidden', 'true')
    Object.assign(this.canvas.style, { position: 'fixed', inset: '0', width: '100%', height: '100%', pointerEvents: 'none', zIndex: '5' })
    doc.body.append(this.canvas)
    this.#frame = this.#win.requestAnimationFrame(this.#draw)
  }

  dispose(): void {
    this.#win.cancelAnimationFrame(this.#frame)
    this.canvas.remove()
  }

  #draw = (): void => {
    this.#frame = this.#win.requestAnimationFrame(this.#draw)
    const canvas = this.canvas
    const w = canvas.clientWidth
    const h = canvas.clientHeight
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w
      canvas.height = h
    }
    const context = canvas.getContext('2d')
    if (!context) return
    context.clearRect(0, 0, w, h)
    const { corners, videoWidth, videoHeight, mirrored } = this.#source()
    if (!corners || !videoWidth || !videoHeight) return
    const { repeat, offset } = coverFit(videoWidth, videoHeight, w, h, mirrored)
    // Screen position of a video point: invert uv' = uv · repeat + offset (the crop is centred,
    // so the same holds top-down).
    const toScreen = ([x, y]: readonly [number, number]): [number, number] => [
      ((x - offset[0]) / repeat[0]) * w,
      ((y - offset[1]) / repeat[1]) * h,
    ]
    context.lineWidth = 3
    context.strokeStyle = '#39ff88'
    context.beginPath()
    corners.map(toScreen).forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)))
    context.closePath()
    context.stroke()
    // The top-left corner, so a print seen upside down is obvious.
    const [x0, y0] = toScreen(corners[0])
    context.fillStyle = '#39ff88'
    context.beginPath()
    context.arc(x0, y0, 6, 0, 2 * Math.PI)
    context.fill()
  }
}
