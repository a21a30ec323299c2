/**
 * assets/content/robot.glb: "Volt", the robot mascot.
 */
import { TAU } from '../draw.ts'
import { ModelBuilder, keys } from './ModelBuilder.ts'
import { boxGeo, cylinderGeo, sphereGeo, mergeGeo, quat } from './geometry.ts'

/** "Volt": a small stylised robot mascot, ~1.1 units tall, origin at its feet. Clips: Idle, Wave, Dance, Spin. */
export async function makeRobot(file: string): Promise<Uint8Array> {
  const b = new ModelBuilder()
  const teal = b.material('TealMetal', [0.08, 0.7, 0.78], 0.6, 0.35)
  const white = b.material('WhitePlastic', [0.93, 0.93, 0.96], 0.0, 0.45)
  const dark = b.material('DarkGlass', [0.04, 0.03, 0.08], 0.2, 0.1)
  const magenta = b.material('MagentaGlow', [1.0, 0.18, 0.6], 0.0, 0.5, [1.0, 0.1, 0.55])
  const cyan = b.material('CyanGlow', [0.25, 0.95, 1.0], 0.0, 0.3, [0.2, 0.9, 1.0])
  const yellow = b.material('YellowGlow', [1.0, 0.86, 0.2], 0.0, 0.4, [1.0, 0.75, 0.1])
  const steel = b.material('Steel', [0.55, 0.57, 0.62], 1.0, 0.3)

  // built ~1.26 units tall (antenna included); scaled to ~1 unit at the root
  const root = b.node('Volt', { s: [0.8, 0.8, 0.8] })
  // legs and feet (static, children of the root)
  const legMesh = b.mesh('Leg', mergeGeo(cylinderGeo(0.05, 0.045, 0.32, 16, 0.05), boxGeo(0.13, 0.06, 0.2, 0, 0.03, 0.03)), steel)
  b.node('LegL', { mesh: legMesh, t: [-0.11, 0, 0], parent: root })
  b.node('LegR', { mesh: legMesh, t: [0.11, 0, 0], parent: root })
  // body (bobs)
  const hips = b.node('Hips', { t: [0, 0.34, 0], parent: root })
  b.node('Body', { mesh: b.mesh('Body', boxGeo(0.44, 0.4, 0.3, 0, 0.2, 0), teal), parent: hips })
  b.node('Belt', { mesh: b.mesh('Belt', boxGeo(0.46, 0.06, 0.32, 0, 0.03, 0), white), parent: hips })
  b.node('Screen', { mesh: b.mesh('Screen', boxGeo(0.24, 0.13, 0.02, 0, 0.25, 0.155), dark), parent: hips })
  b.node('Heart', { mesh: b.mesh('Heart', sphereGeo(0.035, 16, 10, 0, 0.25, 0.165), magenta), parent: hips })
  const buttonMesh = b.mesh('Button', sphereGeo(0.018, 10, 6), yellow)
  for (const [i, x] of [-0.06, 0, 0.06].entries()) b.node(`Button${i}`, { mesh: buttonMesh, t: [x, 0.13, 0.152], parent: hips })
  // head
  const head = b.node('Head', { t: [0, 0.4, 0], parent: hips })
  b.node('Neck', { mesh: b.mesh('Neck', cylinderGeo(0.06, 0.06, 0.05, 16, -0.01), steel), parent: head })
  b.node('Skull', { mesh: b.mesh('Skull', boxGeo(0.38, 0.28, 0.3, 0, 0.18, 0), white), parent: head })
  b.node('Visor', { mesh: b.mesh('Visor', boxGeo(0.3, 0.12, 0.02, 0, 0.19, 0.155), dark), parent: head })
  const eyeMesh = b.mesh('Eye', sphereGeo(0.032, 16, 10), cyan)
  b.node('EyeL', { mesh: eyeMesh, t: [-0.07, 0.19, 0.165], s: [1, 1, 0.5], parent: head })
  b.node('EyeR', { mesh: eyeMesh, t: [0.07, 0.19, 0.165], s: [1, 1, 0.5], parent: head })
  const earMesh = b.mesh('Ear', cylinderGeo(0.06, 0.045, 0.05, 16, 0), teal)
  b.node('EarL', { mesh: earMesh, t: [-0.19, 0.18, 0], r: quat(0, 0, 90), parent: head })
  b.node('EarR', { mesh: earMesh, t: [0.19, 0.18, 0], r: quat(0, 0, -90), parent: head })
  b.node('Antenna', { mesh: b.mesh('Antenna', cylinderGeo(0.012, 0.01, 0.14, 8, 0.32), steel), parent: head })
  const tip = b.node('AntennaTip', { mesh: b.mesh('AntennaTip', sphereGeo(0.04, 16, 10), yellow), t: [0, 0.48, 0], parent: head })
  // arms pivot at the shoulders
  const armGeo = mergeGeo(sphereGeo(0.055, 12, 8), cylinderGeo(0.045, 0.04, 0.26, 12, -0.3))
  const armMesh = b.mesh('Arm', armGeo, teal)
  const handMesh = b.mesh('Hand', sphereGeo(0.065, 14, 10, 0, -0.34, 0), white)
  const armL = b.node('ArmL', { mesh: armMesh, t: [-0.27, 0.34, 0], parent: hips })
  const armR = b.node('ArmR', { mesh: armMesh, t: [0.27, 0.34, 0], parent: hips })
  b.node('HandL', { mesh: handMesh, parent: armL })
  b.node('HandR', { mesh: handMesh, parent: armR })

  const s = Math.sin
  // Idle: gentle breathing bob, look around, antenna pulse, arms sway (2 s loop)
  b.clip('Idle', [
    [hips, 'translation', ...keys(2, 16, (u) => [0, 0.34 + 0.02 * s(u * TAU), 0])],
    [head, 'rotation', ...keys(2, 16, (u) => quat(3 * s(u * TAU), 12 * s(u * TAU), 4 * s(u * TAU * 2)))],
    [
      tip,
      'scale',
      ...keys(2, 16, (u) => {
        const k = 1 + 0.3 * Math.max(0, s(u * TAU * 2))
        return [k, k, k]
      }),
    ],
    [armL, 'rotation', ...keys(2, 16, (u) => quat(8 * s(u * TAU), 0, -6))],
    [armR, 'rotation', ...keys(2, 16, (u) => quat(-8 * s(u * TAU), 0, 6))],
  ])
  // Wave: right arm up and waving (1.6 s loop)
  b.clip('Wave', [
    [armR, 'rotation', ...keys(1.6, 16, (u) => quat(0, 0, 140 + 25 * s(u * TAU * 2)))],
    [armL, 'rotation', ...keys(1.6, 16, () => quat(0, 0, -6))],
    [head, 'rotation', ...keys(1.6, 16, (u) => quat(0, 10, -8 + 4 * s(u * TAU)))],
    [hips, 'translation', ...keys(1.6, 16, (u) => [0, 0.34 + 0.012 * s(u * TAU * 2), 0])],
  ])
  // Dance: bounce, twist, arms pumping, antenna flashing (2 s loop, 120 bpm)
  b.clip('Dance', [
    [root, 'rotation', ...keys(2, 24, (u) => quat(0, 25 * s(u * TAU), 0))],
    [hips, 'translation', ...keys(2, 24, (u) => [0.03 * s(u * TAU), 0.34 + 0.035 * Math.abs(s(u * TAU * 2)), 0])],
    [head, 'rotation', ...keys(2, 24, (u) => quat(0, -15 * s(u * TAU), 12 * s(u * TAU * 2)))],
    [armL, 'rotation', ...keys(2, 24, (u) => quat(0, 0, -30 - 60 * Math.max(0, s(u * TAU * 2))))],
    [armR, 'rotation', ...keys(2, 24, (u) => quat(0, 0, 30 + 60 * Math.max(0, -s(u * TAU * 2))))],
    [
      tip,
      'scale',
      ...keys(2, 24, (u) => {
        const k = 1 + 0.5 * Math.abs(s(u * TAU * 4))
        return [k, k, k]
      }),
    ],
  ])
  // Spin: a full turn on the spot with a little hop (2 s loop)
  b.clip('Spin', [
    [root, 'rotation', ...keys(2, 8, (u) => quat(0, 360 * u, 0))],
    [hips, 'translation', ...keys(2, 8, (u) => [0, 0.34 + 0.05 * s(u * Math.PI), 0])],
    [armL, 'rotation', ...keys(2, 8, (u) => quat(0, 0, -70 * s(u * Math.PI)))],
    [armR, 'rotation', ...keys(2, 8, (u) => quat(0, 0, 70 * s(u * Math.PI)))],
  ])
  return b.write(file, root)
}
