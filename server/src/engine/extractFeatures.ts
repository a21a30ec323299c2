import type { GreyImage } from './decodeImage.ts'
import type { OpenCv } from './loadOpenCv.ts'
import { nativeCv } from './nativeCv.ts'

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
  /**
   * How many leading features the candidate index holds; the rest only take part in exhaustive
   * verification (a repetitive target's extra features, verificationFeatures.ts). Absent: all.
   */
  indexed?: number
}

export function featureCount(features: Features): number {
  return features.keypoints.length / 2
}

/** The descriptors the candidate index holds and votes with (`Features.indexed`). */
export function indexedDescriptors(features: Features): Uint8Array {
  return features.indexed === undefined ? features.descriptors : features.descriptors.subarray(0, features.indexed * DESCRIPTOR_BYTES)
}

/** The features the index holds, alone (views, no copy): what verification used before the verification set. */
export function indexedFeatures(features: Features): Features {
  const count = features.indexed ?? featureCount(features)
  return {
    width: features.width,
    height: features.height,
    keypoints: features.keypoints.subarray(0, 2 * count),
    descriptors: indexedDescriptors(features),
  }
}

/** OpenCV's ORB defaults, spelled out because the native path passes them explicitly. */
const ORB_LEVELS = 8
const ORB_SCALE = 1.2
const ORB_FAST_THRESHOLD = 20

/**
 * ORB on a greyscale image, natively when the addon is built (nativeCv.ts), else in opencv.js.
 * Both give the same keypoints; about 3 % of descriptors differ in a bit or two (rounding in the
 * smoothed image), which matching tolerates. Every wasm Mat is deleted before returning.
 */
export function extractFeatures(cv: OpenCv, image: GreyImage, nfeatures: number, fastThreshold = ORB_FAST_THRESHOLD): Features {
  const native = nativeCv()
  if (native) {
    const { keypoints, descriptors } = native.orb(image.data, image.width, image.height, nfeatures, ORB_LEVELS, ORB_SCALE, fastThreshold)
    const count = keypoints.length / 6
    const points = new Float32Array(count * 2)
    const responses = new Float32Array(count)
    for (let i = 0; i < count; i++) {
      points[2 * i] = keypoints[6 * i]!
      points[2 * i + 1] = keypoints[6 * i + 1]!
      responses[i] = keypoints[6 * i + 4]!
    }
    return strongestFirst({ width: image.width, height: image.height, keypoints: points, descriptors }, responses)
  }
  const mat = cv.matFromArray(image.height, image.width, cv.CV_8UC1, image.data)
  // OpenCV's defaults but for the budget and the FAST threshold (edge 31, first level 0, WTA_K 2, Harris, patch 31).
  const orb = new cv.ORB(nfeatures, ORB_SCALE, ORB_LEVELS, 31, 0, 2, 0, 31, fastThreshold)
  const keypoints = new cv.KeyPointVector()
  const descriptors = new cv.Mat()
  const noMask = new cv.Mat()
  try {
    orb.detectAndCompute(mat, noMask, keypoints, descriptors)
    const count = descriptors.rows
    const points = new Float32Array(count * 2)
    const responses = new Float32Array(count)
    for (let i = 0; i < count; i++) {
      const kp = keypoints.get(i)
      points[2 * i] = kp.pt.x
      points[2 * i + 1] = kp.pt.y
      responses[i] = kp.response
    }
    // strongestFirst copies the rows out of the wasm heap, before the Mat is deleted below.
    const rows = (descriptors.data as Uint8Array).subarray(0, count * DESCRIPTOR_BYTES)
    return strongestFirst({ width: image.width, height: image.height, keypoints: points, descriptors: rows }, responses)
  } finally {
    mat.delete()
    orb.delete()
    keypoints.delete()
    descriptors.delete()
    noMask.delete()
  }
}

/**
 * The features reordered by corner response, strongest first (ORB returns them by pyramid level),
 * so a prefix is the most repeatable part: the index votes with a prefix of a query's features
 * (VOTE_MAX_FEATURES) and verification uses all of them. Always returns fresh arrays.
 */
function strongestFirst(features: Features, responses: Float32Array): Features {
  const count = responses.length
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => responses[b]! - responses[a]! || a - b)
  const keypoints = new Float32Array(count * 2)
  const descriptors = new Uint8Array(count * DESCRIPTOR_BYTES)
  order.forEach((from, to) => {
    keypoints[2 * to] = features.keypoints[2 * from]!
    keypoints[2 * to + 1] = features.keypoints[2 * from + 1]!
    descriptors.set(features.descriptors.subarray(from * DESCRIPTOR_BYTES, (from + 1) * DESCRIPTOR_BYTES), to * DESCRIPTOR_BYTES)
  })
  return { ...features, keypoints, descriptors }
}
