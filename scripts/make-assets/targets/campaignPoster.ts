/**
 * The poster template of the capability samples (ticket-stub, sticker-sheet, weather-card,
 * robot-radio, open-day): one seed and palette each.
 */
import { Rng, TAU, f, f2, text, svgDoc, starPath, confetti } from '../draw.ts'

interface PosterOpts {
  seed: number
  width: number
  height: number
  /** Background gradient, top → bottom. */
  sky: [string, string]
  /** Mosaic tile colours. */
  tiles: string[]
  ink: string
  accent: string
  headline: string
  kicker: string
  lines: string[]
  family: string
  /** Background: a low-poly mosaic, diagonal bands, or overlapping bubbles. */
  style?: 'mosaic' | 'bands' | 'bubbles' | 'rays'
}

/**
 * A campaign poster for the capability samples: a seeded mosaic of irregular tiles (corners
 * everywhere, no repeating pattern), a headline band, a badge, a code block and small print.
 * Each seed and palette gives a picture unlike the others, so recognition stays unambiguous.
 */
export function campaignPosterSvg(o: PosterOpts): string {
  const { width: W, height: H } = o
  const rng = new Rng(o.seed)
  const out: string[] = [
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="0.3" y2="1"><stop offset="0" stop-color="${o.sky[0]}"/><stop offset="1" stop-color="${o.sky[1]}"/></linearGradient></defs>`,
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
  ]
  if (o.style === 'bands') {
    let x = -H
    while (x < W) {
      const w = rng.range(18, 70)
      out.push(
        `<polygon points="${f(x)},0 ${f(x + w)},0 ${f(x + w + H * 0.6)},${H} ${f(x + H * 0.6)},${H}" fill="${rng.pick(o.tiles)}" opacity="${f2(rng.range(0.6, 1))}"/>`,
      )
      x += w + rng.range(4, 30)
    }
    for (let k = 0; k < 14; k++)
      out.push(
        `<circle cx="${f(rng.range(0, W))}" cy="${f(rng.range(0, H))}" r="${f(rng.range(14, 60))}" fill="none" stroke="${rng.pick(o.tiles)}" stroke-width="${f(rng.range(5, 14))}"/>`,
      )
  } else if (o.style === 'rays') {
    // A sunburst from an off-centre point, wedges of random widths, then rings of dots.
    const sx = W * rng.range(0.25, 0.75)
    const sy = H * rng.range(0.55, 0.8)
    let a = 0
    const R = Math.hypot(W, H)
    while (a < TAU) {
      const da = rng.range(0.08, 0.3)
      out.push(
        `<polygon points="${f(sx)},${f(sy)} ${f(sx + Math.cos(a) * R)},${f(sy + Math.sin(a) * R)} ${f(sx + Math.cos(a + da) * R)},${f(sy + Math.sin(a + da) * R)}" fill="${rng.pick(o.tiles)}"/>`,
      )
      a += da
    }
    for (let k = 0; k < 60; k++) {
      const r = rng.range(40, R * 0.6)
      const t = rng.range(0, TAU)
      out.push(
        `<circle cx="${f(sx + Math.cos(t) * r)}" cy="${f(sy + Math.sin(t) * r)}" r="${f(rng.range(3, 12))}" fill="${rng.pick([o.ink, '#ffffff', o.accent])}"/>`,
      )
    }
  } else if (o.style === 'bubbles') {
    for (let k = 0; k < 90; k++)
      out.push(
        `<circle cx="${f(rng.range(0, W))}" cy="${f(rng.range(0, H))}" r="${f(rng.range(8, 70))}" fill="${rng.pick(o.tiles)}" opacity="${f2(rng.range(0.5, 0.95))}"/>`,
      )
    for (let k = 0; k < 20; k++)
      out.push(
        `<rect x="${f(rng.range(0, W))}" y="${f(rng.range(0, H))}" width="${f(rng.range(20, 90))}" height="${f(rng.range(8, 24))}" rx="4" fill="${rng.pick(o.tiles)}" transform="rotate(${f(rng.range(-40, 40))} ${f(W / 2)} ${f(H / 2)})"/>`,
      )
  } else {
    // Mosaic: a jittered grid of quads split into triangles, some left out to show the sky.
    const cols = 9
    const rows = Math.round((cols * H) / W)
    const pts: [number, number][][] = []
    for (let j = 0; j <= rows; j++) {
      pts.push(
        Array.from(
          { length: cols + 1 },
          (_, i) =>
            [
              (i / cols) * W + (i > 0 && i < cols ? rng.range(-0.38, 0.38) * (W / cols) : 0),
              (j / rows) * H + (j > 0 && j < rows ? rng.range(-0.38, 0.38) * (H / rows) : 0),
            ] as [number, number],
        ),
      )
    }
    for (let j = 0; j < rows; j++) {
      for (let i = 0; i < cols; i++) {
        const a = pts[j]![i]!,
          b = pts[j]![i + 1]!,
          c = pts[j + 1]![i + 1]!,
          d = pts[j + 1]![i]!
        for (const tri of rng.chance(0.5)
          ? [
              [a, b, c],
              [a, c, d],
            ]
          : [
              [a, b, d],
              [b, c, d],
            ]) {
          if (rng.chance(0.22)) continue
          out.push(
            `<path d="M${tri.map((p) => `${f(p[0])},${f(p[1])}`).join('L')}Z" fill="${rng.pick(o.tiles)}" opacity="${f2(rng.range(0.55, 1))}"/>`,
          )
        }
      }
    }
  }
  // Scattered shapes over the mosaic.
  for (let k = 0; k < 36; k++) {
    out.push(
      `<g transform="translate(${f(rng.range(0, W))},${f(rng.range(0, H))}) rotate(${f(rng.range(0, 360))})">${confetti(rng, rng.range(6, 18), rng.pick([o.ink, o.accent, '#ffffff']))}</g>`,
    )
  }
  // Headline band.
  const bandY = H * rng.range(0.3, 0.42)
  out.push(
    `<polygon points="0,${f(bandY)} ${W},${f(bandY - 30)} ${W},${f(bandY + 90)} 0,${f(bandY + 120)}" fill="${o.ink}" opacity="0.92"/>`,
  )
  out.push(
    text(W / 2, bandY + 30, o.kicker, {
      size: 22,
      family: o.family,
      anchor: 'middle',
      fill: o.accent,
      spacing: 4,
      transform: `rotate(-2.2 ${W / 2} ${f(bandY + 45)})`,
    }),
  )
  out.push(
    text(W / 2, bandY + 82, o.headline, {
      size: Math.min(64, (W * 1.5) / o.headline.length),
      weight: 'bold',
      family: o.family,
      anchor: 'middle',
      fill: '#ffffff',
      transform: `rotate(-2.2 ${W / 2} ${f(bandY + 45)})`,
    }),
  )
  // Badge and emblem: placed, shaped and worded by the seed, so two posters of the same size
  // share no element at the same spot (identical elements in place read as a near-duplicate).
  const badgeLeft = rng.chance(0.5)
  const bx = W * (badgeLeft ? rng.range(0.14, 0.26) : rng.range(0.74, 0.86))
  const by = H * rng.range(0.09, 0.2)
  out.push(
    `<g transform="translate(${f(bx)},${f(by)}) rotate(${f(rng.range(-25, 25))})"><path d="${starPath(rng.range(52, 68), rng.int(9, 15), rng.range(0.74, 0.86))}" fill="${o.accent}" stroke="${o.ink}" stroke-width="4"/>` +
      text(0, -4, rng.pick(['NEW', 'HOT', 'WOW', 'YAY']), { size: 26, weight: 'bold', family: o.family, anchor: 'middle', fill: o.ink }) +
      text(0, 22, `${String(rng.int(10, 99))}%`, { size: 20, weight: 'bold', family: o.family, anchor: 'middle', fill: o.ink }) +
      `</g>`,
  )
  // An emblem: concentric rings cut by rays (big, curved shapes; no small black-on-white cells,
  // which look like the text posters of the recognition tests), in a bottom corner.
  const emblemLeft = rng.chance(0.5)
  const radius = rng.range(52, 70)
  const ex = emblemLeft ? W * 0.06 + radius : W * 0.94 - radius
  const ey = H * rng.range(0.8, 0.86)
  out.push(`<circle cx="${f(ex)}" cy="${f(ey)}" r="${f(radius + 8)}" fill="${o.ink}"/>`)
  const rings = rng.int(3, 5)
  for (let r = 1; r <= rings; r++)
    out.push(
      `<circle cx="${f(ex)}" cy="${f(ey)}" r="${f((r * radius) / (rings + 0.5))}" fill="none" stroke="${r % 2 ? o.accent : '#ffffff'}" stroke-width="${f(rng.range(3, 7))}"/>`,
    )
  for (let k = 0, rays = rng.int(5, 9); k < rays; k++) {
    const a = rng.range(0, TAU)
    out.push(
      `<path d="M${f(ex)},${f(ey)}L${f(ex + Math.cos(a) * radius)},${f(ey + Math.sin(a) * radius)}" stroke="${o.ink}" stroke-width="${f(rng.range(4, 9))}"/>`,
    )
  }
  // Small print in the poster's display face (a serif), large: sans-serif body text is what the
  // generated text posters of the recognition tests are made of, and shared glyphs steal votes.
  const tx = emblemLeft ? ex + radius + 26 : ex - radius - 26
  o.lines.forEach((line, i) =>
    out.push(
      text(tx, ey - 10 + i * 34, line, {
        size: i === 0 ? 26 : 20,
        weight: 'bold',
        family: o.family,
        anchor: emblemLeft ? 'start' : 'end',
        fill: '#ffffff',
        stroke: o.ink,
        strokeWidth: 4,
      }),
    ),
  )
  const frame = rng.range(6, 16)
  out.push(
    `<rect x="${f(frame / 2)}" y="${f(frame / 2)}" width="${f(W - frame)}" height="${f(H - frame)}" fill="none" stroke="${o.ink}" stroke-width="${f(frame)}"/>`,
  )
  return svgDoc(W, H, out.join('\n'))
}
