/**
 * A loaded GLTF model, auto-fitted to a comfortable size in front of the camera, with its clip
 * played through an AnimationMixer.
 *
 * Fit: the model's bounding box is centred on the anchor and scaled so its largest dimension
 * is `FIT_HEIGHT_FRACTION` of the view height (and its width at most `FIT_WIDTH_FRACTION` of
 * the view width); then meta `scale` multiplies, `position` (m) and `rotation` (deg) offset.
 */
import {
  AnimationMixer,
  Box3,
  Group,
  LoopOnce,
  LoopRepeat,
  MathUtils,
  Vector3,
  type AnimationAction,
  type AnimationClip,
  type Object3D,
} from 'three'
import type { ContentDescription } from '../protocol/meta'
import type { Content, ViewFrame } from './Content'
import { disposeObject } from './disposeObject'

/** Largest model dimension as a fraction of the view height: big, with room around it. */
export const FIT_HEIGHT_FRACTION = 0.4
/** Model width at most this fraction of the view width (portrait phones are narrow). */
export const FIT_WIDTH_FRACTION = 0.8

export interface GltfLike {
  scene: Object3D
  animations: AnimationClip[]
}

export class GltfContent implements Content {
  readonly type = 'model' as const
  readonly object = new Group()
  readonly fadeMaterials = [] as const
  readonly #scene: Object3D
  readonly #mixer: AnimationMixer | null = null
  readonly #action: AnimationAction | null = null
  #disposed = false

  constructor(gltf: GltfLike, desc: ContentDescription, frame: ViewFrame) {
    this.#scene = gltf.scene
    this.object.name = 'content:model'
    const pivot = new Group()
    pivot.add(gltf.scene)
    this.object.add(pivot)

    const box = new Box3().setFromObject(gltf.scene, true)
    if (!box.isEmpty()) {
      const size = box.getSize(new Vector3())
      const center = box.getCenter(new Vector3())
      gltf.scene.position.sub(center)
      const largest = Math.max(size.x, size.y, size.z)
      const fit = Math.min(
        largest > 0 ? (FIT_HEIGHT_FRACTION * frame.height) / largest : 1,
        size.x > 0 ? (FIT_WIDTH_FRACTION * frame.width) / size.x : Infinity,
      )
      pivot.scale.setScalar(Number.isFinite(fit) && fit > 0 ? fit : 1)
    }
    this.object.scale.setScalar(desc.scale)
    this.object.position.set(...desc.position)
    this.object.rotation.set(...(desc.rotation.map((deg) => MathUtils.degToRad(deg)) as [number, number, number]))

    const clip = pickClip(gltf.animations, desc.animation)
    if (clip && desc.autoplay) {
      this.#mixer = new AnimationMixer(gltf.scene)
      this.#action = this.#mixer.clipAction(clip)
      if (desc.loop) this.#action.setLoop(LoopRepeat, Infinity)
      else {
        this.#action.setLoop(LoopOnce, 1)
        this.#action.clampWhenFinished = true
      }
      this.#action.play()
    }
  }

  get animationTime(): number {
    return this.#action?.time ?? 0
  }

  get videoTime(): number {
    return 0
  }

  /** Name of the clip being played, if any. */
  get clipName(): string | null {
    return this.#action?.getClip().name ?? null
  }

  update(dtSeconds: number): void {
    this.#mixer?.update(dtSeconds)
  }

  replay(): void {
    // reset() also clears a LoopOnce clip's "finished" state, so it plays again.
    this.#action?.reset().play()
  }

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    if (this.#mixer) {
      this.#mixer.stopAllAction()
      this.#mixer.uncacheRoot(this.#scene)
    }
    disposeObject(this.#scene)
    this.object.removeFromParent()
  }
}

/** The named clip, else the first (with a warning when the name is unknown). */
function pickClip(clips: readonly AnimationClip[], name: string | undefined): AnimationClip | undefined {
  if (name !== undefined) {
    const named = clips.find((c) => c.name === name)
    if (named) return named
    console.warn(`GltfContent: no animation named "${name}"; playing ${clips[0] ? `"${clips[0].name}"` : 'nothing'}`)
  }
  return clips[0]
}
