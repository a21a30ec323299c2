/**
 * The camera video as `scene.background`, cover-fitted (cropped, never stretched) with
 * texture.repeat/offset and mirrored for the front camera. Refit on viewport resize and on
 * video size change; rebuilt after a WebGL context restore. Without a camera, a still photo
 * can take the video's place (`showImage`), fitted the same way.
 *
 * While it follows a renderer it also keeps the three.js camera's field of view equal to the part
 * of the video on screen (src/scene/cameraModel.ts), so what is placed in the video's space (the
 * tracked print) lines up with the video drawn behind it.
 */
import { CanvasTexture, Color, LinearFilter, SRGBColorSpace, VideoFrameTexture, VideoTexture, type Scene, type Texture } from 'three'
import { intrinsicsFor, viewFovDeg } from './cameraModel'
import { coverFit } from '../core/coverFit'
import type { SceneRenderer } from './SceneRenderer'

/** Shown while no camera frame is available (matches the page background in styles.css). */
const EMPTY_BACKGROUND = 0x0b0d12

export class CameraBackground {
  #scene: Scene
  #video: HTMLVideoElement | null = null
  #image: HTMLCanvasElement | null = null
  #texture: Texture | null = null
  #mirrored = false
  #viewW = 1
  #viewH = 1
  #empty = new Color(EMPTY_BACKGROUND)
  /** In-step tracking: a held camera frame shown instead of the live video (null: live). */
  #frameTexture: VideoFrameTexture | null = null
  #heldFrame: VideoFrame | null = null
  /** The camera whose field of view follows the shown video (set by `follow()`). */
  #camera: SceneRenderer['camera'] | null = null

  constructor(scene: Scene) {
    this.#scene = scene
    this.#scene.background = this.#empty
  }

  get mirrored(): boolean {
    return this.#mirrored
  }
  get texture(): Texture | null {
    return this.#texture
  }
  /** Pixel size of what is shown (the camera's or the photo's resolution), or null. */
  get sourceSize(): { width: number; height: number } | null {
    const w = this.#video?.videoWidth ?? this.#image?.width ?? 0
    const h = this.#video?.videoHeight ?? this.#image?.height ?? 0
    return w > 0 && h > 0 ? { width: w, height: h } : null
  }

  /** Shows `video` as the background (idempotent for the same video). */
  attach(video: HTMLVideoElement, mirrored: boolean): void {
    this.#mirrored = mirrored
    if (this.#video !== video || !this.#texture) {
      this.#disposeTexture()
      this.#image = null
      this.#video = video
      this.#texture = createTexture(video)
      this.#scene.background = this.#texture
    }
    this.fit()
  }

  /**
   * Shows one camera frame (a WebCodecs VideoFrame the caller keeps open until the next call)
   * instead of the live video, so the background is exactly the frame a tracked pose belongs to;
   * `null` goes back to the live video. Only while a video is attached.
   */
  showFrame(frame: VideoFrame | null): void {
    if (!this.#video) return
    if (!frame) {
      if (this.#heldFrame && this.#texture) this.#scene.background = this.#texture
      this.#heldFrame = null
      return
    }
    if (frame === this.#heldFrame) return
    this.#heldFrame = frame
    const texture = (this.#frameTexture ??= asBackground(new VideoFrameTexture()))
    texture.setFrame(frame)
    texture.repeat.copy(this.#texture?.repeat ?? texture.repeat)
    texture.offset.copy(this.#texture?.offset ?? texture.offset)
    this.#scene.background = texture
  }

  /** Shows a still photo (no-camera fallback) instead of the video. The caller keeps the canvas. */
  showImage(image: HTMLCanvasElement): void {
    this.#disposeTexture()
    this.#video = null
    this.#image = image
    this.#mirrored = false
    this.#texture = createImageTexture(image)
    this.#scene.background = this.#texture
    this.fit()
  }

  /**
   * Keeps the crop fitted to `renderer`'s drawing area and rebuilds the texture after a WebGL
   * context restore. Returns the function that stops following.
   */
  follow(renderer: Pick<SceneRenderer, 'size' | 'on'> & Partial<Pick<SceneRenderer, 'camera'>>): () => void {
    this.#camera = renderer.camera ?? null
    this.setViewSize(renderer.size.width, renderer.size.height)
    const offs = [
      renderer.on('resize', ({ width, height }) => this.setViewSize(width, height)),
      renderer.on('contextrestored', () => this.rebuild()),
    ]
    return () => {
      offs.forEach((off) => off())
      this.#camera = null
    }
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
    const size = this.sourceSize
    if (!texture || !size) return
    const { repeat, offset } = coverFit(size.width, size.height, this.#viewW, this.#viewH, this.#mirrored)
    texture.repeat.set(repeat[0], repeat[1])
    texture.offset.set(offset[0], offset[1])
    const camera = this.#camera
    if (camera && this.#viewW > 1 && this.#viewH > 1) {
      const fov = viewFovDeg(intrinsicsFor(size.width, size.height), this.#viewW, this.#viewH)
      if (Math.abs(camera.fov - fov) > 1e-6) {
        camera.fov = fov
        camera.updateProjectionMatrix()
      }
    }
    this.#frameTexture?.repeat.set(repeat[0], repeat[1])
    this.#frameTexture?.offset.set(offset[0], offset[1])
  }

  /** After webglcontextrestored: GPU copies are gone, make a fresh texture. */
  rebuild(): void {
    const video = this.#video
    const image = this.#image
    if (!video && !image) return
    // No dispose(): the old texture's GL object died with the old context, and disposing it
    // would ask the new context to delete a name it never had.
    this.#texture = video ? createTexture(video) : createImageTexture(image!)
    this.#scene.background = this.#texture
    this.fit()
  }

  /** Back to the plain background (camera stopped or failed). */
  detach(): void {
    this.showFrame(null)
    this.#frameTexture?.dispose()
    this.#frameTexture = null
    this.#disposeTexture()
    this.#video = null
    this.#image = null
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

function createImageTexture(image: HTMLCanvasElement): CanvasTexture {
  return asBackground(new CanvasTexture(image))
}

function createTexture(video: HTMLVideoElement): VideoTexture {
  return asBackground(new VideoTexture(video))
}

/** A camera frame is shown 1:1-ish and changes every frame: sRGB, linear filtering, no mipmaps. */
function asBackground<T extends Texture>(texture: T): T {
  texture.colorSpace = SRGBColorSpace
  texture.minFilter = LinearFilter
  texture.magFilter = LinearFilter
  texture.generateMipmaps = false
  return texture
}
