/**
 * The optional native fast path: server/native/printar_cv.cc built against the system's OpenCV
 * (Debian: `apt-get install libopencv-dev`, then `npm run build:native`). It does the three calls
 * that dominate a search — ORB, Hamming knn, findHomography — 4–8× faster than opencv.js in
 * WebAssembly on one core (README, "Performance"). It is used only when built AND asked for with
 * CRS_NATIVE=1: OpenCV 4.6's RHO estimator settles on other fits than opencv.js 4.12's on some
 * text views (the engine test's portrait text poster: a degenerate fit natively, 43 inliers in
 * WebAssembly), so the default stays the path every test is green on. Without it, everything
 * runs on opencv.js exactly as before: a fresh `npm install` needs no system package.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'

export interface NativeCv {
  /** ORB with OpenCV's defaults but for the arguments; keypoints as [x, y, size, angle, response, octave] per point. */
  orb(
    grey: Uint8Array,
    width: number,
    height: number,
    nfeatures: number,
    nlevels: number,
    scaleFactor: number,
    fastThreshold: number,
  ): { keypoints: Float32Array; descriptors: Uint8Array }
  /** Two nearest train descriptors per query descriptor: [trainIdx1, dist1, trainIdx2, dist2] per row, −1 when absent. */
  knn2(query: Uint8Array, train: Uint8Array): Int32Array
  /** cv::findHomography from src to dst (x, y pairs); `h` null when none was found. */
  homography(
    src: Float32Array,
    dst: Float32Array,
    method: number,
    reprojThreshold: number,
    maxIters: number,
    confidence: number,
  ): { h: Float64Array | null; mask: Uint8Array }
  opencvVersion: string
}

export const NATIVE_ADDON = resolve(import.meta.dirname, '../../native/build/Release/printar_cv.node')

let loaded: NativeCv | null | undefined

/** The addon when CRS_NATIVE=1 and it is built and loads, else null. Loaded once per thread. */
export function nativeCv(): NativeCv | null {
  if (loaded !== undefined) return loaded
  loaded = null
  if (process.env.CRS_NATIVE !== '1' || !existsSync(NATIVE_ADDON)) return loaded
  try {
    loaded = createRequire(import.meta.url)(NATIVE_ADDON) as NativeCv
  } catch {
    // Built against another Node or OpenCV than the one present now: the WebAssembly path serves.
    loaded = null
  }
  return loaded
}

/** cv::RHO, the PROSAC-based robust estimator verification uses (the same constant in opencv.js). */
export const RHO = 16
