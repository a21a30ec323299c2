/**
 * The camera video as `scene.background`, cover-fitted (cropped, never stretched) with
 * texture.repeat/offset and mirrored for the front camera. Refit on viewport resize and on
 * video size change; rebuilt after a WebGL context restore.
 */
import { Color, LinearFilter, SRGBColorSpace, VideoTexture, type Scene } from 'three'
import { coverFit } from '../camera/coverFit'

/** Shown while no camera frame is available (matches the page background in styles.css). */
const EMPTY_BACKGROUND = 0x0b0d12

export class CameraBackground {
  #scene: Scene
  #video: HTMLVideoElement | null = null
  #texture: VideoTexture | null = null
  #mirrored = false
  #viewW = 1
  #viewH = 1
  #empty = new Color(EMPTY_BACKGROUND)

  constructor(scene: Scene) {
    this.#scene = scene
    this.#scene.background = this.#empty
  }

  get mirrored(): boolean {
    return this.#mirrored
  }
  get texture(): VideoTexture | null {
    return this.#texture
  }

  /** Shows `video` as the background (idempotent for the same video). */
  attach(video: HTMLVideoElement, mirrored: boolean): void {
    this.#mirrored = mirrored
    if (this.#video !== video || !this.#texture) {
      this.#disposeTexture()
      this.#video = video
      this.#texture = createTexture(video)
      this.#scene.background = this.#texture
    }
    this.fit()
  }

  setMirrored(mirrored: boolean): void {
    if (mirrored === this.#mirrored) return
    this.#mirrored = mirrored
    this.fit()
  }

  /** New viewport size in CSS pixels. */
  setViewSize(width: number, height: number): void {
    this.#viewW = width
    this.#viewH = height
    this.fit()
  }

  /** Recomputes the crop from the video's current intrinsic size. */
  fit(): void {
    const texture = this.#texture
    const video = this.#video
    if (!texture || !video) return
    const { repeat, offset } = coverFit(video.videoWidth, video.videoHeight, this.#viewW, this.#viewH, this.#mirrored)
    texture.repeat.set(repeat[0], repeat[1])
    texture.offset.set(offset[0], offset[1])
  }

  /** After webglcontextrestored: GPU copies are gone, make a fresh texture. */
  rebuild(): void {
    const video = this.#video
    if (!video) return
    // No dispose(): the old texture's GL object died with the old context, and disposing it
    // would ask the new context to delete a name it never had.
    this.#texture = createTexture(video)
    this.#scene.background = this.#texture
    this.fit()
  }

  /** Back to the plain background (camera stopped or failed). */
  detach(): void {
    this.#disposeTexture()
    this.#video = null
    this.#scene.background = this.#empty
  }

  dispose(): void {
    this.detach()
  }

  #disposeTexture(): void {
    this.#texture?.dispose()
    this.#texture = null
  }
}

function createTexture(video: HTMLVideoElement): VideoTexture {
  const texture = new VideoTexture(video)
  texture.colorSpace = SRGBColorSpace
  texture.minFilter = LinearFilter
  texture.magFilter = LinearFilter
  texture.generateMipmaps = false
  return texture
}
