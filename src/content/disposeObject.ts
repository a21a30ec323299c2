/**
 * Frees the GPU resources of an object tree we created: geometries, materials, every texture a
 * material references, skeleton bone textures, and ImageBitmaps behind textures (closed at
 * once instead of waiting for GC). Shared resources are disposed once.
 */
import { Material, type Mesh, type Object3D, SkinnedMesh, Texture, type BufferGeometry } from 'three'

export interface DisposeCounts {
  geometries: number
  materials: number
  textures: number
}

export function disposeObject(root: Object3D): DisposeCounts {
  const geometries = new Set<BufferGeometry>()
  const materials = new Set<Material>()
  const textures = new Set<Texture>()
  root.traverse((node) => {
    const mesh = node as Partial<Mesh>
    if (mesh.geometry) geometries.add(mesh.geometry)
    const material = mesh.material
    if (Array.isArray(material)) material.forEach((m) => materials.add(m))
    else if (material instanceof Material) materials.add(material)
    if (node instanceof SkinnedMesh) node.skeleton.dispose()
  })
  for (const material of materials) {
    for (const value of Object.values(material)) {
      if (value instanceof Texture) textures.add(value)
    }
    // ShaderMaterial keeps textures in uniforms.
    const uniforms = (material as { uniforms?: Record<string, { value?: unknown }> }).uniforms
    if (uniforms) {
      for (const uniform of Object.values(uniforms)) if (uniform?.value instanceof Texture) textures.add(uniform.value)
    }
  }
  for (const geometry of geometries) geometry.dispose()
  for (const material of materials) material.dispose()
  for (const texture of textures) {
    texture.dispose()
    const data: unknown = texture.source?.data
    if (typeof ImageBitmap !== 'undefined' && data instanceof ImageBitmap) data.close()
  }
  root.removeFromParent()
  return { geometries: geometries.size, materials: materials.size, textures: textures.size }
}
