/**
 * Target 2, `tea-box`: a tea packaging label.
 */
import { Rng, f, text, svgDoc } from '../draw.ts'

/** A tea leaf centred at 0,0 pointing up, length 2*len. */
function leaf(len: number, fill: string, vein: string): string {
  const w = len * 0.55
  return (
    `<path d="M0,${f(-len)}C${f(w)},${f(-len * 0.5)} ${f(w)},${f(len * 0.5)} 0,${f(len)}C${f(-w)},${f(len * 0.5)} ${f(-w)},${f(-len * 0.5)} 0,${f(-len)}Z" fill="${fill}"/>` +
    `<path d="M0,${f(-len * 0.85)}V${f(len * 1.15)}M0,${f(-len * 0.3)}l${f(w * 0.5)},${f(-len * 0.2)}M0,${f(0)}l${f(-w * 0.5)},${f(-len * 0.2)}M0,${f(len * 0.3)}l${f(w * 0.5)},${f(-len * 0.2)}" stroke="${vein}" stroke-width="${f(Math.max(1, len / 16))}" fill="none"/>`
  )
}

/** 2. Tea packaging label, landscape 800x600. */
export function teaBoxSvg(): string {
  const W = 800
  const H = 600
  const rng = new Rng(0x7ea0b0c5)
  const out: string[] = []
  out.push(`<defs>
    <linearGradient id="paper" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#f8f0dc"/><stop offset="1" stop-color="#e6d6ae"/>
    </linearGradient>
    <linearGradient id="band" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1c5a41"/><stop offset="1" stop-color="#0f3326"/>
    </linearGradient>
    <radialGradient id="emb" cx="0.5" cy="0.42" r="0.6">
      <stop offset="0" stop-color="#fffaf0"/><stop offset="1" stop-color="#efe0bb"/>
    </radialGradient>
    <linearGradient id="gold" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#f5d77a"/><stop offset="0.5" stop-color="#c99a2e"/><stop offset="1" stop-color="#f0cf6a"/>
    </linearGradient>
    <clipPath id="embclip"><circle cx="460" cy="262" r="138"/></clipPath>
  </defs>`)
  out.push(`<rect width="${W}" height="${H}" fill="url(#paper)"/>`)

  // watercolour-like leaves scattered over the paper
  const greens = ['#7fae6b', '#4e8a5a', '#a9c98b', '#3f7a4f', '#c3d9a0']
  for (let i = 0; i < 90; i++) {
    const x = rng.range(0, W)
    const y = rng.range(0, H)
    out.push(
      `<g transform="translate(${f(x)},${f(y)}) rotate(${f(rng.range(0, 360))})" opacity="${f(rng.range(0.35, 0.75))}">${leaf(rng.range(10, 34), rng.pick(greens), '#2f5e3c')}</g>`,
    )
  }
  // ink sprigs: small branches with leaves
  for (let i = 0; i < 10; i++) {
    const x = rng.range(240, 780)
    const y = rng.range(20, 580)
    const rot = rng.range(0, 360)
    let g = `<path d="M0,0C10,-30 -8,-60 4,-95" stroke="#2f5e3c" stroke-width="2.5" fill="none"/>`
    for (let k = 0; k < 4; k++) {
      const t = 0.2 + k * 0.22
      g += `<g transform="translate(${f(rng.range(-3, 5))},${f(-95 * t)}) rotate(${k % 2 ? 50 : -50})">${leaf(11, '#4e8a5a', '#dfeccf')}</g>`
    }
    out.push(`<g transform="translate(${f(x)},${f(y)}) rotate(${f(rot)}) scale(${f(rng.range(0.6, 1.1))})">${g}</g>`)
  }

  // left brand band
  out.push(`<rect x="0" y="0" width="232" height="${H}" fill="url(#band)"/>`)
  // gold ornament border with corner flourishes
  out.push(`<rect x="14" y="14" width="204" height="${H - 28}" fill="none" stroke="url(#gold)" stroke-width="3"/>`)
  out.push(`<rect x="22" y="22" width="188" height="${H - 44}" fill="none" stroke="url(#gold)" stroke-width="1.2"/>`)
  for (const [cx, cy, r] of [
    [22, 22, 0],
    [210, 22, 90],
    [210, H - 22, 180],
    [22, H - 22, 270],
  ] as const) {
    out.push(
      `<path transform="translate(${cx},${cy}) rotate(${r})" d="M0,0C18,2 26,10 28,28C20,20 10,16 0,0ZM0,0C2,18 10,26 28,28" fill="#e9c25a" stroke="#e9c25a" stroke-width="1"/>`,
    )
  }
  // vertical kanji + latin brand
  const kanji = ['森', 'の', '茶']
  kanji.forEach((k, i) =>
    out.push(text(176, 96 + i * 74, k, { size: 66, family: 'Droid Sans Fallback', anchor: 'middle', fill: 'url(#gold)' })),
  )
  out.push(`<rect x="40" y="62" width="44" height="44" fill="#c0392b" transform="rotate(-4 62 84)"/>`)
  out.push(
    text(56, 262, 'PREMIUM', {
      size: 13,
      weight: 'bold',
      family: 'DejaVu Sans',
      fill: '#e9c25a',
      transform: 'rotate(-90 56 262)',
      spacing: 2,
    }),
  )
  out.push(
    text(80, 262, 'GRADE A', {
      size: 13,
      weight: 'bold',
      family: 'DejaVu Sans',
      fill: '#e9c25a',
      transform: 'rotate(-90 80 262)',
      spacing: 2,
    }),
  )
  out.push(`<path d="M56,122l6,-10l6,10l-6,10Z M56,292l6,-10l6,10l-6,10Z" fill="#e9c25a"/>`)
  out.push(
    text(62, 96, '印', { size: 32, family: 'Droid Sans Fallback', anchor: 'middle', fill: '#fbe9c8', transform: 'rotate(-4 62 84)' }),
  )
  out.push(text(116, 360, 'MORI', { size: 70, weight: 'bold', family: 'P052', anchor: 'middle', fill: 'url(#gold)', spacing: 4 }))
  out.push(text(116, 392, 'TEA  COMPANY', { size: 17, family: 'P052', anchor: 'middle', fill: '#f5e6c4', spacing: 3 }))
  out.push(`<path d="M44,412H188M60,420H172" stroke="#e9c25a" stroke-width="1.5"/>`)
  out.push(text(116, 450, 'EST. 1897', { size: 16, family: 'C059', style: 'italic', anchor: 'middle', fill: '#f5e6c4', spacing: 2 }))
  out.push(text(116, 480, 'SHIZUOKA · JAPAN', { size: 12, family: 'DejaVu Sans', anchor: 'middle', fill: '#e9c25a', spacing: 2 }))
  // little tea cup icon
  out.push(
    `<g transform="translate(116,528)" fill="none" stroke="#e9c25a" stroke-width="2.5"><path d="M-26,-10H26C24,18 12,26 0,26C-12,26 -24,18 -26,-10Z"/><path d="M26,-2C38,-2 38,14 22,14"/><path d="M-10,-16C-16,-24 -4,-28 -10,-38M4,-16C-2,-24 10,-28 4,-38"/></g>`,
  )

  // central emblem with landscape
  out.push(`<circle cx="460" cy="262" r="146" fill="url(#gold)"/>`)
  out.push(`<circle cx="460" cy="262" r="138" fill="url(#emb)"/>`)
  const emb: string[] = []
  emb.push(`<circle cx="505" cy="200" r="40" fill="#d94a38"/>`)
  emb.push(`<path d="M300,300L405,160L430,178L452,150L560,300Z" fill="#6c8fb3"/>`)
  emb.push(`<path d="M405,160L430,178L452,150L470,175L455,172L440,190L425,176L410,186Z" fill="#ffffff"/>`)
  emb.push(`<path d="M320,300L520,210L600,300Z" fill="#4c7197" opacity="0.8"/>`)
  // rows of tea bushes (arcs of bumps, each bump a little different)
  const rows = [300, 326, 352, 378, 404]
  rows.forEach((ry, ri) => {
    let x = 300 + ri * -6
    let d = `M${x},${ry + 30}`
    while (x < 640) {
      const w = rng.range(22, 40)
      const hgt = rng.range(14, 24)
      d += `Q${f(x + w / 2)},${f(ry - hgt)} ${f(x + w)},${ry}`
      x += w
    }
    d += `V${ry + 40}H300Z`
    emb.push(`<path d="${d}" fill="${['#2e6b3f', '#3d8150', '#4e9560', '#5ea56d', '#6fb57b'][ri]}" stroke="#1d4a2a" stroke-width="1.5"/>`)
    for (let k = 0; k < 14; k++) {
      emb.push(`<circle cx="${f(rng.range(310, 620))}" cy="${f(ry + rng.range(-4, 18))}" r="${f(rng.range(1.5, 3.2))}" fill="#cfe8a9"/>`)
    }
  })
  // steam swirls & cranes
  emb.push(`<path d="M360,150C350,130 375,120 365,100M382,150C372,130 397,120 387,100" stroke="#8aa6c2" stroke-width="3" fill="none"/>`)
  for (let i = 0; i < 3; i++) {
    const bx = 520 + i * 24
    const by = 140 + i * 12
    emb.push(
      `<path d="M${bx - 10},${by}Q${bx - 4},${by - 8} ${bx},${by}Q${bx + 4},${by - 8} ${bx + 10},${by}" stroke="#333" stroke-width="2" fill="none"/>`,
    )
  }
  out.push(`<g clip-path="url(#embclip)">${emb.join('')}</g>`)
  // lettering around the emblem, one glyph at a time
  const ring = '✿ ORGANIC ✿ FIRST FLUSH ✿ SHIZUOKA ✿'
  const rr = 158
  for (let i = 0; i < ring.length; i++) {
    const a = -205 + (i * 230) / (ring.length - 1)
    const x = 460 + Math.cos((a * Math.PI) / 180) * rr
    const y = 262 + Math.sin((a * Math.PI) / 180) * rr
    out.push(
      text(x, y, ring[i] ?? '', {
        size: 15,
        weight: 'bold',
        family: 'DejaVu Sans',
        anchor: 'middle',
        fill: '#1c5a41',
        transform: `rotate(${f(a + 90)} ${f(x)} ${f(y)})`,
      }),
    )
  }
  // product name under the emblem
  out.push(text(460, 470, 'SENCHA', { size: 62, weight: 'bold', family: 'C059', anchor: 'middle', fill: '#1c5a41', spacing: 8 }))
  out.push(
    text(460, 500, 'Japanese Green Tea · Steamed Leaf', { size: 18, family: 'C059', style: 'italic', anchor: 'middle', fill: '#7a4e1d' }),
  )

  // right column: product facts
  out.push(`<rect x="626" y="40" width="150" height="176" rx="10" fill="#1c5a41" opacity="0.92"/>`)
  out.push(text(701, 82, '20', { size: 42, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#f5d77a' }))
  out.push(text(701, 104, 'PYRAMID BAGS', { size: 13, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#f8f0dc' }))
  out.push(`<path d="M646,118H756" stroke="#f5d77a"/>`)
  out.push(text(701, 142, 'Net wt. 40 g', { size: 14, family: 'DejaVu Sans', anchor: 'middle', fill: '#f8f0dc' }))
  out.push(text(701, 164, '80°C · 2 min', { size: 14, family: 'DejaVu Sans', anchor: 'middle', fill: '#f8f0dc' }))
  out.push(text(701, 196, '★ ★ ★ ★ ★', { size: 16, family: 'DejaVu Sans', anchor: 'middle', fill: '#f5d77a' }))
  out.push(
    `<g transform="translate(701,282)"><circle r="44" fill="#c0392b"/><circle r="38" fill="none" stroke="#fbe9c8" stroke-width="1.5" stroke-dasharray="4 3"/>` +
      text(0, -6, 'JAS', { size: 22, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#fbe9c8' }) +
      text(0, 14, 'ORGANIC', { size: 11, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#fbe9c8' }) +
      `</g>`,
  )
  // barcode with seeded bar widths
  let bx = 640
  const bars: string[] = []
  while (bx < 762) {
    const w = rng.pick([1.5, 1.5, 3, 4.5])
    bars.push(`<rect x="${f(bx)}" y="452" width="${w}" height="${bx < 644 || bx > 756 ? 70 : 62}" fill="#1d1d1d"/>`)
    bx += w + rng.pick([1.5, 1.5, 3])
  }
  out.push(`<rect x="630" y="444" width="142" height="96" fill="#fffdf5" stroke="#1d1d1d" stroke-width="1"/>`)
  out.push(bars.join(''))
  out.push(text(701, 534, '4 901234 567894', { size: 12, family: 'DejaVu Sans Mono', anchor: 'middle', fill: '#1d1d1d' }))
  out.push(text(701, 360, 'Best enjoyed', { size: 14, family: 'C059', style: 'italic', anchor: 'middle', fill: '#7a4e1d' }))
  out.push(text(701, 378, 'within 6 months', { size: 14, family: 'C059', style: 'italic', anchor: 'middle', fill: '#7a4e1d' }))
  out.push(text(701, 410, 'LOT 25-0614-A', { size: 11, family: 'DejaVu Sans Mono', anchor: 'middle', fill: '#1d1d1d' }))

  // bottom ribbon
  out.push(`<path d="M244,540H616L604,560L616,580H244L256,560Z" fill="#c0392b"/>`)
  out.push(
    text(430, 566, 'HAND-PICKED · STEAMED · ROLLED · DRIED', {
      size: 12.5,
      weight: 'bold',
      family: 'DejaVu Sans',
      anchor: 'middle',
      fill: '#fbe9c8',
    }),
  )
  return svgDoc(W, H, out.join('\n'))
}
