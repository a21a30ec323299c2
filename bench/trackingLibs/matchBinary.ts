/**
 * Brute-force Hamming matching of 256-bit descriptors (8 words each) with Lowe's ratio test, for
 * jsfeat, which has no matcher of its own. Same rule as src/tracking/orb.ts matchFeatures: the
 * runner-up must sit elsewhere on the print (the reference holds each corner at several scales).
 */
export interface BinaryMatch {
  query: number
  train: number
  distance: number
}

export function matchBinary(
  query: Uint32Array,
  queryCount: number,
  train: Uint32Array,
  trainCount: number,
  trainPositions: Float32Array,
  maxDistance = 70,
  ratio = 0.85,
  sameSpot = 6,
): BinaryMatch[] {
  const out: BinaryMatch[] = []
  const near2 = sameSpot * sameSpot
  const far = (a: number, b: number): boolean => {
    const dx = trainPositions[2 * a]! - trainPositions[2 * b]!
    const dy = trainPositions[2 * a + 1]! - trainPositions[2 * b + 1]!
    return dx * dx + dy * dy > near2
  }
  for (let q = 0; q < queryCount; q++) {
    let best = 257
    let second = 257
    let bestIndex = -1
    for (let t = 0; t < trainCount; t++) {
      let d = 0
      for (let k = 0; k < 8; k++) {
        let v = (query[q * 8 + k]! ^ train[t * 8 + k]!) >>> 0
        v -= (v >>> 1) & 0x55555555
        v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
        d += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
      }
      if (d < best) {
        if (bestIndex >= 0 && far(bestIndex, t)) second = best
        best = d
        bestIndex = t
      } else if (d < second && far(bestIndex, t)) second = d
    }
    if (bestIndex >= 0 && best <= maxDistance && best < ratio * second) out.push({ query: q, train: bestIndex, distance: best })
  }
  return out
}
