import type { GreyImage } from './decodeImage.ts'
import { DESCRIPTOR_BYTES, extractFeatures, type Features } from './extractFeatures.ts'
import type { OpenCv } from './loadOpenCv.ts'
import { TARGET_TILT_DIRECTIONS_DEG, TARGET_TILT_NFEATURES, TARGET_TILT_SQUEEZE } from './tuning.ts'

/**
 * A target's features seen as a camera sees it tilted: ORB copes with scale and in-plane rotation
 * but not with the foreshortening of a print seen at 35–50°, and most views the engine missed in
 * the realistic benchmark (tune split) were such views — text pages above all, whose letters
 * change shape when squeezed. As ASIFT does, the target is drawn squeezed by TARGET_TILT_SQUEEZE
 * (cos 45°) along a few directions, ORB runs on each drawing, and the keypoints are mapped back
 * into the target's own frame, so verification fits the same target → query homography as before.
 * Appended after the target's upright features; the upright ones alone still feed the grade.
 * `nfeatures` per view: TARGET_TILT_NFEATURES, or more for a repetitive target's verification set.
 */
export function withTiltedViews(cv: OpenCv, grey: GreyImage, upright: Features, nfeatures = TARGET_TILT_NFEATURES): Features {
  const keypoints: number[] = Array.from(upright.keypoints)
  const descriptors: Uint8Array[] = [upright.descriptors]
  const source = cv.matFromArray(grey.height, grey.width, cv.CV_8UC1, grey.data)
  try {
    for (const deg of TARGET_TILT_DIRECTIONS_DEG) {
      const view = squeezedView(cv, source, grey, deg, nfeatures)
      const { m } = view
      const det = m[0] * m[4] - m[1] * m[3]
      const count = view.features.keypoints.length / 2
      for (let i = 0; i < count; i++) {
        const x = view.features.keypoints[2 * i]! - m[2]
        const y = view.features.keypoints[2 * i + 1]! - m[5]
        const tx = (m[4] * x - m[1] * y) / det
        const ty = (-m[3] * x + m[0] * y) / det
        if (!(tx >= 0 && ty >= 0 && tx <= grey.width && ty <= grey.height)) continue
        keypoints.push(tx, ty)
        descriptors.push(view.features.descriptors.subarray(i * DESCRIPTOR_BYTES, (i + 1) * DESCRIPTOR_BYTES))
      }
    }
  } finally {
    source.delete()
  }
  const bytes = new Uint8Array(descriptors.reduce((n, d) => n + d.length, 0))
  let at = 0
  for (const d of descriptors) {
    bytes.set(d, at)
    at += d.length
  }
  return { width: upright.width, height: upright.height, keypoints: Float32Array.from(keypoints), descriptors: bytes }
}

/** The target rotated by `deg` and squeezed along x, on a canvas that just holds it; `m` is that affine map. */
function squeezedView(cv: OpenCv, source: OpenCv, grey: GreyImage, deg: number, nfeatures: number) {
  const a = (deg * Math.PI) / 180
  const [c, s] = [Math.cos(a), Math.sin(a)]
  const m = [TARGET_TILT_SQUEEZE * c, -TARGET_TILT_SQUEEZE * s, 0, s, c, 0] as [number, number, number, number, number, number]
  const corners = [
    [0, 0],
    [grey.width, 0],
    [grey.width, grey.height],
    [0, grey.height],
  ].map(([x, y]) => [m[0] * x! + m[1] * y!, m[3] * x! + m[4] * y!] as const)
  const minX = Math.min(...corners.map((p) => p[0]))
  const minY = Math.min(...corners.map((p) => p[1]))
  const width = Math.ceil(Math.max(...corners.map((p) => p[0])) - minX)
  const height = Math.ceil(Math.max(...corners.map((p) => p[1])) - minY)
  m[2] = -minX
  m[5] = -minY
  const matrix = cv.matFromArray(2, 3, cv.CV_64FC1, m)
  const drawn = new cv.Mat()
  try {
    cv.warpAffine(source, drawn, matrix, new cv.Size(width, height), cv.INTER_LINEAR, cv.BORDER_CONSTANT, new cv.Scalar(0))
    const features = extractFeatures(
      cv,
      { data: new Uint8Array(drawn.data), width, height, sourceWidth: width, sourceHeight: height },
      nfeatures,
    )
    return { m, features }
  } finally {
    matrix.delete()
    drawn.delete()
  }
}
