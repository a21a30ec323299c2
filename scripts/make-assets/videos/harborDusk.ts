/**
 * assets/content/harbor-dusk.mp4: the city-postcard clip.
 */
import { Rng, TAU, f, f2, text, svgDoc } from '../draw.ts'
import { hash01, type Clip, smooth } from './clip.ts'

/** Postcard clip: dusk over the bay; windows twinkle, water shimmers, boats drift, a balloon floats by. */
export function harborDuskClip(file: string): Clip {
  const W = 480
  const H = 270
  const T = 5
  const horizon = 180
  const rng = new Rng(0x4a7b0e)
  const sky =
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2c2a6a"/><stop offset="0.4" stop-color="#7b4b9a"/><stop offset="0.75" stop-color="#ff6f91"/><stop offset="1" stop-color="#ffb36b"/></linearGradient>` +
    `<linearGradient id="water" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#5a3f82"/><stop offset="1" stop-color="#1b1740"/></linearGradient>` +
    `<radialGradient id="sun" cx="0.5" cy="0.5" r="0.5"><stop offset="0" stop-color="#fff2b0"/><stop offset="0.7" stop-color="#ffd166"/><stop offset="1" stop-color="#ff9f5a"/></radialGradient></defs>` +
    `<rect width="${W}" height="${horizon}" fill="url(#sky)"/>`
  const clouds = Array.from({ length: 6 }, () => ({
    x: rng.range(0, W),
    y: rng.range(20, 110),
    s: rng.range(0.5, 1),
    blobs: Array.from({ length: 5 }, () => [rng.range(-40, 40), rng.range(-8, 4), rng.range(14, 28), rng.range(7, 13)]),
  }))
  // buildings (static) and their windows (twinkling)
  const buildings: string[] = []
  const windows: { x: number; y: number; w: number; h: number; id: number }[] = []
  const backdrop = (hMin: number, hMax: number, colors: string[], withWindows: boolean) => {
    let x = 0
    while (x < W) {
      const w = rng.range(22, 50)
      const h = rng.range(hMin, hMax)
      const top = horizon - h
      const col = rng.pick(colors)
      buildings.push(`<rect x="${f(x)}" y="${f(top)}" width="${f(w)}" height="${f(h + 1)}" fill="${col}"/>`)
      if (rng.chance(0.3))
        buildings.push(`<path d="M${f(x + w / 2)},${f(top - rng.range(15, 35))}V${f(top)}" stroke="${col}" stroke-width="2"/>`)
      if (withWindows) {
        for (let wy = top + 6; wy < horizon - 8; wy += 9) {
          for (let wx = x + 4; wx < x + w - 7; wx += 7) {
            if (rng.chance(0.45)) windows.push({ x: wx, y: wy, w: 3.5, h: 5, id: windows.length })
          }
        }
      }
      x += w + rng.range(-4, 2)
    }
  }
  backdrop(40, 110, ['#8a5aa8', '#9a68b0'], false)
  backdrop(25, 100, ['#2f2458', '#3a2c66', '#271d4c'], true)
  const lighthouse = `<path d="M24,${horizon}L31,122H45L52,${horizon}Z" fill="#f4f1ea"/><path d="M28,158H48L49,166H27Z M30,138H46L47,146H29Z" fill="#d9455f"/><rect x="30" y="112" width="16" height="10" fill="#ffe08a"/><path d="M27,112L38,100L49,112Z" fill="#d9455f"/>`
  const dashes = Array.from({ length: 90 }, () => {
    const y = rng.range(horizon + 3, H - 3)
    const near = (y - horizon) / (H - horizon)
    return {
      x: rng.range(0, W),
      y,
      len: rng.range(6, 24) * (0.6 + near),
      w: 1 + near * 2,
      phase: rng.range(0, TAU),
      c: rng.pick(['#ffd166', '#fff2b0', '#ff6f91', '#b48ad8']),
      sun: rng.chance(0.45),
    }
  })
  const boat = (c: string) =>
    `<path d="M-22,0H22L16,9H-16Z" fill="#f4f1ea"/><path d="M0,-3V-50L19,-4Z" fill="#ffffff"/><path d="M-2,-6V-42L-17,-6Z" fill="${c}"/>`

  const frame = (t: number, u: number): string => {
    const out: string[] = [sky]
    out.push(`<circle cx="330" cy="${f(112 + 6 * Math.sin(u * TAU))}" r="40" fill="url(#sun)"/>`)
    for (const c of clouds) {
      const x = ((c.x + u * W) % (W + 120)) - 60
      out.push(
        `<g transform="translate(${f(x)},${f(c.y)}) scale(${f2(c.s)})" opacity="0.9">${c.blobs.map((b) => `<ellipse cx="${f(b[0]!)}" cy="${f(b[1]!)}" rx="${f(b[2]!)}" ry="${f(b[3]!)}" fill="#ffc2b3"/>`).join('')}</g>`,
      )
    }
    // balloon drifting up and across
    const bx = 60 + u * 360
    const by = 90 - 25 * Math.sin(u * Math.PI)
    out.push(
      `<g transform="translate(${f(bx)},${f(by)}) scale(0.6)"><ellipse rx="26" ry="30" fill="#d9455f"/><ellipse rx="12" ry="30" fill="#fdf6e3"/><ellipse rx="4" ry="30" fill="#ffd166"/><path d="M-8,28L-5,40M8,28L5,40" stroke="#2c2a6a" stroke-width="1.5"/><rect x="-6" y="40" width="12" height="9" fill="#6b4b3a"/></g>`,
    )
    out.push(buildings.join(''))
    const slot = Math.floor(t * 4)
    const win: string[] = []
    for (const w of windows) {
      if (hash01(w.id, slot) < 0.85) win.push(`M${f(w.x)},${f(w.y)}h${w.w}v${w.h}h-${w.w}Z`)
    }
    out.push(`<path d="${win.join('')}" fill="#ffd27a"/>`)
    out.push(lighthouse)
    // sweeping lighthouse beam
    const beam = Math.sin(u * TAU)
    out.push(
      `<path d="M46,117L${f(46 + 150 * Math.abs(beam) + 10)},${f(106 + 10 * beam)}L${f(46 + 150 * Math.abs(beam) + 10)},${f(128 + 10 * beam)}Z" fill="#fff3c4" opacity="${f(0.2 + 0.3 * Math.abs(beam))}"/>`,
    )
    out.push(`<rect x="0" y="${horizon}" width="${W}" height="${H - horizon}" fill="url(#water)"/>`)
    for (const d of dashes) {
      const x = d.sun
        ? 330 + (d.x / W - 0.5) * 120 * (1 + (d.y - horizon) / 60) + 6 * Math.sin(u * TAU * 2 + d.phase)
        : d.x + 8 * Math.sin(u * TAU + d.phase)
      const op = 0.45 + 0.4 * Math.sin(u * TAU * 3 + d.phase)
      out.push(
        `<path d="M${f(x)},${f(d.y)}h${f(d.len)}" stroke="${d.sun ? d.c : '#ffe08a'}" stroke-width="${f(d.w)}" opacity="${f2(op)}" stroke-linecap="round"/>`,
      )
    }
    const b1x = ((110 + u * W) % (W + 80)) - 40
    const b2x = ((400 - u * W + (W + 80) * 2) % (W + 80)) - 40
    out.push(
      `<g transform="translate(${f(b1x)},${f(215 + 2 * Math.sin(u * TAU * 3))}) rotate(${f(3 * Math.sin(u * TAU * 3))})">${boat('#ff6f91')}</g>`,
    )
    out.push(`<g transform="translate(${f(b2x)},${f(240 + 2 * Math.sin(u * TAU * 2 + 1))}) scale(-0.8,0.8)">${boat('#4e9ad1')}</g>`)
    // title card
    const a = smooth(t / 0.8) * (1 - smooth((t - 4.3) / 0.6))
    out.push(
      `<g opacity="${f2(a)}">` +
        text(240, 52, 'Greetings from', {
          size: 30,
          family: 'Z003',
          anchor: 'middle',
          fill: '#ffffff',
          stroke: '#2c2a6a',
          strokeWidth: 3,
        }) +
        text(240, 98, 'HARBOR CITY', {
          size: 46,
          weight: 'bold',
          family: 'DejaVu Sans',
          anchor: 'middle',
          fill: '#ffd166',
          stroke: '#2c2a6a',
          strokeWidth: 5,
          spacing: 2,
        }) +
        `</g>`,
    )
    return svgDoc(W, H, out.join(''))
  }
  return { file, width: W, height: H, fps: 24, seconds: T, frame }
}
