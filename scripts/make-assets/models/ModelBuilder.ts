/**
 * A small wrapper around a gltf-transform Document for building simple animated models.
 */
import { writeFileSync } from 'node:fs'
import { Document, NodeIO, type Material, type Mesh, type Node as GNode } from '@gltf-transform/core'
import type { Geo } from './geometry.ts'

/** One animation track: target node, channel path, key times (s), key values. */
export type Track = [GNode, 'translation' | 'rotation' | 'scale', number[], number[][]]

/** Small wrapper around a gltf-transform Document for building simple animated models. */
export class ModelBuilder {
  readonly doc = new Document()
  private readonly buffer = this.doc.createBuffer()
  private readonly materials = new Map<string, Material>()

  material(
    name: string,
    color: [number, number, number],
    metallic: number,
    roughness: number,
    emissive?: [number, number, number],
  ): Material {
    const m = this.doc
      .createMaterial(name)
      .setBaseColorFactor([color[0], color[1], color[2], 1])
      .setMetallicFactor(metallic)
      .setRoughnessFactor(roughness)
    if (emissive) m.setEmissiveFactor(emissive)
    this.materials.set(name, m)
    return m
  }

  mesh(name: string, geo: Geo, material: Material): Mesh {
    const pos = this.doc.createAccessor(`${name}_POSITION`).setType('VEC3').setArray(new Float32Array(geo.positions)).setBuffer(this.buffer)
    const nrm = this.doc.createAccessor(`${name}_NORMAL`).setType('VEC3').setArray(new Float32Array(geo.normals)).setBuffer(this.buffer)
    const idx = this.doc.createAccessor(`${name}_INDEX`).setType('SCALAR').setArray(new Uint16Array(geo.indices)).setBuffer(this.buffer)
    const prim = this.doc.createPrimitive().setAttribute('POSITION', pos).setAttribute('NORMAL', nrm).setIndices(idx).setMaterial(material)
    return this.doc.createMesh(name).addPrimitive(prim)
  }

  node(
    name: string,
    opts: {
      mesh?: Mesh
      t?: [number, number, number]
      r?: [number, number, number, number]
      s?: [number, number, number]
      parent?: GNode
    } = {},
  ): GNode {
    const n = this.doc.createNode(name)
    if (opts.mesh) n.setMesh(opts.mesh)
    if (opts.t) n.setTranslation(opts.t)
    if (opts.r) n.setRotation(opts.r)
    if (opts.s) n.setScale(opts.s)
    opts.parent?.addChild(n)
    return n
  }

  /** Adds a clip made of LINEAR tracks. */
  clip(name: string, tracks: Track[]): void {
    const anim = this.doc.createAnimation(name)
    for (const [node, pathName, times, values] of tracks) {
      const input = this.doc
        .createAccessor(`${name}_${node.getName()}_${pathName}_t`)
        .setType('SCALAR')
        .setArray(new Float32Array(times))
        .setBuffer(this.buffer)
      const output = this.doc
        .createAccessor(`${name}_${node.getName()}_${pathName}_v`)
        .setType(pathName === 'rotation' ? 'VEC4' : 'VEC3')
        .setArray(new Float32Array(values.flat()))
        .setBuffer(this.buffer)
      const sampler = this.doc.createAnimationSampler().setInput(input).setOutput(output).setInterpolation('LINEAR')
      const channel = this.doc.createAnimationChannel().setTargetNode(node).setTargetPath(pathName).setSampler(sampler)
      anim.addSampler(sampler).addChannel(channel)
    }
  }

  async write(file: string, root: GNode): Promise<Uint8Array> {
    const scene = this.doc.createScene('Scene').addChild(root)
    this.doc.getRoot().setDefaultScene(scene)
    this.doc.getRoot().getAsset().generator = 'print-ar scripts/make-assets.ts'
    const glb = await new NodeIO().writeBinary(this.doc)
    writeFileSync(file, glb)
    return glb
  }
}

/** Samples f at n+1 evenly spaced times over [0, duration] (first and last keys equal for loops). */
export function keys(duration: number, n: number, fn: (u: number) => number[]): [number[], number[][]] {
  const times: number[] = []
  const values: number[][] = []
  for (let i = 0; i <= n; i++) {
    const u = i / n
    times.push(Math.round(u * duration * 1000) / 1000)
    values.push(fn(u))
  }
  return [times, values]
}
