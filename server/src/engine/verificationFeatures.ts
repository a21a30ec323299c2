import { DESCRIPTOR_BYTES, type Features, featureCount } from './extractFeatures.ts'

/**
 * `indexed` (the features the candidate index holds) followed by `more`'s features at spots it
 * does not have, with `indexed: featureCount(indexed)`: the extra features only take part in
 * exhaustive verification. ORB run twice on one image gives a spot the same position and
 * descriptor, so a spot in both is kept once; a second copy would be its own runner-up in Lowe's
 * ratio test and fail it.
 */
export function withVerificationFeatures(indexed: Features, more: Features): Features {
  const count = featureCount(indexed)
  const spot = (points: Float32Array, i: number) => `${Math.round(points[2 * i]! * 8)},${Math.round(points[2 * i + 1]! * 8)}`
  const known = new Set<string>()
  for (let i = 0; i < count; i++) known.add(spot(indexed.keypoints, i))
  const added: number[] = []
  for (let i = 0; i < featureCount(more); i++) if (!known.has(spot(more.keypoints, i))) added.push(i)
  const keypoints = new Float32Array((count + added.length) * 2)
  const descriptors = new Uint8Array((count + added.length) * DESCRIPTOR_BYTES)
  keypoints.set(indexed.keypoints.subarray(0, count * 2))
  descriptors.set(indexed.descriptors.subarray(0, count * DESCRIPTOR_BYTES))
  added.forEach((from, k) => {
    const to = count + k
    keypoints[2 * to] = more.keypoints[2 * from]!
    keypoints[2 * to + 1] = more.keypoints[2 * from + 1]!
    descriptors.set(more.descriptors.subarray(from * DESCRIPTOR_BYTES, (from + 1) * DESCRIPTOR_BYTES), to * DESCRIPTOR_BYTES)
  })
  return { width: indexed.width, height: indexed.height, keypoints, descriptors, indexed: count }
}
