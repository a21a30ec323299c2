/**
 * Deterministic drawing helpers shared by every asset kind: a seeded PRNG (no Math.random, so
 * every run draws the same pictures), fixed-precision numbers and SVG snippets.
 */
/** mulberry32: tiny, fast, good-enough seeded PRNG. */
export class Rng {
  private s: number
  constructor(seed: number) {
    this.s = seed >>> 0
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0
    let t = this.s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  range(a: number, b: number): number {
    return a + (b - a) * this.next()
  }
  int(a: number, b: number): number {
    return Math.floor(this.range(a, b + 1))
  }
  pick<T>(arr: readonly T[]): T {
    const v = arr[Math.floor(this.next() * arr.length)]
    if (v === undefined) throw new Error('pick from empty array')
    return v
  }
  chance(p: number): boolean {
    return this.next() < p
  }
}

export const TAU = Math.PI * 2

/** Fixed-precision number for SVG output (keeps files small and output stable). */
export const f = (n: number): string => (Math.round(n * 10) / 10).toString()

export const f2 = (n: number): string => (Math.round(n * 100) / 100).toString()

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

interface TextOpts {
  size: number
  family?: string
  weight?: string | number
  fill?: string
  anchor?: 'start' | 'middle' | 'end'
  stroke?: string
  strokeWidth?: number
  spacing?: number
  style?: string
  transform?: string
  opacity?: number
}

export function text(x: number, y: number, s: string, o: TextOpts): string {
  const attrs = [
    `x="${f(x)}"`,
    `y="${f(y)}"`,
    `font-family="${o.family ?? 'DejaVu Sans'}"`,
    `font-size="${o.size}"`,
    `font-weight="${o.weight ?? 'normal'}"`,
    `fill="${o.fill ?? '#fff'}"`,
    `text-anchor="${o.anchor ?? 'start'}"`,
  ]
  if (o.stroke) attrs.push(`stroke="${o.stroke}" stroke-width="${o.strokeWidth ?? 1}" paint-order="stroke" stroke-linejoin="round"`)
  if (o.spacing !== undefined) attrs.push(`letter-spacing="${o.spacing}"`)
  if (o.style) attrs.push(`font-style="${o.style}"`)
  if (o.transform) attrs.push(`transform="${o.transform}"`)
  if (o.opacity !== undefined) attrs.push(`opacity="${o.opacity}"`)
  return `<text ${attrs.join(' ')}>${esc(s)}</text>`
}

export function mix(a: [number, number, number], b: [number, number, number], t: number): [number, number, number] {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]
}

export function rgb(c: [number, number, number]): string {
  const h = (v: number) =>
    Math.round(Math.max(0, Math.min(255, v)))
      .toString(16)
      .padStart(2, '0')
  return `#${h(c[0])}${h(c[1])}${h(c[2])}`
}

export function svgDoc(w: number, h: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`
}

/** A small 5-point star path centred on 0,0 with outer radius r. */
export function starPath(r: number, points = 5, inner = 0.45): string {
  const pts: string[] = []
  for (let i = 0; i < points * 2; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / points
    const rr = i % 2 === 0 ? r : r * inner
    pts.push(`${f(Math.cos(a) * rr)},${f(Math.sin(a) * rr)}`)
  }
  return `M${pts.join('L')}Z`
}

/** Random confetti-like shape centred at 0,0 (to be placed with a transform). */
export function confetti(rng: Rng, size: number, color: string): string {
  const kind = rng.int(0, 5)
  switch (kind) {
    case 0:
      return `<path d="M0,${f(-size)}L${f(size * 0.87)},${f(size * 0.5)}L${f(-size * 0.87)},${f(size * 0.5)}Z" fill="${color}"/>`
    case 1:
      return `<rect x="${f(-size / 2)}" y="${f(-size / 4)}" width="${f(size)}" height="${f(size / 2)}" fill="${color}"/>`
    case 2:
      return `<circle r="${f(size * 0.55)}" fill="none" stroke="${color}" stroke-width="${f(Math.max(2, size / 5))}"/>`
    case 3:
      return `<path d="M${f(-size)},0l${f(size / 2)},${f(-size / 2)}l${f(size / 2)},${f(size / 2)}l${f(size / 2)},${f(-size / 2)}l${f(size / 2)},${f(size / 2)}" fill="none" stroke="${color}" stroke-width="${f(Math.max(2, size / 5))}" stroke-linejoin="miter"/>`
    case 4:
      return `<path d="${starPath(size * 0.8)}" fill="${color}"/>`
    default:
      return `<path d="M${f(-size / 2)},${f(-size / 7)}h${f(size)}v${f((size * 2) / 7)}h${f(-size)}Z M${f(-size / 7)},${f(-size / 2)}h${f((size * 2) / 7)}v${f(size)}h${f((-size * 2) / 7)}Z" fill="${color}"/>`
  }
}
