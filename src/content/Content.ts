/**
 * What ContentManager needs from a piece of content (a GLTF model or a video plane).
 * The content owns its GPU/media resources and frees them in `dispose()`.
 */
import type { Material, Object3D } from 'three'
import type { ContentType } from '../protocol/meta'

/** Visible size (metres) of the view at the content's distance from the camera. */
export interface ViewFrame {
  width: number
  height: number
}

export interface Content {
  readonly type: ContentType
  /** Root to add under the content anchor; carries the meta position/rotation/scale. */
  readonly object: Object3D
  /** Materials the enter/leave animation may fade (opacity); empty = scale only. */
  readonly fadeMaterials: readonly Material[]
  /** Seconds into the playing clip (models), or 0. */
  readonly animationTime: number
  /** Seconds into the video (videos), or 0. */
  readonly videoTime: number
  update(dtSeconds: number): void
  /** Starts the clip / the video again from the beginning (a "replay" call to action). */
  replay(): void
  dispose(): void
}
