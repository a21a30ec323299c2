/**
 * Mesh building blocks for the sample models: boxes, cylinders, spheres, merged, wound
 * consistently; and Euler → quaternion.
 */

export interface Geo {
  positions: number[]
  normals: number[]
  indices: number[]
}

/** Makes every triangle wind counter-clockwise as seen from the side its vertex normals point to. */
function fixWinding(g: Geo): Geo {
  const p = g.positions
  const n = g.normals
  for (let t = 0; t < g.indices.length; t += 3) {
    const [a, b, c] = [g.indices[t]!, g.indices[t + 1]!, g.indices[t + 2]!]
    const e1 = [p[b * 3]! - p[a * 3]!, p[b * 3 + 1]! - p[a * 3 + 1]!, p[b * 3 + 2]! - p[a * 3 + 2]!]
    const e2 = [p[c * 3]! - p[a * 3]!, p[c * 3 + 1]! - p[a * 3 + 1]!, p[c * 3 + 2]! - p[a * 3 + 2]!]
    const fn = [e1[1]! * e2[2]! - e1[2]! * e2[1]!, e1[2]! * e2[0]! - e1[0]! * e2[2]!, e1[0]! * e2[1]! - e1[1]! * e2[0]!]
    let dot = 0
    for (const v of [a, b, c]) dot += fn[0]! * n[v * 3]! + fn[1]! * n[v * 3 + 1]! + fn[2]! * n[v * 3 + 2]!
    if (dot < 0) {
      g.indices[t + 1] = c
      g.indices[t + 2] = b
    }
  }
  return g
}

/** Axis-aligned box centred at (cx, cy, cz), flat-shaded (24 vertices). */
export function boxGeo(w: number, h: number, d: number, cx = 0, cy = 0, cz = 0): Geo {
  const g: Geo = { positions: [], normals: [], indices: [] }
  const faces: [number[], number[], number[]][] = [
    [
      [1, 0, 0],
      [0, 0, -1],
      [0, 1, 0],
    ],
    [
      [-1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
    ],
    [
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, -1],
    ],
    [
      [0, -1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ],
    [
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ],
    [
      [0, 0, -1],
      [-1, 0, 0],
      [0, 1, 0],
    ],
  ]
  const half = [w / 2, h / 2, d / 2]
  for (const [n, u, v] of faces) {
    const base = g.positions.length / 3
    for (const [su, sv] of [
      [-1, -1],
      [1, -1],
      [1, 1],
      [-1, 1],
    ] as const) {
      const pos = [0, 1, 2].map((k) => (n[k]! + u[k]! * su + v[k]! * sv) * half[k]!)
      g.positions.push(pos[0]! + cx, pos[1]! + cy, pos[2]! + cz)
      g.normals.push(n[0]!, n[1]!, n[2]!)
    }
    g.indices.push(base, base + 1, base + 2, base, base + 2, base + 3)
  }
  return fixWinding(g)
}

/** Cylinder / cone frustum along +Y from y0 to y0 + h, smooth sides, flat caps. */
export function cylinderGeo(rBottom: number, rTop: number, h: number, seg: number, y0 = 0, caps: [boolean, boolean] = [true, true]): Geo {
  const g: Geo = { positions: [], normals: [], indices: [] }
  const slope = rBottom - rTop
  const nl = Math.hypot(h, slope)
  for (let i = 0; i <= seg; i++) {
    const a = (i / seg) * Math.PI * 2
    const c = Math.cos(a)
    const s = Math.sin(a)
    g.positions.push(c * rBottom, y0, s * rBottom, c * rTop, y0 + h, s * rTop)
    g.normals.push((c * h) / nl, slope / nl, (s * h) / nl, (c * h) / nl, slope / nl, (s * h) / nl)
  }
  for (let i = 0; i < seg; i++) {
    const b0 = i * 2
    g.indices.push(b0, b0 + 1, b0 + 2, b0 + 1, b0 + 3, b0 + 2)
  }
  const cap = (y: number, r: number, ny: number) => {
    const centre = g.positions.length / 3
    g.positions.push(0, y, 0)
    g.normals.push(0, ny, 0)
    for (let i = 0; i <= seg; i++) {
      const a = (i / seg) * Math.PI * 2
      g.positions.push(Math.cos(a) * r, y, Math.sin(a) * r)
      g.normals.push(0, ny, 0)
    }
    for (let i = 0; i < seg; i++) g.indices.push(centre, centre + 1 + i, centre + 2 + i)
  }
  if (caps[0] && rBottom > 0) cap(y0, rBottom, -1)
  if (caps[1] && rTop > 0) cap(y0 + h, rTop, 1)
  return fixWinding(g)
}

/** UV sphere centred at (cx, cy, cz). */
export function sphereGeo(r: number, wSeg: number, hSeg: number, cx = 0, cy = 0, cz = 0): Geo {
  const g: Geo = { positions: [], normals: [], indices: [] }
  for (let j = 0; j <= hSeg; j++) {
    const v = (j / hSeg) * Math.PI
    for (let i = 0; i <= wSeg; i++) {
      const u = (i / wSeg) * Math.PI * 2
      const nx = Math.sin(v) * Math.cos(u)
      const ny = Math.cos(v)
      const nz = Math.sin(v) * Math.sin(u)
      g.positions.push(cx + nx * r, cy + ny * r, cz + nz * r)
      g.normals.push(nx, ny, nz)
    }
  }
  for (let j = 0; j < hSeg; j++) {
    for (let i = 0; i < wSeg; i++) {
      const a = j * (wSeg + 1) + i
      const b = a + wSeg + 1
      if (j !== 0) g.indices.push(a, b, a + 1)
      if (j !== hSeg - 1) g.indices.push(a + 1, b, b + 1)
    }
  }
  return fixWinding(g)
}

export function mergeGeo(...parts: Geo[]): Geo {
  const out: Geo = { positions: [], normals: [], indices: [] }
  for (const p of parts) {
    const base = out.positions.length / 3
    out.positions.push(...p.positions)
    out.normals.push(...p.normals)
    out.indices.push(...p.indices.map((i) => i + base))
  }
  return out
}

/** Quaternion [x, y, z, w] from Euler angles in degrees (XYZ order, like three.js). */
export function quat(xDeg: number, yDeg: number, zDeg: number): [number, number, number, number] {
  const [x, y, z] = [xDeg, yDeg, zDeg].map((d) => (d * Math.PI) / 360) as [number, number, number]
  const c1 = Math.cos(x),
    c2 = Math.cos(y),
    c3 = Math.cos(z)
  const s1 = Math.sin(x),
    s2 = Math.sin(y),
    s3 = Math.sin(z)
  return [s1 * c2 * c3 + c1 * s2 * s3, c1 * s2 * c3 - s1 * c2 * s3, c1 * c2 * s3 + s1 * s2 * c3, c1 * c2 * c3 - s1 * s2 * s3]
}
