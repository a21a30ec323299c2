/**
 * assets/content/weather-chroma.mp4: a chroma-key clip on a pure green screen.
 */
import { TAU, f, text, svgDoc } from '../draw.ts'
import type { Clip } from './clip.ts'

/** Chroma key: a bobbing sun behind a white cloud, on a pure green screen (#00ff00). */
export function weatherChromaClip(file: string): Clip {
  const W = 480
  const H = 270
  const T = 4
  const frame = (_t: number, u: number): string => {
    const out: string[] = [`<rect width="${W}" height="${H}" fill="#00ff00"/>`]
    const sy = 100 - 18 * Math.sin(u * TAU)
    out.push(`<g transform="translate(290,${f(sy)}) rotate(${f(u * 90)})">`)
    for (let k = 0; k < 12; k++) out.push(`<path d="M0,-62L7,-80L-7,-80Z" fill="#ffb703" transform="rotate(${k * 30})"/>`)
    out.push(`<circle r="54" fill="#ffb703"/></g>`)
    out.push(
      `<g transform="translate(${f(W / 2 + 6 * Math.sin(u * TAU * 2))},150)"><ellipse cx="-70" cy="20" rx="60" ry="42" fill="#f4f7ff"/><ellipse cx="0" cy="-5" rx="78" ry="62" fill="#f4f7ff"/><ellipse cx="75" cy="22" rx="58" ry="40" fill="#f4f7ff"/><rect x="-120" y="20" width="240" height="44" rx="22" fill="#f4f7ff"/></g>`,
    )
    out.push(text(W / 2, 248, '24°  SUNNY SPELLS', { size: 24, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#03045e' }))
    return svgDoc(W, H, out.join(''))
  }
  return { file, width: W, height: H, fps: 24, seconds: T, frame }
}
