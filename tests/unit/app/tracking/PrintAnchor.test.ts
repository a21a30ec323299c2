import { Euler, Group, Matrix4, Mesh, MeshBasicMaterial, PerspectiveCamera, PlaneGeometry, Quaternion, Vector3 } from 'three'
import { describe, expect, it } from 'vitest'
import { localBounds, PrintAnchor } from '../../../../src/tracking/PrintAnchor'
import { intrinsicsFor } from '../../../../src/tracking/pose'
import type { Corners } from '../../../../src/tracking/workerProtocol'

const VIDEO = { width: 1280, height: 720 }
const K = intrinsicsFor(VIDEO.width, VIDEO.height)
const PRINT = { widthM: 0.3, heightM: 0.2 }

/** Corners (0..1 of the video) of the print at `pose` (print space → three camera space). */
function cornersOf(pose: Matrix4): Corners {
  return [
    [-PRINT.widthM / 2, PRINT.heightM / 2],
    [PRINT.widthM / 2, PRINT.heightM / 2],
    [PRINT.widthM / 2, -PRINT.heightM / 2],
    [-PRINT.widthM / 2, -PRINT.heightM / 2],
  ].map(([x, y]) => {
    const p = new Vector3(x, y, 0).applyMatrix4(pose)
    return [(K.cx + (K.fx * p.x) / -p.z) / K.width, (K.cy - (K.fy * p.y) / -p.z) / K.height]
  }) as Corners
}

function setup(contentWidth = 2) {
  const camera = new PerspectiveCamera(60, VIDEO.width / VIDEO.height, 0.01, 100)
  const anchor = new Group()
  // A video-like plane: contentWidth wide, 1 tall, inside a wrapper that the enter animation scales.
  const wrapper = new Group()
  wrapper.scale.setScalar(0)
  const content = new Group()
  content.add(new Mesh(new PlaneGeometry(contentWidth, 1), new MeshBasicMaterial()))
  wrapper.add(content)
  anchor.add(wrapper)
  const placer = new PrintAnchor({ camera, screenDistanceM: 1.5, holdS: 0.5, glideS: 0.25 })
  placer.setVideo(VIDEO.width, VIDEO.height)
  placer.attach({ ...PRINT, scale: 1, content, anchor })
  return { camera, anchor, content, wrapper, placer }
}

const POSE = new Matrix4().compose(
  new Vector3(0.05, -0.02, -0.7),
  new Quaternion().setFromEuler(new Euler(-0.6, 0.25, 0.1)),
  new Vector3(1, 1, 1),
)

describe('PrintAnchor', () => {
  it('measures content bounds in its own space, whatever its wrapper does', () => {
    const { content } = setup(2)
    const box = localBounds(content)
    expect(box.max.x - box.min.x).toBeCloseTo(2, 9)
    expect(box.max.y - box.min.y).toBeCloseTo(1, 9)
  })

  it('puts the content on the print at the print width, once the glide is over', () => {
    const { anchor, placer, wrapper } = setup(2)
    wrapper.scale.setScalar(1)
    const corners = cornersOf(POSE)
    for (let i = 0; i < 20; i++) placer.update(1 / 30, corners)
    expect(placer.placement).toBe('print')
    anchor.updateMatrixWorld(true)
    // The content's left and right edge centres land on the print's edges (width 2 → 0.3 m).
    const left = new Vector3(-1, 0, 0).applyMatrix4(anchor.matrixWorld)
    const right = new Vector3(1, 0, 0).applyMatrix4(anchor.matrixWorld)
    expect(left.distanceTo(new Vector3(-PRINT.widthM / 2, 0, 0).applyMatrix4(POSE))).toBeLessThan(1e-6)
    expect(right.distanceTo(new Vector3(PRINT.widthM / 2, 0, 0).applyMatrix4(POSE))).toBeLessThan(1e-6)
  })

  it('starts on the print when it is tracked already, and mirrors with a mirrored background', () => {
    const { anchor, placer, content } = setup(2)
    placer.attach({ ...PRINT, scale: 1, content, anchor }, true)
    placer.update(0, cornersOf(POSE))
    expect(placer.placement).toBe('print')
    anchor.updateMatrixWorld(true)
    const centre = new Vector3(0, 0, 0).applyMatrix4(anchor.matrixWorld)
    const truth = new Vector3(0, 0, 0).applyMatrix4(POSE)
    expect(centre.distanceTo(truth)).toBeLessThan(1e-6)
    // Mirrored: the same corners put the print on the other side of the view's centre.
    placer.setVideo(VIDEO.width, VIDEO.height, true)
    placer.update(0, cornersOf(POSE))
    anchor.updateMatrixWorld(true)
    const mirrored = new Vector3(0, 0, 0).applyMatrix4(anchor.matrixWorld)
    expect(mirrored.x).toBeCloseTo(-truth.x, 6)
    expect(mirrored.y).toBeCloseTo(truth.y, 6)
    expect(anchor.matrixWorld.determinant()).toBeGreaterThan(0)
  })

  it('holds the last pose briefly when the print is lost, then glides back to the screen', () => {
    const { anchor, placer, camera } = setup()
    const corners = cornersOf(POSE)
    for (let i = 0; i < 20; i++) placer.update(1 / 30, corners)
    const held = anchor.position.clone()
    for (let i = 0; i < 12; i++) placer.update(1 / 30, null)
    expect(placer.placement).toBe('print')
    expect(anchor.position.distanceTo(held)).toBeLessThan(1e-9)
    for (let i = 0; i < 20; i++) placer.update(1 / 30, null)
    expect(placer.placement).toBe('screen')
    const ahead = new Vector3(0, 0, -1.5).applyMatrix4(camera.matrixWorld)
    expect(anchor.position.distanceTo(ahead)).toBeLessThan(1e-9)
    expect(anchor.scale.x).toBeCloseTo(1, 9)
  })

  it('stays on the screen until the print is found, and follows the camera there', () => {
    const { anchor, placer, camera } = setup()
    camera.position.set(0.2, 0.1, 0)
    placer.update(1 / 30, null)
    expect(placer.placement).toBe('screen')
    expect(anchor.position.distanceTo(new Vector3(0.2, 0.1, -1.5))).toBeLessThan(1e-9)
  })
})
