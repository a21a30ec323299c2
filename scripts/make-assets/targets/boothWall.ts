/**
 * Target 3, `booth-wall`: a trade-show booth banner.
 */
import { Rng, f, text, mix, rgb, svgDoc, starPath, confetti } from '../draw.ts'

/** 3. Trade-show booth banner, portrait 600x800. */
export function boothWallSvg(): string {
  const W = 600
  const H = 800
  const rng = new Rng(0xb007a11)
  const out: string[] = []
  out.push(`<defs>
    <linearGradient id="orange" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#ff5e1a"/><stop offset="1" stop-color="#ffb21a"/></linearGradient>
    <linearGradient id="panel" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#071433" stop-opacity="0.35"/><stop offset="1" stop-color="#071433" stop-opacity="0.9"/></linearGradient>
  </defs>`)
  // low-poly background: jittered lattice, each triangle shaded differently
  const cols = 8
  const rowsN = 11
  const pts: [number, number][][] = []
  for (let j = 0; j <= rowsN; j++) {
    const row: [number, number][] = []
    for (let i = 0; i <= cols; i++) {
      let x = (i / cols) * W
      let y = (j / rowsN) * H
      if (i > 0 && i < cols) x += rng.range(-0.38, 0.38) * (W / cols)
      if (j > 0 && j < rowsN) y += rng.range(-0.38, 0.38) * (H / rowsN)
      row.push([x, y])
    }
    pts.push(row)
  }
  const c0: [number, number, number] = [8, 28, 80]
  const c1: [number, number, number] = [14, 150, 170]
  const c2: [number, number, number] = [90, 40, 150]
  const tri = (a: [number, number], b: [number, number], c: [number, number]) => {
    const cx = (a[0] + b[0] + c[0]) / 3
    const cy = (a[1] + b[1] + c[1]) / 3
    const t = Math.min(1, Math.max(0, (cx / W) * 0.6 + (cy / H) * 0.6 - 0.1))
    const base = t < 0.5 ? mix(c0, c1, t * 2) : mix(c1, c2, (t - 0.5) * 2)
    const k = rng.range(0.5, 1.6)
    const col = rgb([base[0] * k, base[1] * k, base[2] * k])
    out.push(
      `<path d="M${f(a[0])},${f(a[1])}L${f(b[0])},${f(b[1])}L${f(c[0])},${f(c[1])}Z" fill="${col}" stroke="${col}" stroke-width="0.8"/>`,
    )
  }
  for (let j = 0; j < rowsN; j++) {
    for (let i = 0; i < cols; i++) {
      const p00 = pts[j]![i]!
      const p10 = pts[j]![i + 1]!
      const p01 = pts[j + 1]![i]!
      const p11 = pts[j + 1]![i + 1]!
      if ((i + j) % 2 === 0 || rng.chance(0.3)) {
        tri(p00, p10, p11)
        tri(p00, p11, p01)
      } else {
        tri(p00, p10, p01)
        tri(p10, p11, p01)
      }
    }
  }
  // circuit traces
  for (let i = 0; i < 34; i++) {
    let x = rng.range(0, W)
    let y = rng.range(0, H)
    let d = `M${f(x)},${f(y)}`
    for (let k = 0; k < 4; k++) {
      const len = rng.range(20, 70)
      const dir = rng.int(0, 3)
      if (dir === 0) x += len
      else if (dir === 1) x -= len
      else if (dir === 2) {
        x += len * 0.7
        y += len * 0.7
      } else y -= len
      d += `L${f(x)},${f(y)}`
    }
    out.push(
      `<path d="${d}" stroke="${rng.pick(['#5ff3ff', '#9fe8ff', '#ffb21a'])}" stroke-width="2" fill="none" opacity="0.7"/><circle cx="${f(x)}" cy="${f(y)}" r="4" fill="none" stroke="#5ff3ff" stroke-width="2" opacity="0.8"/>`,
    )
  }

  // logo: hexagon with an anvil-spark mark
  const hex = (cx: number, cy: number, r: number) =>
    Array.from({ length: 6 }, (_, i) => {
      const a = Math.PI / 6 + (i * Math.PI) / 3
      return `${f(cx + Math.cos(a) * r)},${f(cy + Math.sin(a) * r)}`
    }).join(' ')
  out.push(`<polygon points="${hex(98, 104, 66)}" fill="url(#orange)" stroke="#fff" stroke-width="5"/>`)
  out.push(`<polygon points="${hex(98, 104, 46)}" fill="#071433"/>`)
  out.push(`<path d="M70,112H128L118,124H106V134H90V124H80Z M76,100H122V108H76Z" fill="#fff"/>`)
  out.push(`<path d="M99,72L104,88L94,88Z M82,80L94,92L88,94Z M116,80L104,92L110,94Z" fill="#ffb21a"/>`)
  out.push(text(192, 130, 'FORGE', { size: 92, weight: 'bold', family: 'URW Gothic', fill: '#071433', spacing: 3 }))
  out.push(
    text(186, 124, 'FORGE', {
      size: 92,
      weight: 'bold',
      family: 'URW Gothic',
      fill: '#ffffff',
      spacing: 3,
      stroke: '#071433',
      strokeWidth: 2,
    }),
  )
  out.push(text(193, 167, 'EXPO 2025', { size: 40, weight: 'bold', family: 'URW Gothic', fill: '#071433', spacing: 9 }))
  out.push(text(190, 164, 'EXPO 2025', { size: 40, weight: 'bold', family: 'URW Gothic', fill: '#ffb21a', spacing: 9 }))
  out.push(text(192, 192, '12–14 SEPT · MESSE NORD', { size: 17, weight: 'bold', family: 'DejaVu Sans Mono', fill: '#e8f7ff', spacing: 1 }))
  // sparks flying off the logo
  for (let i = 0; i < 26; i++) {
    const x = rng.range(330, 590)
    const y = rng.range(12, 200)
    out.push(
      `<g transform="translate(${f(x)},${f(y)}) rotate(${f(rng.range(0, 90))})"><path d="${starPath(rng.range(3, 8), 4, 0.3)}" fill="${rng.pick(['#ffb21a', '#ffffff', '#5ff3ff'])}"/></g>`,
    )
  }
  for (let i = 0; i < 18; i++) {
    const x = rng.range(10, 300)
    const y = rng.range(440, 540)
    out.push(
      `<g transform="translate(${f(x)},${f(y)}) rotate(${f(rng.range(0, 360))})">${confetti(rng, rng.range(5, 10), rng.pick(['#ffb21a', '#ffffff', '#5ff3ff']))}</g>`,
    )
  }
  out.push(text(40, 226, 'Where ideas get real.', { size: 32, family: 'P052', style: 'italic', fill: '#e8f7ff' }))
  out.push(text(40, 258, 'Makers · Robotics · AR · 3D Printing', { size: 18, family: 'DejaVu Sans', fill: '#9fe8ff' }))

  // diagonal orange band with slogan
  out.push(`<polygon points="0,420 600,320 600,410 0,510" fill="url(#orange)"/>`)
  out.push(`<polygon points="0,508 600,408 600,418 0,518" fill="#ffffff"/>`)
  out.push(
    text(300, 438, 'BUILD · PRINT · PLAY', {
      size: 48,
      weight: 'bold',
      family: 'DejaVu Sans',
      anchor: 'middle',
      fill: '#ffffff',
      stroke: '#071433',
      strokeWidth: 7,
      transform: 'rotate(-9.46 300 420)',
      spacing: 2,
    }),
  )

  // icon row
  const icons: [string, string][] = [
    ['M-14,-6L0,-14L14,-6V10L0,18L-14,10Z M-14,-6L0,2L14,-6 M0,2V18', 'CUBE LAB'],
    ['M-12,-12H12V12H-12Z M-6,-6H6V6H-6Z M-12,-6H-18M-12,6H-18M12,-6H18M12,6H18M-6,-12V-18M6,-12V-18M-6,12V18M6,12V18', 'CHIPS'],
    ['M4,-18L-10,2H0L-4,18L10,-2H0Z', 'ENERGY'],
    ['M0,-16A16,16 0 1 0 0.1,-16Z M-16,0H16 M0,-16C-9,-8 -9,8 0,16 M0,-16C9,-8 9,8 0,16', 'GLOBAL'],
  ]
  icons.forEach(([d, label], i) => {
    const cx = 90 + i * 140
    const cy = 318 - i * 14
    out.push(`<circle cx="${cx}" cy="${cy}" r="34" fill="#1b3a6b" stroke="#5ff3ff" stroke-width="3"/>`)
    out.push(`<path transform="translate(${cx},${cy})" d="${d}" fill="none" stroke="#cfefff" stroke-width="3" stroke-linejoin="round"/>`)
    out.push(text(cx, cy + 52, label, { size: 13, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#ffffff', spacing: 1 }))
  })

  // lower panel: hall & booth + QR-like code + agenda
  out.push(`<rect x="24" y="540" width="552" height="236" rx="14" fill="url(#panel)" stroke="#5ff3ff" stroke-width="2"/>`)
  out.push(text(48, 594, 'HALL B', { size: 34, weight: 'bold', family: 'URW Gothic', fill: '#ffb21a', spacing: 4 }))
  out.push(`<path d="M200,566l14,14l-14,14M222,566l14,14l-14,14M244,566l14,14l-14,14" stroke="#ffffff" stroke-width="5" fill="none"/>`)
  out.push(text(44, 672, 'BOOTH 42', { size: 72, weight: 'bold', family: 'URW Gothic', fill: '#ffffff' }))
  const agenda = ['10:00  Live printing demo', '13:30  Robot arm challenge', '16:00  AR scavenger hunt']
  agenda.forEach((a, i) =>
    out.push(text(48, 710 + i * 24, a, { size: 16, family: 'DejaVu Sans Mono', fill: i === 1 ? '#ffb21a' : '#e8f7ff' })),
  )
  // QR-like random module block (not a real QR code) with finder squares
  const qx = 420
  const qy = 586
  const n = 15
  const m = 8
  out.push(`<rect x="${qx - 8}" y="${qy - 8}" width="${f(n * m + 16)}" height="${f(n * m + 16)}" fill="#dff6ff" rx="4"/>`)
  const inFinder = (i: number, j: number) => (i < 6 && j < 6) || (i >= n - 6 && j < 6) || (i < 6 && j >= n - 6)
  const mods: string[] = []
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (inFinder(i, j)) continue
      if (rng.chance(0.48)) mods.push(`M${f(qx + i * m)},${f(qy + j * m)}h${m}v${m}h-${m}Z`)
    }
  }
  out.push(`<path d="${mods.join('')}" fill="#1b3a6b"/>`)
  for (const [fi, fj] of [
    [0, 0],
    [n - 5, 0],
    [0, n - 5],
  ] as const) {
    const x = qx + fi * m
    const y = qy + fj * m
    out.push(
      `<rect x="${f(x)}" y="${f(y)}" width="${f(5 * m)}" height="${f(5 * m)}" fill="#1b3a6b"/><rect x="${f(x + m)}" y="${f(y + m)}" width="${f(3 * m)}" height="${f(3 * m)}" fill="#dff6ff"/><rect x="${f(x + 1.5 * m)}" y="${f(y + 1.5 * m)}" width="${f(2 * m)}" height="${f(2 * m)}" fill="#ff5e1a"/>`,
    )
  }
  out.push(text(qx + (n * m) / 2, 756, 'forge-expo.example', { size: 13, family: 'DejaVu Sans Mono', anchor: 'middle', fill: '#9fe8ff' }))
  return svgDoc(W, H, out.join('\n'))
}
