/**
 * Writes assets/content/*.glb and checks each by parsing it back (gltf-transform and three).
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { NodeIO } from '@gltf-transform/core'
import { ROOT, CONTENT_DIR } from '../paths.ts'
import { makeRobot } from './robot.ts'
import { makeTeaCan } from './teaCan.ts'

/** Parses a GLB back (gltf-transform and three.js GLTFLoader) and returns a short summary. */
async function verifyGlb(file: string, glb: Uint8Array): Promise<string> {
  const doc = await new NodeIO().readBinary(glb)
  const clips = doc
    .getRoot()
    .listAnimations()
    .map((a) => a.getName())
  const meshes = doc.getRoot().listMeshes().length
  const { GLTFLoader } = await import('three/examples/jsm/loaders/GLTFLoader.js')
  const { Box3 } = await import('three')
  const ab = glb.buffer.slice(glb.byteOffset, glb.byteOffset + glb.byteLength) as ArrayBuffer
  const gltf = await new Promise<{ animations: { name: string; duration: number }[]; scene: import('three').Object3D }>((resolve, reject) =>
    new GLTFLoader().parse(ab, '', (g) => resolve(g as never), reject),
  )
  if (gltf.animations.length === 0) throw new Error(`${file}: three.js found no animations`)
  const box = new Box3().setFromObject(gltf.scene)
  const size = box.max.clone().sub(box.min)
  return (
    `${path.relative(ROOT, file)}  ${glb.byteLength} B  meshes ${meshes}  clips ${clips.join(', ')}  ` +
    `(three: ${gltf.animations.map((a) => `${a.name} ${a.duration.toFixed(1)}s`).join(', ')})  ` +
    `size ${size.x.toFixed(2)} x ${size.y.toFixed(2)} x ${size.z.toFixed(2)}, min y ${box.min.y.toFixed(2)}`
  )
}

export async function makeModels(): Promise<void> {
  mkdirSync(CONTENT_DIR, { recursive: true })
  for (const [name, make] of [
    ['robot.glb', makeRobot],
    ['tea-can.glb', makeTeaCan],
  ] as const) {
    const file = path.join(CONTENT_DIR, name)
    const glb = await make(file)
    console.log(`model   ${await verifyGlb(file, glb)}`)
  }
}
