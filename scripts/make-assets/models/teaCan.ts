/**
 * assets/content/tea-can.glb: the "Mori Sencha" tea caddy.
 */
import type { Node as GNode } from '@gltf-transform/core'
import { TAU } from '../draw.ts'
import { type Track, ModelBuilder, keys } from './ModelBuilder.ts'
import { cylinderGeo, sphereGeo, mergeGeo, quat } from './geometry.ts'

/** "Mori Sencha" tea caddy, ~0.95 units tall, origin at its base. Clips: Spin, Open. */
export async function makeTeaCan(file: string): Promise<Uint8Array> {
  const b = new ModelBuilder()
  const green = b.material('LacquerGreen', [0.07, 0.3, 0.2], 0.55, 0.28)
  const cream = b.material('PaperLabel', [0.95, 0.9, 0.78], 0.0, 0.7)
  const gold = b.material('Gold', [1.0, 0.76, 0.33], 1.0, 0.22)
  const red = b.material('SealRed', [0.78, 0.16, 0.12], 0.0, 0.5)
  const leafMat = b.material('TeaLeaf', [0.35, 0.68, 0.3], 0.0, 0.55, [0.05, 0.15, 0.03])
  const SEG = 48

  const root = b.node('TeaCan')
  const can = b.node('Can', { parent: root })
  b.node('Body', { mesh: b.mesh('Body', cylinderGeo(0.3, 0.3, 0.7, SEG, 0.03), green), parent: can })
  b.node('Base', { mesh: b.mesh('Base', cylinderGeo(0.29, 0.3, 0.03, SEG, 0), gold), parent: can })
  b.node('Label', { mesh: b.mesh('Label', cylinderGeo(0.304, 0.304, 0.3, SEG, 0.2, [false, false]), cream), parent: can })
  const ringGeo = mergeGeo(
    cylinderGeo(0.309, 0.309, 0.022, SEG, 0.19, [false, false]),
    cylinderGeo(0.309, 0.309, 0.022, SEG, 0.49, [false, false]),
  )
  b.node('Rings', { mesh: b.mesh('Rings', ringGeo, gold), parent: can })
  // front emblem: red sun disc + a gold leaf
  b.node('Seal', { mesh: b.mesh('Seal', cylinderGeo(0.085, 0.085, 0.012, 32, 0), red), t: [0, 0.38, 0.3], r: quat(90, 0, 0), parent: can })
  const leafMesh = b.mesh('Leaf', sphereGeo(1, 16, 8), leafMat)
  b.node('LabelLeaf', { mesh: leafMesh, t: [0.02, 0.3, 0.31], r: quat(0, 0, -35), s: [0.03, 0.07, 0.008], parent: can })
  // lid with knob
  const lid = b.node('Lid', { t: [0, 0.71, 0], parent: can })
  b.node('LidShell', { mesh: b.mesh('LidShell', cylinderGeo(0.312, 0.312, 0.14, SEG, 0), gold), parent: lid })
  b.node('LidTop', { mesh: b.mesh('LidTop', cylinderGeo(0.3, 0.1, 0.05, SEG, 0.14), gold), parent: lid })
  b.node('Knob', { mesh: b.mesh('Knob', sphereGeo(0.06, 20, 12, 0, 0.2, 0), red), parent: lid })
  // three tea leaves orbiting the caddy
  const orbit = b.node('LeafOrbit', { parent: root })
  const leaves: GNode[] = []
  for (let i = 0; i < 3; i++) {
    const a = (i / 3) * TAU
    const pivot = b.node(`LeafPivot${i}`, {
      t: [Math.cos(a) * 0.46, 0.45 + i * 0.14, Math.sin(a) * 0.46],
      r: quat(0, (-a * 180) / Math.PI, 0),
      parent: orbit,
    })
    leaves.push(b.node(`Leaf${i}`, { mesh: leafMesh, r: quat(70, 0, 20), s: [0.045, 0.1, 0.012], parent: pivot }))
  }

  const s = Math.sin
  // Spin: the caddy turns once, hovers a little; the leaves orbit the other way and flutter (3 s loop)
  b.clip('Spin', [
    [can, 'rotation', ...keys(3, 12, (u) => quat(0, 360 * u, 0))],
    [can, 'translation', ...keys(3, 12, (u) => [0, 0.03 * (1 - Math.cos(u * TAU)), 0])],
    [orbit, 'rotation', ...keys(3, 12, (u) => quat(0, -360 * u, 0))],
    ...leaves.map(
      (leafNode, i): Track => [
        leafNode,
        'rotation',
        ...keys(3, 12, (u) => quat(70 + 25 * s(u * TAU * 2 + i), 0, 20 + 20 * s(u * TAU + i))),
      ],
    ),
  ])
  // Open: squash, the lid pops up and twists, then settles (2 s loop)
  const ease = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x * x * (3 - 2 * x))
  b.clip('Open', [
    [
      can,
      'scale',
      ...keys(2, 20, (u) => {
        const k = 0.06 * s(Math.min(1, u / 0.2) * Math.PI)
        return [1 + k, 1 - k, 1 + k]
      }),
    ],
    [lid, 'translation', ...keys(2, 20, (u) => [0, 0.71 + 0.22 * (ease((u - 0.15) / 0.25) - ease((u - 0.7) / 0.25)), 0])],
    [lid, 'rotation', ...keys(2, 20, (u) => quat(0, 90 * (ease((u - 0.15) / 0.25) - ease((u - 0.7) / 0.25)), 0))],
    [
      orbit,
      'scale',
      ...keys(2, 20, (u) => {
        const k = 0.6 + 0.4 * s(u * Math.PI)
        return [k, 1, k]
      }),
    ],
  ])
  return b.write(file, root)
}
