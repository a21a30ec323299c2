/**
 * assets/content/forge-promo.mp4: the booth-wall promo clip.
 */
import { Rng, TAU, f, f2, text, mix, rgb, svgDoc, starPath } from '../draw.ts'
import { type Clip, clamp01, smooth } from './clip.ts'

/** Booth promo: shimmering low-poly backdrop, spinning logo, titles sliding in, rising sparks. */
export function forgePromoClip(file: string): Clip {
  const W = 640
  const H = 360
  const T = 5
  const rng = new Rng(0xf0a6e)
  const cols = 10
  const rows = 6
  const pts: [number, number][][] = []
  for (let j = 0; j <= rows; j++) {
    const row: [number, number][] = []
    for (let i = 0; i <= cols; i++) {
      const x = (i / cols) * W + (i > 0 && i < cols ? rng.range(-0.35, 0.35) * (W / cols) : 0)
      const y = (j / rows) * H + (j > 0 && j < rows ? rng.range(-0.35, 0.35) * (H / rows) : 0)
      row.push([x, y])
    }
    pts.push(row)
  }
  const tris: { d: string; t: number; k: number; phase: number }[] = []
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const p00 = pts[j]![i]!,
        p10 = pts[j]![i + 1]!,
        p01 = pts[j + 1]![i]!,
        p11 = pts[j + 1]![i + 1]!
      const quads =
        (i + j) % 2
          ? [
              [p00, p10, p11],
              [p00, p11, p01],
            ]
          : [
              [p00, p10, p01],
              [p10, p11, p01],
            ]
      for (const q of quads) {
        const cx = (q[0]![0] + q[1]![0] + q[2]![0]) / 3
        const cy = (q[0]![1] + q[1]![1] + q[2]![1]) / 3
        tris.push({
          d: `M${q.map((p) => `${f(p[0])},${f(p[1])}`).join('L')}Z`,
          t: clamp01((cx / W) * 0.7 + (cy / H) * 0.5 - 0.1),
          k: rng.range(0.7, 1.25),
          phase: rng.range(0, TAU),
        })
      }
    }
  }
  const sparks = Array.from({ length: 40 }, () => ({
    x: rng.range(0, W),
    y: rng.range(0, H),
    laps: rng.int(1, 3),
    size: rng.range(2, 6),
    c: rng.pick(['#ffb21a', '#ffffff', '#5ff3ff']),
  }))
  const c0: [number, number, number] = [8, 28, 80]
  const c1: [number, number, number] = [14, 150, 170]
  const c2: [number, number, number] = [90, 40, 150]
  const hexPts = (r: number) =>
    Array.from(
      { length: 6 },
      (_, i) => `${f(Math.cos(Math.PI / 6 + (i * Math.PI) / 3) * r)},${f(Math.sin(Math.PI / 6 + (i * Math.PI) / 3) * r)}`,
    ).join(' ')

  const frame = (t: number, u: number): string => {
    const out: string[] = [
      `<defs><linearGradient id="o" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#ff5e1a"/><stop offset="1" stop-color="#ffb21a"/></linearGradient></defs>`,
    ]
    for (const tr of tris) {
      const base = tr.t < 0.5 ? mix(c0, c1, tr.t * 2) : mix(c1, c2, (tr.t - 0.5) * 2)
      const k = tr.k * (1 + 0.18 * Math.sin(u * TAU + tr.phase))
      const col = rgb([base[0] * k, base[1] * k, base[2] * k])
      out.push(`<path d="${tr.d}" fill="${col}" stroke="${col}" stroke-width="0.8"/>`)
    }
    // light sweep
    const sx = -200 + u * (W + 400)
    out.push(`<polygon points="${f(sx)},0 ${f(sx + 60)},0 ${f(sx - 60)},${H} ${f(sx - 120)},${H}" fill="#ffffff" opacity="0.08"/>`)
    for (const sp of sparks) {
      const y = (((sp.y - u * sp.laps * H) % H) + H) % H
      const x = sp.x + 8 * Math.sin(u * TAU * sp.laps + sp.x)
      out.push(
        `<g transform="translate(${f(x)},${f(y)}) rotate(${f(u * 360 * sp.laps)})"><path d="${starPath(sp.size, 4, 0.3)}" fill="${sp.c}" opacity="0.85"/></g>`,
      )
    }
    const fadeOut = 1 - smooth((t - 4.45) / 0.5)
    // logo
    const logoIn = smooth(t / 0.6) * fadeOut
    const sc = 0.6 + 0.4 * logoIn
    out.push(
      `<g transform="translate(120,150) scale(${f2(sc)}) rotate(${f(u * 360)})" opacity="${f2(logoIn)}"><polygon points="${hexPts(70)}" fill="url(#o)" stroke="#fff" stroke-width="6"/><polygon points="${hexPts(48)}" fill="#071433"/></g>`,
    )
    out.push(
      `<g transform="translate(120,150) scale(${f2(sc)})" opacity="${f2(logoIn)}"><path d="M-29,8H29L19,20H7V30H-9V20H-19Z M-23,-4H23V4H-23Z" fill="#fff"/><path d="M0,-32L5,-16H-5Z M-17,-24L-5,-12L-11,-10Z M17,-24L5,-12L11,-10Z" fill="#ffb21a"/></g>`,
    )
    // titles
    const a1 = smooth((t - 0.3) / 0.6) * fadeOut
    out.push(
      `<g transform="translate(${f(-80 * (1 - a1))},0)" opacity="${f2(a1)}">` +
        text(218, 150, 'FORGE', {
          size: 96,
          weight: 'bold',
          family: 'URW Gothic',
          fill: '#ffffff',
          stroke: '#071433',
          strokeWidth: 4,
          spacing: 3,
        }) +
        `</g>`,
    )
    const a2 = smooth((t - 0.8) / 0.5) * fadeOut
    out.push(
      `<g opacity="${f2(a2)}">` +
        text(222, 198, 'EXPO 2025', {
          size: 42,
          weight: 'bold',
          family: 'URW Gothic',
          fill: '#ffb21a',
          stroke: '#071433',
          strokeWidth: 3,
          spacing: Math.round(9 + 6 * (1 - a2)),
        }) +
        `</g>`,
    )
    // band with the booth number
    const a3 = smooth((t - 1.8) / 0.5) * fadeOut
    const bandX = -W + a3 * W
    out.push(
      `<g transform="translate(${f(bandX)},0)"><polygon points="0,262 ${W},236 ${W},300 0,326" fill="url(#o)"/>` +
        text(W / 2, 295, 'HALL B  ·  BOOTH 42', {
          size: 34,
          weight: 'bold',
          family: 'DejaVu Sans',
          anchor: 'middle',
          fill: '#071433',
          transform: `rotate(-2.3 ${W / 2} 281)`,
          spacing: 2,
        }) +
        `</g>`,
    )
    const a4 = smooth((t - 2.8) / 0.4) * fadeOut
    const pop = 1 + 0.25 * Math.sin(clamp01((t - 2.8) / 0.4) * Math.PI)
    out.push(
      `<g transform="translate(560,70) scale(${f2(pop)}) rotate(12)" opacity="${f2(a4)}"><circle r="46" fill="#ffffff"/><circle r="40" fill="none" stroke="#ff5e1a" stroke-width="3" stroke-dasharray="6 4"/>` +
        text(0, -6, 'LIVE', { size: 22, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#071433' }) +
        text(0, 16, 'DEMOS', { size: 14, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#ff5e1a' }) +
        `</g>`,
    )
    const a5 = smooth((t - 3.2) / 0.5) * fadeOut
    out.push(
      `<g opacity="${f2(a5)}">` +
        text(W / 2, 350, '12–14 SEPT · MESSE NORD · forge-expo.example', {
          size: 15,
          weight: 'bold',
          family: 'DejaVu Sans Mono',
          anchor: 'middle',
          fill: '#e8f7ff',
        }) +
        `</g>`,
    )
    return svgDoc(W, H, out.join(''))
  }
  // A bright arpeggio (C-E-G-C, four notes a second) over a soft pulsing pad, faded in and out.
  const note = 'mod(floor(t*4)\\,4)'
  const semis = `if(lt(${note}\\,1)\\,0\\,if(lt(${note}\\,2)\\,4\\,if(lt(${note}\\,3)\\,7\\,12)))`
  const expr = `0.22*exp(-9*mod(t\\,0.25))*sin(2*PI*t*523.25*pow(2\\,(${semis})/12))+0.07*sin(2*PI*130.81*t)*(0.7+0.3*sin(2*PI*2*t))+0.05*sin(2*PI*196*t)`
  const audio = `aevalsrc=exprs=${expr}:s=44100:d=${T},afade=t=in:d=0.15,afade=t=out:st=${T - 0.5}:d=0.5`
  return { file, width: W, height: H, fps: 25, seconds: T, frame, audio }
}
