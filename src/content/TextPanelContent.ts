/**
 * A text card in the scene (a meta `items` piece of type "text"): plain text drawn on a canvas
 * (fillText, never HTML) on a rounded dark card, shown on a plane facing the camera.
 */
import { CanvasTexture, DoubleSide, Group, MathUtils, Mesh, MeshBasicMaterial, PlaneGeometry, SRGBColorSpace } from 'three'
import type { TextPiece } from '../protocol/meta'
import type { Content, ViewFrame } from './Content'

/** Card width as a fraction of the view width (before the piece's scale). */
export const TEXT_WIDTH_FRACTION = 0.6
const CANVAS_WIDTH = 512
const FONT_PX = 36
const LINE_PX = 46
const PADDING_PX = 28

/** The canvas surface we draw on; a real <canvas> satisfies it. */
export interface CanvasLike {
  width: number
  height: number
  getContext(kind: '2d'): CanvasRenderingContext2D | null
}

export class TextPanelContent implements Content {
  /** Static scenery: counted with the models (data-content-type only knows model and video). */
  readonly type = 'model' as const
  readonly object = new Group()
  readonly #mesh: Mesh<PlaneGeometry, MeshBasicMaterial>
  readonly #texture: CanvasTexture
  #disposed = false

  constructor(piece: TextPiece, frame: ViewFrame, createCanvas: () => CanvasLike = () => document.createElement('canvas')) {
    this.object.name = 'content:text'
    const canvas = createCanvas()
    const lines = drawCard(canvas, piece.text)
    this.#texture = new CanvasTexture(canvas as unknown as HTMLCanvasElement)
    this.#texture.colorSpace = SRGBColorSpace
    const width = TEXT_WIDTH_FRACTION * frame.width
    const height = (width * canvas.height) / canvas.width
    const material = new MeshBasicMaterial({
      map: this.#texture,
      transparent: true,
      side: DoubleSide,
      toneMapped: false,
      depthWrite: false,
    })
    this.#mesh = new Mesh(new PlaneGeometry(width, height), material)
    this.#mesh.name = `content:text-card(${lines} lines)`
    this.object.add(this.#mesh)
    this.object.scale.setScalar(piece.scale)
    this.object.position.set(...piece.position)
    this.object.rotation.set(...(piece.rotation.map((deg) => MathUtils.degToRad(deg)) as [number, number, number]))
  }

  get fadeMaterials() {
    return [this.#mesh.material]
  }

  get animationTime(): number {
    return 0
  }

  get videoTime(): number {
    return 0
  }

  update(): void {}

  replay(): void {}

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    this.#texture.dispose()
    this.#mesh.geometry.dispose()
    this.#mesh.material.dispose()
    this.object.removeFromParent()
  }
}

/** Wraps `text` to the card width and draws it; returns the number of lines. */
function drawCard(canvas: CanvasLike, text: string): number {
  const measure = canvas.getContext('2d')
  const font = `600 ${FONT_PX}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`
  const maxWidth = CANVAS_WIDTH - 2 * PADDING_PX
  const lines: string[] = []
  if (measure) {
    measure.font = font
    let line = ''
    for (const word of text.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word
      if (line && measure.measureText(next).width > maxWidth) {
        lines.push(line)
        line = word
      } else line = next
    }
    if (line) lines.push(line)
  } else lines.push(text)
  canvas.width = CANVAS_WIDTH
  canvas.height = Math.ceil(2 * PADDING_PX + lines.length * LINE_PX)
  const ctx = canvas.getContext('2d')
  if (!ctx) return lines.length
  ctx.fillStyle = 'rgba(11, 13, 18, 0.82)'
  ctx.beginPath()
  ctx.roundRect(0, 0, canvas.width, canvas.height, 28)
  ctx.fill()
  ctx.font = font
  ctx.fillStyle = '#ffffff'
  ctx.textBaseline = 'top'
  lines.forEach((l, i) => ctx.fillText(l, PADDING_PX, PADDING_PX + i * LINE_PX + (LINE_PX - FONT_PX) / 2, maxWidth))
  return lines.length
}
