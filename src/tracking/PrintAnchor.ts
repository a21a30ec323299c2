/**
 * Puts the content on the tracked print: every rendered frame it reads the tracker's corners
 * (extrapolated to that frame's time), turns them into the print's pose with the camera
 * intrinsics assumed in ./pose.ts, and places the content anchor there — scaled so the content's
 * width is the print's width times meta `scale`, resting on the print's face. (The three.js
 * camera's field of view follows the shown video: src/scene/CameraBackground.ts.)
 *
 * When the print is lost the content holds its last pose for `holdS`, then glides back to
 * today's screen placement (1.5 m in front of the camera): visitors keep watching what they
 * found (a video keeps playing in view) instead of losing it, and a found print pulls it back.
 */
import { Box3, Matrix4, Quaternion, Vector3, type Object3D, type PerspectiveCamera } from 'three'
import { intrinsicsFor, poseFromCorners, type Intrinsics } from './pose'
import type { Corners } from './workerProtocol'

export type AnchorPlacement = 'screen' | 'print'

export interface PrintAnchorOptions {
  camera: PerspectiveCamera
  /** Distance of the screen placement (m); ContentManager's CONTENT_DISTANCE_M. */
  screenDistanceM: number
  /** Seconds the last pose is held after the print is lost. @default 0.6 */
  holdS?: number
  /** Seconds of the glide between the print and the screen placement. @default 0.35 */
  glideS?: number
}

export interface PrintTarget {
  /** The group the content sits in (ContentManager.anchor): this class places it. */
  anchor: Object3D
  /** The print's width and height (m): `size` from the target (cm), the height from its image. */
  widthM: number
  heightM: number
  /** Meta `scale`: the content's width on the print is `widthM × scale`. */
  scale: number
  /** The content's own object at rest (its bounds are measured once, in its own space). */
  content: Object3D
}

const IDENTITY_SCALE = new Vector3(1, 1, 1)

export class PrintAnchor {
  readonly #camera: PerspectiveCamera
  readonly #screenDistance: number
  readonly #holdS: number
  readonly #glideS: number
  #target: PrintTarget | null = null
  /** Content width (anchor units) at rest and the offset that rests its back on the print. */
  #contentWidth = 1
  #restZ = 0
  /** 0 = screen placement, 1 = on the print. */
  #blend = 0
  #lastPose: Matrix4 | null = null
  #lostFor = 0
  #intrinsics: Intrinsics | null = null
  #placement: AnchorPlacement = 'screen'
  #mirrored = false
  // Scratch objects: this runs every frame.
  #pose = new Matrix4()
  #printPosition = new Vector3()
  #printQuaternion = new Quaternion()
  #printScale = new Vector3()
  #screenPosition = new Vector3()
  #screenQuaternion = new Quaternion()

  constructor(options: PrintAnchorOptions) {
    this.#camera = options.camera
    this.#screenDistance = options.screenDistanceM
    this.#holdS = options.holdS ?? 0.6
    this.#glideS = options.glideS ?? 0.35
  }

  /** Where the content is now: on the print (tracked, or holding) or on the screen. */
  get placement(): AnchorPlacement {
    return this.#placement
  }

  /**
   * The camera video's size (for the intrinsics) and whether it is shown mirrored (front camera):
   * then the print is placed where the mirrored background shows it.
   */
  setVideo(width: number, height: number, mirrored = false): void {
    this.#intrinsics = width > 0 && height > 0 ? intrinsicsFor(width, height) : null
    this.#mirrored = mirrored
  }

  /**
   * Anchors `target`'s content (replaces any other). It starts on the screen and glides onto the
   * print once found, or starts on the print when `onPrint` (the print is tracked already).
   */
  attach(target: PrintTarget, onPrint = false): void {
    this.#target = target
    const box = localBounds(target.content)
    const size = box.isEmpty() ? new Vector3(1, 1, 0) : box.getSize(new Vector3())
    this.#contentWidth = size.x > 1e-6 ? size.x : Math.max(size.y, 1e-3)
    this.#restZ = box.isEmpty() ? 0 : -box.min.z
    this.#lastPose = null
    this.#lostFor = Infinity
    this.#blend = onPrint ? 1 : 0
  }

  /** The print's height (m), once its image's aspect is known. */
  setPrintHeight(heightM: number): void {
    if (this.#target && heightM > 0) this.#target.heightM = heightM
  }

  get attached(): boolean {
    return this.#target !== null
  }

  detach(): void {
    this.#target = null
    this.#lastPose = null
    this.#blend = 0
    this.#placement = 'screen'
  }

  /**
   * Places the anchor for the frame about to be drawn. `corners`: the tracked print in 0..1 of the
   * video (already predicted to this frame's time), or null when the print is not tracked.
   */
  update(dtS: number, corners: Corners | null): void {
    const camera = this.#camera
    const target = this.#target
    if (!target) return
    const anchor = target.anchor
    const k = this.#intrinsics
    const pose = corners && k ? this.#poseOf(corners, target, k) : null
    if (pose) {
      this.#lastPose = pose
      this.#lostFor = 0
    } else this.#lostFor += dtS
    const onPrint = this.#lastPose !== null && this.#lostFor <= this.#holdS
    const step = this.#glideS > 0 ? dtS / this.#glideS : 1
    this.#blend = Math.min(1, Math.max(0, this.#blend + (onPrint ? step : -step)))
    this.#placement = this.#blend > 0.5 ? 'print' : 'screen'

    camera.updateMatrixWorld()
    // Screen placement: in front of the camera, facing it (ContentManager's own rule).
    camera.getWorldPosition(this.#screenPosition)
    this.#screenPosition.addScaledVector(camera.getWorldDirection(new Vector3()), this.#screenDistance)
    camera.getWorldQuaternion(this.#screenQuaternion)
    if (!this.#lastPose || this.#blend === 0) {
      anchor.position.copy(this.#screenPosition)
      anchor.quaternion.copy(this.#screenQuaternion)
      anchor.scale.copy(IDENTITY_SCALE)
      return
    }
    // The pose is in camera space; the camera may sit anywhere in the world.
    this.#pose.multiplyMatrices(camera.matrixWorld, this.#lastPose)
    this.#pose.decompose(this.#printPosition, this.#printQuaternion, this.#printScale)
    const t = smoothstep(this.#blend)
    anchor.position.lerpVectors(this.#screenPosition, this.#printPosition, t)
    anchor.quaternion.slerpQuaternions(this.#screenQuaternion, this.#printQuaternion, t)
    anchor.scale.lerpVectors(IDENTITY_SCALE, this.#printScale, t)
  }

  /** Print space → camera space, times the scale that gives the content the print's width, resting on it. */
  #poseOf(corners: Corners, target: PrintTarget, k: Intrinsics): Matrix4 | null {
    // Mirrored view: the print is where the flipped background shows it; TL↔TR and BL↔BR swap so
    // the outline keeps its winding and the content is not drawn inside out.
    const seen = this.#mirrored ? ([corners[1], corners[0], corners[3], corners[2]].map(([x, y]) => [1 - x, y]) as Corners) : corners
    const pixels = seen.map(([x, y]) => [x * k.width, y * k.height] as [number, number])
    const pose = poseFromCorners(pixels, target.widthM, target.heightM, k)
    if (!pose) return null
    const scale = (target.widthM * target.scale) / this.#contentWidth
    return new Matrix4()
      .fromArray(pose.matrix)
      .multiply(new Matrix4().makeScale(scale, scale, scale))
      .multiply(new Matrix4().makeTranslation(0, 0, this.#restZ))
  }
}

function smoothstep(t: number): number {
  return t * t * (3 - 2 * t)
}

/**
 * Bounds of `object` in its parent's space, from its own transform and its descendants' local
 * transforms only: the anchor and the enter animation's wrapper (scale 0 at first) do not matter.
 */
export function localBounds(object: Object3D): Box3 {
  const box = new Box3()
  const visit = (node: Object3D, parentMatrix: Matrix4): void => {
    node.updateMatrix()
    const matrix = new Matrix4().multiplyMatrices(parentMatrix, node.matrix)
    const geometry = (node as Object3D & { geometry?: { boundingBox: Box3 | null; computeBoundingBox(): void } }).geometry
    if (geometry) {
      if (!geometry.boundingBox) geometry.computeBoundingBox()
      if (geometry.boundingBox && !geometry.boundingBox.isEmpty()) box.union(geometry.boundingBox.clone().applyMatrix4(matrix))
    }
    for (const child of node.children) visit(child, matrix)
  }
  visit(object, new Matrix4())
  return box
}
