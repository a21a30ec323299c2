/**
 * What bench:tracking-libs compares: one way (a library, or our own code) to do the tracker's two
 * hot paths. The state machine around them (driver.ts) is shared, so the libraries differ only in
 * these calls. All poses are reference → frame homographies in working-frame pixels (480 px long
 * side), the reference being the print's grey image as the worker gets it.
 */
import type { GreyImage } from '../../src/tracking/GreyImage'
import type { Mat3 } from '../../src/tracking/homography'

export interface Fit {
  h: Mat3
  inliers: number
}

/**
 * Which image the optical flow starts from: the previous camera frame (classic KLT: points drift
 * as errors add up, but lighting changes slowly), or the print's own image warped to the predicted
 * pose (what src/tracking does: no drift, but a lighting change hits LK's brightness constancy).
 */
export type FlowFrom = 'previous' | 'reference'

export interface Pipeline {
  readonly name: string
  /** Library start-up (opencv.js compiles its WebAssembly here) and reference preparation. */
  init(reference: GreyImage): Promise<void>
  /** Detection: features of the frame + matching to the reference + RANSAC homography. */
  detect(frame: GreyImage): Fit | null
  /**
   * Frame-to-frame tracking: pyramidal Lucas–Kanade + a robust homography refit.
   * @param previous the frame before (same object as the last call's `frame`)
   * @param h the pose in `previous`
   * @param predicted the pose expected in `frame` (constant velocity); equal to `h` after a detection
   */
  track(frame: GreyImage, previous: GreyImage, h: Mat3, predicted: Mat3): Fit | null
  /**
   * Optional polish of a fresh detection on the same frame (src/tracking runs one optical-flow
   * pass from the RANSAC pose so the first pose is as exact as the later ones).
   */
  refine?(frame: GreyImage, h: Mat3): Fit | null
}
