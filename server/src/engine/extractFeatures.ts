import type { GreyImage } from './decodeImage.ts'
import type { OpenCv } from './loadOpenCv.ts'

/** ORB descriptors are 256 bits. */
export const DESCRIPTOR_BYTES = 32

/** Keypoints and descriptors of one image, in plain typed arrays so they cross threads and go into SQLite BLOBs. */
export interface Features {
  /** Size of the image the keypoints refer to. */
  width: number
  height: number
  /** x0, y0, x1, y1, … in pixels of that image. */
  keypoints: Float32Array
  /** count × 32 bytes. */
  descriptors: Uint8Array
}

export function featureCount(features: Features): number {
  return features.keypoints.length / 2
}

/** ORB on a greyscale image. Every Mat/KeyPointVector is deleted before returning (wasm heap). */
export function extractFeatures(cv: OpenCv, image: GreyImage, nfeatures: number): Features {
  const mat = cv.matFromArray(image.height, image.width, cv.CV_8UC1, image.data)
  const orb = new cv.ORB(nfeatures)
  const keypoints = new cv.KeyPointVector()
  const descriptors = new cv.Mat()
  const noMask = new cv.Mat()
  try {
    orb.detectAndCompute(mat, noMask, keypoints, descriptors)
    const count = descriptors.rows
    const points = new Float32Array(count * 2)
    for (let i = 0; i < count; i++) {
      const kp = keypoints.get(i)
      points[2 * i] = kp.pt.x
      points[2 * i + 1] = kp.pt.y
    }
    const bytes = count > 0 ? new Uint8Array(descriptors.data.slice(0, count * DESCRIPTOR_BYTES)) : new Uint8Array(0)
    return { width: image.width, height: image.height, keypoints: points, descriptors: bytes }
  } finally {
    mat.delete()
    orb.delete()
    keypoints.delete()
    descriptors.delete()
    noMask.delete()
  }
}
