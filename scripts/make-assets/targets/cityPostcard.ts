/**
 * Target 4, `city-postcard`: a retro "Greetings from" postcard.
 */
import { Rng, f, text, svgDoc } from '../draw.ts'

/** 4. Retro "Greetings from" postcard, landscape 800x600. */
export function cityPostcardSvg(): string {
  const W = 800
  const H = 600
  const rng = new Rng(0x9057ca4d)
  const out: string[] = []
  const horizon = 410
  out.push(`<defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2c2a6a"/><stop offset="0.35" stop-color="#7b4b9a"/><stop offset="0.7" stop-color="#ff6f91"/><stop offset="1" stop-color="#ffb36b"/>
    </linearGradient>
    <linearGradient id="water" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#5a3f82"/><stop offset="1" stop-color="#1b1740"/>
    </linearGradient>
    <radialGradient id="sun" cx="0.5" cy="0.5" r="0.5"><stop offset="0" stop-color="#fff2b0"/><stop offset="0.7" stop-color="#ffd166"/><stop offset="1" stop-color="#ff9f5a"/></radialGradient>
    <linearGradient id="letters" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fff36b"/><stop offset="0.55" stop-color="#ffb13b"/><stop offset="1" stop-color="#ff5e62"/></linearGradient>
  </defs>`)
  out.push(`<rect width="${W}" height="${horizon}" fill="url(#sky)"/>`)
  // sun with a few horizontal cuts
  out.push(`<circle cx="560" cy="350" r="92" fill="url(#sun)"/>`)
  // clouds: clusters of ellipses with darker undersides
  for (let i = 0; i < 9; i++) {
    const cx = rng.range(30, 770)
    const cy = rng.range(40, 300)
    const s = rng.range(0.6, 1.3)
    let g = ''
    const n = rng.int(4, 7)
    for (let k = 0; k < n; k++) {
      g += `<ellipse cx="${f(rng.range(-50, 50) * s)}" cy="${f(rng.range(-12, 6) * s)}" rx="${f(rng.range(18, 36) * s)}" ry="${f(rng.range(10, 18) * s)}" fill="${rng.pick(['#ffc2b3', '#ffd9c7', '#f7a6b6', '#e38fb0'])}"/>`
    }
    g += `<path d="M${f(-70 * s)},${f(8 * s)}H${f(70 * s)}" stroke="#c66f9a" stroke-width="${f(3 * s)}"/>`
    out.push(`<g transform="translate(${f(cx)},${f(cy)})" opacity="0.9">${g}</g>`)
  }
  // birds
  for (let i = 0; i < 12; i++) {
    const x = rng.range(250, 760)
    const y = rng.range(60, 260)
    const s = rng.range(5, 11)
    out.push(
      `<path d="M${f(x - s)},${f(y - s * 0.4)}Q${f(x - s / 2)},${f(y - s * 0.6)} ${f(x)},${f(y)}Q${f(x + s / 2)},${f(y - s * 0.6)} ${f(x + s)},${f(y - s * 0.4)}" stroke="#2c2a6a" stroke-width="2" fill="none"/>`,
    )
  }
  // skyline: back row (lighter) then front row with windows
  const skyline = (base: number, hMin: number, hMax: number, colors: string[], windows: boolean) => {
    let x = 6
    while (x < W) {
      const w = rng.range(34, 82)
      const h = rng.range(hMin, hMax)
      const top = base - h
      const col = rng.pick(colors)
      out.push(`<rect x="${f(x)}" y="${f(top)}" width="${f(w)}" height="${f(h + 2)}" fill="${col}"/>`)
      const roof = rng.int(0, 4)
      if (roof === 0) out.push(`<path d="M${f(x + w / 2)},${f(top - rng.range(30, 70))}V${f(top)}" stroke="${col}" stroke-width="3"/>`)
      else if (roof === 1)
        out.push(`<path d="M${f(x)},${f(top)}L${f(x + w / 2)},${f(top - w * 0.6)}L${f(x + w)},${f(top)}Z" fill="${col}"/>`)
      else if (roof === 2)
        out.push(
          `<rect x="${f(x + w * 0.2)}" y="${f(top - 16)}" width="${f(w * 0.35)}" height="16" fill="${col}"/><path d="M${f(x + w * 0.25)},${f(top - 16)}V${f(top - 26)}H${f(x + w * 0.5)}V${f(top - 16)}" stroke="${col}" stroke-width="3" fill="none"/>`,
        )
      else if (roof === 3) out.push(`<rect x="${f(x + 4)}" y="${f(top - 8)}" width="${f(w - 8)}" height="8" fill="${col}"/>`)
      if (windows) {
        const ww = rng.pick([5, 6, 8])
        const wh = rng.pick([7, 9, 10])
        const gx = ww + rng.pick([4, 5, 7])
        const gy = wh + rng.pick([5, 6, 8])
        const lit = rng.range(0.2, 0.45)
        const wins: string[] = []
        for (let wy = top + 10; wy < base - 14; wy += gy) {
          for (let wx = x + 6; wx < x + w - ww - 4; wx += gx) {
            if (rng.chance(lit)) wins.push(`M${f(wx)},${f(wy)}h${ww}v${wh}h-${ww}Z`)
          }
        }
        out.push(`<path d="${wins.join('')}" fill="${rng.pick(['#d9a45a', '#e0b870', '#c98f4e'])}"/>`)
      }
      x += w + rng.range(-6, 4)
    }
  }
  skyline(horizon, 60, 190, ['#8a5aa8', '#9a68b0', '#7c4f9c'], false)
  skyline(horizon, 40, 170, ['#2f2458', '#3a2c66', '#271d4c', '#43306e'], true)
  // lighthouse on the left pier
  out.push(
    `<path d="M40,${horizon}L52,300H74L86,${horizon}Z" fill="#f4f1ea"/><path d="M46,370H80L82,385H44Z M50,330H76L78,345H48Z" fill="#d9455f"/><rect x="50" y="282" width="26" height="18" fill="#ffe08a"/><path d="M46,282L63,262L80,282Z" fill="#d9455f"/><path d="M76,290L200,270L200,300Z" fill="#fff3c4" opacity="0.45"/>`,
  )
  // water and reflections
  out.push(`<rect x="0" y="${horizon}" width="${W}" height="${H - horizon}" fill="url(#water)"/>`)
  for (let i = 0; i < 170; i++) {
    const y = rng.range(horizon + 4, H - 6)
    const near = (y - horizon) / (H - horizon)
    const x = rng.chance(0.4) ? 560 + rng.range(-90, 90) * (1 + near) : rng.range(0, W)
    const len = rng.range(8, 40) * (0.6 + near)
    const c = Math.abs(x - 560) < 110 ? rng.pick(['#ffd166', '#fff2b0', '#ff9f5a']) : rng.pick(['#ffe08a', '#ff6f91', '#b48ad8', '#ffffff'])
    out.push(
      `<path d="M${f(x)},${f(y)}h${f(len)}" stroke="${c}" stroke-width="${f(1.5 + near * 2.5)}" opacity="${f(rng.range(0.45, 0.9))}" stroke-linecap="round"/>`,
    )
  }
  // wooden pier with posts and buoys in the foreground
  out.push(
    `<path d="M360,598L420,520H470L452,598Z" fill="#d8b48a"/><path d="M420,520H470M410,533H468M398,548H464M385,565H460M372,582H456" stroke="#3b2a22" stroke-width="2"/>`,
  )
  for (let i = 0; i < 6; i++) {
    const t = i / 5
    const px = 420 - t * 60 + 4
    const py = 520 + t * 78
    out.push(
      `<rect x="${f(px - 4)}" y="${f(py - 14 - t * 10)}" width="${f(6 + t * 4)}" height="${f(18 + t * 16)}" fill="#3b2a22"/><rect x="${f(px + 48 - t * 14)}" y="${f(py - 14 - t * 10)}" width="${f(6 + t * 4)}" height="${f(18 + t * 16)}" fill="#3b2a22"/>`,
    )
  }
  for (const [x, y, c] of [
    [560, 540, '#d9455f'],
    [640, 500, '#ffd166'],
    [90, 520, '#d9455f'],
    [740, 560, '#ffffff'],
  ] as const) {
    out.push(
      `<g transform="translate(${x},${y})"><path d="M-8,0L-5,-16H5L8,0Z" fill="${c}"/><rect x="-6" y="-10" width="12" height="3" fill="#2c2a6a"/><path d="M0,-16V-24" stroke="#2c2a6a" stroke-width="2"/><ellipse cx="0" cy="1" rx="13" ry="3" fill="none" stroke="#fff3c4" stroke-width="1.5"/></g>`,
    )
  }
  // rowboat and a life ring at the pier
  out.push(
    `<g transform="translate(530,566) rotate(-6)"><path d="M-44,-8H44L32,10H-34Z" fill="#ffffff"/><path d="M-40,-2H40L37,3H-38Z" fill="#d9455f"/><path d="M-20,-8L-30,-22M14,-8L26,-24" stroke="#3b2a22" stroke-width="3"/></g>`,
  )
  out.push(
    `<g transform="translate(478,546)"><circle r="12" fill="none" stroke="#ffffff" stroke-width="7"/><circle r="12" fill="none" stroke="#d9455f" stroke-width="7" stroke-dasharray="9.4 9.4"/></g>`,
  )
  // striped hot-air balloon
  const bal: string[] = []
  const gores = ['#d9455f', '#fdf6e3', '#ffd166', '#fdf6e3', '#d9455f', '#4e9ad1']
  gores.forEach((c, i) => {
    const x0 = -30 + i * 10
    bal.push(
      `<path d="M0,-36C${x0 * 1.4},-36 ${x0 * 1.4},0 ${f(x0 * 0.3)},26H${f((x0 + 10) * 0.3)}C${(x0 + 10) * 1.4},0 ${(x0 + 10) * 1.4},-36 0,-36Z" fill="${c}"/>`,
    )
  })
  bal.push(
    `<path d="M-9,26L-6,40M9,26L6,40" stroke="#2c2a6a" stroke-width="1.5"/><rect x="-7" y="40" width="14" height="10" fill="#6b4b3a"/>`,
  )
  out.push(`<g transform="translate(548,72) scale(0.85)">${bal.join('')}</g>`)
  // sailboats
  for (const [bx, by, s] of [
    [180, 470, 1.2],
    [330, 520, 0.9],
    [700, 455, 0.8],
  ] as const) {
    out.push(
      `<g transform="translate(${bx},${by}) scale(${s})"><path d="M-30,0H30L22,12H-22Z" fill="#f4f1ea"/><path d="M0,-4V-70L26,-6Z" fill="#ffffff"/><path d="M-3,-8V-58L-24,-8Z" fill="#ff6f91"/></g>`,
    )
  }

  // lettering
  out.push(
    text(52, 96, 'Greetings from', {
      size: 58,
      family: 'Z003',
      fill: '#ffffff',
      transform: 'rotate(-7 52 96)',
      stroke: '#2c2a6a',
      strokeWidth: 4,
    }),
  )
  out.push(text(44, 236, 'HARBOR CITY', { size: 84, weight: 'bold', family: 'DejaVu Sans', fill: '#2c2a6a', spacing: 2 }))
  out.push(
    text(38, 230, 'HARBOR CITY', {
      size: 84,
      weight: 'bold',
      family: 'DejaVu Sans',
      fill: 'url(#letters)',
      stroke: '#ffffff',
      strokeWidth: 3,
      spacing: 2,
    }),
  )
  // little plane towing a banner
  // (flying left, towing the banner behind it)
  out.push(
    `<g transform="translate(318,130) rotate(2)"><path d="M40,0L70,0" stroke="#2c2a6a" stroke-width="1.5"/><path d="M70,-14H250L238,3L250,20H70Z" fill="#fdf6e3" stroke="#2c2a6a" stroke-width="2"/>` +
      text(160, 10, 'WISH YOU WERE HERE!', {
        size: 14,
        weight: 'bold',
        family: 'DejaVu Sans Condensed',
        anchor: 'middle',
        fill: '#d9455f',
      }) +
      `<g transform="scale(-1,1) translate(-40,0)"><path d="M0,-4L30,-6Q40,-2 30,4L0,4Z" fill="#d9455f"/><path d="M12,-4L6,-18H14L22,-4Z M12,4L6,16H14L22,4Z" fill="#2c2a6a"/><path d="M0,-8L-4,-14H2L6,-4Z" fill="#2c2a6a"/><circle cx="32" cy="-1" r="2" fill="#fff"/></g></g>`,
  )

  // stamp with perforated edge
  const sx = 652
  const sy = 34
  const sw = 112
  const sh = 132
  out.push(`<rect x="${sx}" y="${sy}" width="${sw}" height="${sh}" fill="#fdf6e3"/>`)
  const perf: string[] = []
  for (let x = sx; x <= sx + sw; x += 8)
    perf.push(`<circle cx="${x}" cy="${sy}" r="3" fill="#3a2c66"/><circle cx="${x}" cy="${sy + sh}" r="3" fill="#ff9f5a"/>`)
  for (let y = sy + 8; y < sy + sh; y += 8)
    perf.push(`<circle cx="${sx}" cy="${y}" r="3" fill="#6b4b94"/><circle cx="${sx + sw}" cy="${y}" r="3" fill="#6b4b94"/>`)
  out.push(perf.join(''))
  out.push(`<rect x="${sx + 10}" y="${sy + 10}" width="${sw - 20}" height="${sh - 42}" fill="#4e9ad1"/>`)
  out.push(
    `<path d="M${sx + 10},${sy + 80}L${sx + 40},${sy + 44}L${sx + 56},${sy + 62}L${sx + 74},${sy + 36}L${sx + 102},${sy + 80}Z" fill="#2e6b3f"/><circle cx="${sx + 78}" cy="${sy + 28}" r="9" fill="#ffd166"/><path d="M${sx + 10},${sy + 88}Q${sx + 30},${sy + 80} ${sx + 56},${sy + 88}T${sx + 102},${sy + 88}V${sy + 100}H${sx + 10}Z" fill="#1f5f8f"/>`,
  )
  out.push(
    text(sx + sw / 2, sy + 122, 'HARBOR 45c', {
      size: 14,
      weight: 'bold',
      family: 'DejaVu Sans Condensed',
      anchor: 'middle',
      fill: '#3a2c66',
    }),
  )
  // postmark overlapping the stamp
  out.push(
    `<g fill="none" stroke="#3a2c66" stroke-width="2" opacity="0.75"><circle cx="630" cy="130" r="40"/><circle cx="630" cy="130" r="32"/><path d="M676,112q12,-8 24,0t24,0t24,0M676,126q12,-8 24,0t24,0t24,0M676,140q12,-8 24,0t24,0t24,0"/></g>`,
  )
  out.push(
    text(630, 126, 'HARBOR', {
      size: 11,
      weight: 'bold',
      family: 'DejaVu Sans',
      anchor: 'middle',
      fill: '#3a2c66',
      transform: 'rotate(-12 630 130)',
    }),
  )
  out.push(
    text(630, 142, '14·06·25', {
      size: 10,
      family: 'DejaVu Sans Mono',
      anchor: 'middle',
      fill: '#3a2c66',
      transform: 'rotate(-12 630 130)',
    }),
  )

  // caption on the water + white postcard frame
  out.push(
    text(40, 572, 'The bay at dusk · Pier 7 lighthouse · Old Town skyline', { size: 15, family: 'C059', style: 'italic', fill: '#fff3c4' }),
  )
  out.push(text(762, 572, 'No. 0614', { size: 13, family: 'DejaVu Sans Mono', anchor: 'end', fill: '#fff3c4' }))
  out.push(`<rect x="5" y="5" width="${W - 10}" height="${H - 10}" fill="none" stroke="#fdf6e3" stroke-width="10"/>`)
  out.push(`<rect x="14" y="14" width="${W - 28}" height="${H - 28}" fill="none" stroke="#3a2c66" stroke-width="1.5"/>`)
  return svgDoc(W, H, out.join('\n'))
}
