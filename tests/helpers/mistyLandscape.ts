/**
 * A misty, low-contrast landscape "photo" (sharp SVG + grain): pale ridges and faint trees all
 * over, a darker clump of trees in one corner where most features end up. Stands in for the real
 * photo the grade once called "good" (issue 10): contrast ~6 of 255, its features in half the grid.
 * Same seed → same bytes.
 */
import sharp from 'sharp'
import { mulberry32 } from '../../server/src/engine/DescriptorIndex.ts'

export async function mistyLandscape(seed: number, width = 960, height = 640): Promise<Buffer> {
  const random = mulberry32(seed)
  const ridge = (base: number, amplitude: number) => {
    const points: string[] = []
    for (let x = 0; x <= width; x += width / 24) points.push(`${x.toFixed(0)},${(base + (random() - 0.5) * amplitude).toFixed(0)}`)
    return `M0,${height} L${points.join(' L')} L${width},${height} Z`
  }
  const tree = (x: number, y: number, h: number, fill: string) =>
    `<path d="M${x.toFixed(1)},${(y - h).toFixed(1)} L${(x - h * 0.22).toFixed(1)},${y.toFixed(1)} L${(x + h * 0.22).toFixed(1)},${y.toFixed(1)} Z" fill="${fill}"/>`
  const faint = Array.from({ length: 160 }, () =>
    tree(random() * width, height * (0.5 + random() * 0.5), 12 + random() * 30, random() < 0.5 ? '#b0b8bf' : '#a9b1b8'),
  )
  const clump = Array.from({ length: 18 }, () =>
    tree(width * (0.06 + random() * 0.16), height * (0.72 + random() * 0.1), 40 + random() * 50, '#6f7880'),
  )
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#d9dde1"/><stop offset="1" stop-color="#c8ced3"/></linearGradient>
    <filter id="mist"><feGaussianBlur stdDeviation="6"/></filter><filter id="soft"><feGaussianBlur stdDeviation="0.8"/></filter></defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>
    <path d="${ridge(height * 0.5, 60)}" fill="#c1c8ce" filter="url(#mist)"/>
    <g filter="url(#soft)">${faint.join('')}</g>
    <path d="${ridge(height * 0.7, 50)}" fill="#bac2c8" fill-opacity="0.6" filter="url(#mist)"/>
    <g filter="url(#soft)">${clump.join('')}</g>
  </svg>`
  const grain = await sharp({
    create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 5 } },
  })
    .png()
    .toBuffer()
  return sharp(Buffer.from(svg))
    .composite([{ input: grain, blend: 'overlay' }])
    .jpeg({ quality: 85 })
    .toBuffer()
}
