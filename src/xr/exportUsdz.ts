/**
 * A USDZ of the shown model for AR Quick Look, made in the browser with three's USDZExporter
 * (imported here, so it loads only when Quick Look is offered). The export is at real scale:
 * the model's footprint becomes `widthM` metres and it stands on the floor, like the WebXR
 * placement.
 */
import { Box3, Group, Matrix4, type BufferGeometry, type Object3D } from 'three'

export async function exportUsdz(object: Object3D, widthM: number): Promise<Uint8Array> {
  const { USDZExporter } = await import('three/examples/jsm/exporters/USDZExporter.js')
  const box = boundsInParentSpace(object)
  const size = box.isEmpty() ? 1 : Math.max(box.max.x - box.min.x, box.max.z - box.min.z)
  const scale = size > 0 ? widthM / size : 1
  // The exporter writes each node's local matrix, from the object passed down. A root that lists
  // the model as a child without adopting it (no parent change) adds the real-scale transform
  // without taking the model out of the live scene for the duration of the export.
  const root = new Group()
  root.name = 'PrintAR'
  root.scale.setScalar(scale)
  // Quick Look anchors the scene origin to the surface: lift the model's bottom onto it.
  if (!box.isEmpty()) root.position.y = -box.min.y * scale
  root.updateMatrix()
  root.children = [object]
  try {
    return await new USDZExporter().parseAsync(root, { quickLookCompatible: true })
  } finally {
    root.children = []
  }
}

/** Bounds of `object`'s meshes in its parent's space (independent of where the parent is). */
export function boundsInParentSpace(object: Object3D): Box3 {
  object.updateWorldMatrix(true, true)
  const toParent = new Matrix4()
  if (object.parent) toParent.copy(object.parent.matrixWorld).invert()
  const box = new Box3()
  const part = new Box3()
  const matrix = new Matrix4()
  object.traverse((node) => {
    const geometry = (node as Object3D & { geometry?: BufferGeometry }).geometry
    if (!geometry?.isBufferGeometry) return
    if (!geometry.boundingBox) geometry.computeBoundingBox()
    if (!geometry.boundingBox) return
    part.copy(geometry.boundingBox).applyMatrix4(matrix.multiplyMatrices(toParent, node.matrixWorld))
    box.union(part)
  })
  return box
}
