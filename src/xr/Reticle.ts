/**
 * The ring that shows where a tap would place the content: it follows the WebXR hit-test pose
 * (matrix set from the pose every frame, so no auto-update). Owns its geometry and material.
 */
import { Mesh, MeshBasicMaterial, RingGeometry, type Object3D } from 'three'

export class Reticle {
  readonly object: Mesh<RingGeometry, MeshBasicMaterial>

  constructor(parent: Object3D) {
    // Flat on the surface: the ring is built in XY, the hit pose's +Y is the surface normal.
    const geometry = new RingGeometry(0.06, 0.08, 40).rotateX(-Math.PI / 2)
    const material = new MeshBasicMaterial({ color: 0x4ade80, transparent: true, opacity: 0.9, depthTest: false })
    this.object = new Mesh(geometry, material)
    this.object.name = 'xr:reticle'
    this.object.matrixAutoUpdate = false
    this.object.visible = false
    this.object.renderOrder = 10
    parent.add(this.object)
  }

  /** Shows the ring at a column-major 4×4 pose matrix, or hides it (null). */
  setPose(matrix: ArrayLike<number> | null): void {
    if (!matrix) {
      this.object.visible = false
      return
    }
    this.object.matrix.fromArray(matrix as number[])
    this.object.matrixWorldNeedsUpdate = true
    this.object.visible = true
  }

  dispose(): void {
    this.object.removeFromParent()
    this.object.geometry.dispose()
    this.object.material.dispose()
  }
}
