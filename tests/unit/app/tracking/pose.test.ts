import { Matrix4, Quaternion, Vector3, Euler } from 'three'
import { describe, expect, it } from 'vitest'
import { intrinsicsFor, poseFromCorners, viewFovDeg, LONG_SIDE_FOV_DEG } from '../../../../src/tracking/pose'

const K = intrinsicsFor(1280, 720)
const W = 0.21
const H = 0.297

/** Projects the print's corners (print space: TL, TR, BR, BL) through `pose` into pixels. */
function project(pose: Matrix4): [number, number][] {
  return [
    [-W / 2, H / 2],
    [W / 2, H / 2],
    [W / 2, -H / 2],
    [-W / 2, -H / 2],
  ].map(([x, y]) => {
    const p = new Vector3(x, y, 0).applyMatrix4(pose)
    return [K.cx + (K.fx * p.x) / -p.z, K.cy - (K.fy * p.y) / -p.z] as [number, number]
  })
}

describe('pose from corners', () => {
  it('assumes 67° across the long side, whichever way the video is held', () => {
    expect(2 * Math.atan(640 / K.fx) * (180 / Math.PI)).toBeCloseTo(LONG_SIDE_FOV_DEG, 6)
    const portrait = intrinsicsFor(720, 1280)
    expect(portrait.fy).toBeCloseTo(K.fx, 9)
  })

  it.each([
    ['frontal', new Euler(0, 0, 0), new Vector3(0, 0, -0.6)],
    ['tilted 40° and turned', new Euler(-0.7, 0.3, 0.4), new Vector3(0.08, -0.05, -0.5)],
    ['far off-centre', new Euler(0.2, -0.5, -1.2), new Vector3(-0.25, 0.12, -1.1)],
  ])('recovers a known pose: %s', (_name, euler, position) => {
    const truth = new Matrix4().compose(position, new Quaternion().setFromEuler(euler), new Vector3(1, 1, 1))
    const pose = poseFromCorners(project(truth), W, H, K)!
    expect(pose).not.toBeNull()
    const got = new Matrix4().fromArray(pose.matrix)
    for (let i = 0; i < 16; i++) expect(got.elements[i]).toBeCloseTo(truth.elements[i]!, 6)
    expect(pose.distanceM).toBeCloseTo(position.length(), 6)
  })

  it('stays a rotation (orthonormal) with noisy corners, and reprojects within the noise', () => {
    const truth = new Matrix4().compose(
      new Vector3(0.02, 0.01, -0.45),
      new Quaternion().setFromEuler(new Euler(-0.5, 0.2, 0.1)),
      new Vector3(1, 1, 1),
    )
    const noisy = project(truth).map(([x, y], i) => [x + (i % 2 ? 0.8 : -0.6), y + (i < 2 ? 0.5 : -0.7)] as [number, number])
    const got = new Matrix4().fromArray(poseFromCorners(noisy, W, H, K)!.matrix)
    const x = new Vector3().setFromMatrixColumn(got, 0)
    const y = new Vector3().setFromMatrixColumn(got, 1)
    const z = new Vector3().setFromMatrixColumn(got, 2)
    expect(x.length()).toBeCloseTo(1, 9)
    expect(x.dot(y)).toBeCloseTo(0, 9)
    expect(new Vector3().crossVectors(x, y).dot(z)).toBeCloseTo(1, 9)
    const back = project(got)
    back.forEach(([bx, by], i) => expect(Math.hypot(bx - noisy[i]![0], by - noisy[i]![1])).toBeLessThan(3))
  })

  it('refuses corners that cannot be a print in front of the camera', () => {
    expect(
      poseFromCorners(
        [
          [0, 0],
          [1, 1],
          [2, 2],
          [3, 3],
        ],
        W,
        H,
        K,
      ),
    ).toBeNull()
  })

  it('gives the three.js camera the field of view the screen shows of the video', () => {
    // Landscape video behind a portrait screen: full height visible.
    expect(viewFovDeg(K, 390, 844)).toBeCloseTo(2 * Math.atan(360 / K.fy) * (180 / Math.PI), 9)
    // Same aspect: same.
    expect(viewFovDeg(K, 1280, 720)).toBeCloseTo(2 * Math.atan(360 / K.fy) * (180 / Math.PI), 9)
    // A wider screen crops top and bottom: a narrower vertical angle.
    expect(viewFovDeg(K, 2560, 720)).toBeLessThan(viewFovDeg(K, 1280, 720))
  })
})
