/**
 * Target 1, `neon-concert`: a synthwave concert poster.
 */
import { Rng, f, text, svgDoc, starPath, confetti } from '../draw.ts'

/** 1. Synthwave concert poster, portrait 600x800. */
export function neonConcertSvg(): string {
  const W = 600
  const H = 800
  const rng = new Rng(0xc0ffee01)
  const out: string[] = []
  out.push(`<defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0.3" y2="1">
      <stop offset="0" stop-color="#0d0026"/><stop offset="0.45" stop-color="#3b0a6b"/><stop offset="0.7" stop-color="#a0136e"/><stop offset="1" stop-color="#ff2d75"/>
    </linearGradient>
    <linearGradient id="sun" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#fff36b"/><stop offset="0.45" stop-color="#ff9a3d"/><stop offset="1" stop-color="#ff2d95"/>
    </linearGradient>
    <linearGradient id="floor" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2a0650"/><stop offset="1" stop-color="#12002b"/>
    </linearGradient>
    <linearGradient id="title" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="#3ff4ff"/><stop offset="0.5" stop-color="#ffffff"/><stop offset="1" stop-color="#ff6ad5"/>
    </linearGradient>
    <clipPath id="sunclip"><circle cx="300" cy="390" r="165"/></clipPath>
  </defs>`)
  out.push(`<rect width="${W}" height="${H}" fill="url(#bg)"/>`)

  // stars of various sizes
  for (let i = 0; i < 260; i++) {
    const x = rng.range(0, W)
    const y = rng.range(0, 560)
    const r = rng.chance(0.1) ? rng.range(1.8, 3) : rng.range(0.6, 1.6)
    out.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(r)}" fill="#fff" opacity="${f(rng.range(0.4, 1))}"/>`)
  }
  // a few sparkle stars
  for (let i = 0; i < 14; i++) {
    const x = rng.range(20, W - 20)
    const y = rng.range(20, 540)
    out.push(
      `<path transform="translate(${f(x)},${f(y)}) rotate(${f(rng.range(0, 45))})" d="${starPath(rng.range(5, 11), 4, 0.25)}" fill="#fff"/>`,
    )
  }
  // laser beams from the stage
  for (let i = 0; i < 16; i++) {
    const a = rng.range(-Math.PI * 0.95, -Math.PI * 0.05)
    const x0 = rng.range(200, 400)
    const len = rng.range(500, 900)
    const c = rng.pick(['#3ff4ff', '#ff6ad5', '#b6ff3f', '#ffe45c'])
    out.push(
      `<line x1="${f(x0)}" y1="560" x2="${f(x0 + Math.cos(a) * len)}" y2="${f(560 + Math.sin(a) * len)}" stroke="${c}" stroke-width="${f(rng.range(1, 3.5))}" opacity="${f(rng.range(0.35, 0.7))}"/>`,
    )
  }
  // jittered halftone clouds in two corners (dot size fades with distance; positions jittered)
  const halftone = (cx: number, cy: number, radius: number, color: string) => {
    for (let y = cy - radius; y < cy + radius; y += 13) {
      for (let x = cx - radius; x < cx + radius; x += 13) {
        const jx = x + rng.range(-3, 3)
        const jy = y + rng.range(-3, 3)
        const d = Math.hypot(jx - cx, jy - cy) / radius
        if (d > 1) continue
        const r = (1 - d) * 6 * rng.range(0.6, 1.2)
        if (r < 0.8) continue
        out.push(`<circle cx="${f(jx)}" cy="${f(jy)}" r="${f(r)}" fill="${color}"/>`)
      }
    }
  }
  halftone(40, 300, 170, '#ff6ad5')
  halftone(570, 120, 150, '#3ff4ff')

  // retro sun with cut stripes of growing thickness
  out.push(`<circle cx="300" cy="390" r="165" fill="url(#sun)"/>`)
  let sy = 400
  let th = 3
  const stripes: string[] = []
  while (sy < 560) {
    stripes.push(`<rect x="100" y="${f(sy)}" width="400" height="${f(th)}" fill="#4a0c6e"/>`)
    sy += th + 12 - th * 0.5
    th += 2.5
  }
  out.push(`<g clip-path="url(#sunclip)">${stripes.join('')}</g>`)
  // jittered halftone dots on the upper half of the sun, fading towards its centre
  const sunDots: string[] = []
  for (let y = 232; y < 400; y += 11) {
    for (let x = 140; x < 460; x += 11) {
      const jx = x + rng.range(-2.5, 2.5)
      const jy = y + rng.range(-2.5, 2.5)
      if (Math.hypot(jx - 300, jy - 390) > 158) continue
      const r = ((400 - jy) / 168) * 3.6 * rng.range(0.5, 1.2)
      if (r > 0.7) sunDots.push(`<circle cx="${f(jx)}" cy="${f(jy)}" r="${f(r)}"/>`)
    }
  }
  out.push(`<g fill="#ff2d95" opacity="0.55">${sunDots.join('')}</g>`)

  // mountain range silhouettes (two layers)
  const ridge = (base: number, amp: number, step: number, fill: string, rim: string) => {
    const pts: string[] = [`0,${base}`]
    let x = 0
    while (x < W) {
      x += rng.range(step * 0.5, step * 1.5)
      const peak = base - rng.range(amp * 0.2, amp)
      pts.push(`${f(Math.min(W, x))},${f(peak)}`)
    }
    pts.push(`${W},${base + 2}`, `0,${base + 2}`)
    out.push(`<polygon points="${pts.join(' ')}" fill="${fill}" stroke="${rim}" stroke-width="2" stroke-linejoin="miter"/>`)
  }
  ridge(560, 110, 70, '#2a0a52', '#ff6ad5')
  ridge(562, 60, 45, '#17043a', '#3ff4ff')

  // perspective floor grid (converging lines, rows spaced quadratically)
  out.push(`<rect x="0" y="562" width="${W}" height="${H - 562}" fill="url(#floor)"/>`)
  const grid: string[] = []
  for (let k = 1; k < 14; k++) {
    const y = 562 + k * k * 1.45
    if (y > H) break
    grid.push(`M0,${f(y)}H${W}`)
  }
  for (let k = -14; k <= 14; k++) {
    grid.push(`M${f(300 + k * 10)},562L${f(300 + k * 95)},${H}`)
  }
  out.push(`<path d="${grid.join('')}" stroke="#ff2d95" stroke-width="1.6" fill="none" opacity="0.6"/>`)

  // stage at the horizon: speaker stacks and a lighting truss
  const stage: string[] = [
    `<rect x="214" y="520" width="172" height="42" fill="#12002b"/>`,
    `<path d="M206,470H394M206,478H394" stroke="#d9d2ff" stroke-width="3"/>`,
  ]
  for (let x = 206; x < 394; x += 18)
    stage.push(`<path d="M${x},470L${x + 9},478L${x + 18},470" stroke="#d9d2ff" stroke-width="2" fill="none"/>`)
  for (let i = 0; i < 6; i++) {
    const x = 222 + i * 30 + rng.range(-3, 3)
    stage.push(`<path d="M${f(x)},480l-7,12h14Z" fill="${rng.pick(['#3ff4ff', '#ffe45c', '#ff6ad5'])}"/>`)
  }
  for (const sx of [196, 366]) {
    for (let k = 0; k < 3; k++) {
      const y = 504 + k * 19
      stage.push(
        `<rect x="${sx}" y="${y}" width="38" height="18" fill="#12002b" stroke="#d9d2ff" stroke-width="1.5"/><circle cx="${sx + 11}" cy="${y + 9}" r="5.5" fill="#d9d2ff"/><circle cx="${sx + 11}" cy="${y + 9}" r="2" fill="#12002b"/><circle cx="${sx + 28}" cy="${y + 9}" r="3" fill="#d9d2ff"/>`,
      )
    }
  }
  out.push(stage.join(''))
  // palm tree silhouettes in front of the sunset
  palmTree(out, rng, 78, 566, 190, -8, '#14002e')
  palmTree(out, rng, 150, 566, 120, 10, '#1f0440')
  palmTree(out, rng, 520, 566, 170, 9, '#14002e')

  // confetti over everything
  const palette = ['#3ff4ff', '#ff6ad5', '#b6ff3f', '#ffe45c', '#ffffff', '#ff8a3d']
  for (let i = 0; i < 70; i++) {
    const x = rng.range(10, W - 10)
    const y = rng.range(10, H - 10)
    out.push(
      `<g transform="translate(${f(x)},${f(y)}) rotate(${f(rng.range(0, 360))})">${confetti(rng, rng.range(6, 16), rng.pick(palette))}</g>`,
    )
  }

  // lightning bolts framing the title
  const bolt = (x: number, y: number, s: number, rot: number, c: string) =>
    out.push(
      `<path transform="translate(${x},${y}) rotate(${rot}) scale(${s})" d="M0,0L22,0L12,26L28,26L-6,70L4,36L-10,36Z" fill="${c}" stroke="#12002b" stroke-width="2"/>`,
    )
  bolt(40, 40, 1.3, -12, '#ffe45c')
  bolt(540, 190, 1.1, 18, '#b6ff3f')

  // title
  out.push(
    text(300, 150, 'NEON', {
      size: 156,
      weight: 'bold',
      family: 'DejaVu Sans',
      anchor: 'middle',
      fill: 'url(#title)',
      stroke: '#12002b',
      strokeWidth: 10,
      spacing: 4,
    }),
  )
  out.push(
    text(300, 232, 'NIGHTS', {
      size: 84,
      weight: 'bold',
      family: 'DejaVu Sans',
      anchor: 'middle',
      fill: 'none',
      stroke: '#3ff4ff',
      strokeWidth: 3.5,
      spacing: 14,
    }),
  )
  out.push(
    text(300, 270, 'LIVE AT THE PIER · SAT 14 JUNE', {
      size: 22,
      weight: 'bold',
      family: 'Liberation Sans Narrow',
      anchor: 'middle',
      fill: '#ffe45c',
      spacing: 3,
      stroke: '#12002b',
      strokeWidth: 4,
    }),
  )
  out.push(
    text(44, 500, 'SUMMER TOUR 2025', {
      size: 18,
      weight: 'bold',
      family: 'DejaVu Sans Mono',
      fill: '#ffffff',
      transform: 'rotate(-90 44 500)',
      spacing: 3,
      stroke: '#12002b',
      strokeWidth: 3,
    }),
  )
  out.push(
    text(556, 300, 'ALL AGES · OPEN AIR', {
      size: 16,
      weight: 'bold',
      family: 'DejaVu Sans Mono',
      fill: '#ffe45c',
      transform: 'rotate(90 556 300)',
      spacing: 2,
      stroke: '#12002b',
      strokeWidth: 3,
    }),
  )

  // line-up on a translucent band over the floor
  out.push(`<rect x="40" y="600" width="520" height="156" rx="8" fill="#12002b" opacity="0.72" stroke="#ff6ad5" stroke-width="2"/>`)
  out.push(
    text(300, 640, 'THE VOLTAGE KIDS', {
      size: 38,
      weight: 'bold',
      family: 'Liberation Sans Narrow',
      anchor: 'middle',
      fill: '#ffffff',
      spacing: 1,
    }),
  )
  out.push(
    text(300, 676, 'MIDNIGHT ARCADE  ✦  LUNA & THE LASERS', {
      size: 25,
      weight: 'bold',
      family: 'Liberation Sans Narrow',
      anchor: 'middle',
      fill: '#3ff4ff',
    }),
  )
  out.push(
    text(300, 708, 'DJ KOBALT  ✦  SYNTH SISTERS  ✦  ORBIT 9', {
      size: 22,
      weight: 'bold',
      family: 'Liberation Sans Narrow',
      anchor: 'middle',
      fill: '#ff6ad5',
    }),
  )
  out.push(
    text(300, 740, 'DOORS 8PM · TICKETS AT NEONNIGHTS.EXAMPLE', {
      size: 15,
      family: 'DejaVu Sans Mono',
      anchor: 'middle',
      fill: '#ffe45c',
    }),
  )
  out.push(
    text(300, 788, 'No 2025-06 · PRINT & POINT YOUR PHONE', {
      size: 12,
      family: 'DejaVu Sans Mono',
      anchor: 'middle',
      fill: '#ffffff',
      opacity: 0.8,
    }),
  )
  return svgDoc(W, H, out.join('\n'))
}

/** A palm tree silhouette with serrated fronds, trunk base at (x, y). */
function palmTree(out: string[], rng: Rng, x: number, y: number, height: number, lean: number, color: string): void {
  const topX = x + lean * (height / 40)
  const topY = y - height
  // trunk: tapered, with notches
  const trunk: string[] = []
  const segs = 9
  for (let i = 0; i <= segs; i++) {
    const t = i / segs
    const cx = x + (topX - x) * t + Math.sin(t * Math.PI) * lean * 1.5
    const cy = y + (topY - y) * t
    const w = 9 - 5 * t + (i % 2 ? 1.5 : 0)
    trunk.push(`${f(cx + w)},${f(cy)}`)
    trunk.unshift(`${f(cx - w)},${f(cy)}`)
  }
  out.push(`<polygon points="${trunk.join(' ')}" fill="${color}"/>`)
  const fronds = rng.int(7, 9)
  for (let k = 0; k < fronds; k++) {
    const a = -Math.PI + (k / (fronds - 1)) * Math.PI + rng.range(-0.15, 0.15)
    const len = height * rng.range(0.42, 0.62)
    const droop = len * rng.range(0.35, 0.6)
    const ex = topX + Math.cos(a) * len
    const ey = topY + Math.sin(a) * len * 0.55 + droop
    const mx = topX + Math.cos(a) * len * 0.5
    const my = topY + Math.sin(a) * len * 0.5 - len * 0.1
    const up: string[] = []
    const down: string[] = []
    const n = 12
    for (let i = 0; i <= n; i++) {
      const t = i / n
      const px = (1 - t) * (1 - t) * topX + 2 * (1 - t) * t * mx + t * t * ex
      const py = (1 - t) * (1 - t) * topY + 2 * (1 - t) * t * my + t * t * ey
      const dx = 2 * (1 - t) * (mx - topX) + 2 * t * (ex - mx)
      const dy = 2 * (1 - t) * (my - topY) + 2 * t * (ey - my)
      const dl = Math.hypot(dx, dy) || 1
      const nx = -dy / dl
      const ny = dx / dl
      const w = len * 0.19 * Math.sin(Math.PI * Math.min(1, t * 1.15)) * (i % 2 ? 1 : 0.25)
      up.push(`${f(px + nx * w)},${f(py + ny * w)}`)
      down.unshift(`${f(px - nx * w)},${f(py - ny * w)}`)
    }
    out.push(`<polygon points="${up.concat(down).join(' ')}" fill="${color}"/>`)
  }
  out.push(
    `<circle cx="${f(topX - 4)}" cy="${f(topY + 6)}" r="5" fill="${color}"/><circle cx="${f(topX + 5)}" cy="${f(topY + 8)}" r="4.5" fill="${color}"/>`,
  )
}
