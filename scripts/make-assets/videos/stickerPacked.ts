/**
 * assets/content/sticker-packed.mp4: packed alpha (colour left, matte right).
 */
import { TAU, f, text, svgDoc, starPath } from '../draw.ts'
import type { Clip } from './clip.ts'

/**
 * Packed alpha, side-by-side: colour left, matte right (white = opaque). A sticker (disc with a
 * turning star ring) and three orbiting sparkles; outside them the colour half is magenta, which
 * must never be seen (the e2e test reads pixels to check it).
 */
export function stickerPackedClip(file: string): Clip {
  const S = 320
  const T = 4
  const frame = (_t: number, u: number): string => {
    const shapes = (paint: (fill: string) => string): string => {
      const out: string[] = []
      out.push(`<circle cx="${S / 2}" cy="${S / 2}" r="112" fill="${paint('#ffd23f')}"/>`)
      out.push(
        `<g transform="translate(${S / 2},${S / 2}) rotate(${f(u * 360)})"><path d="${starPath(96, 8, 0.72)}" fill="${paint('#ff7b00')}"/></g>`,
      )
      out.push(`<circle cx="${S / 2}" cy="${S / 2}" r="52" fill="${paint('#ffd23f')}"/>`)
      for (let k = 0; k < 3; k++) {
        const a = u * TAU + (k * TAU) / 3
        out.push(
          `<g transform="translate(${f(S / 2 + Math.cos(a) * 138)},${f(S / 2 + Math.sin(a) * 138)}) rotate(${f(u * 720)})"><path d="${starPath(16, 4, 0.35)}" fill="${paint('#ffffff')}"/></g>`,
        )
      }
      return out.join('')
    }
    const colour =
      `<rect width="${S}" height="${S}" fill="#ff00ff"/>` +
      shapes((c) => c) +
      text(S / 2, S / 2 + 12, 'HI!', { size: 36, weight: 'bold', family: 'DejaVu Sans', anchor: 'middle', fill: '#7a2e00' })
    const matte = `<rect width="${S}" height="${S}" fill="#000000"/>${shapes(() => '#ffffff')}`
    return svgDoc(2 * S, S, `${colour}<g transform="translate(${S},0)">${matte}</g>`)
  }
  return { file, width: 2 * S, height: S, fps: 24, seconds: T, frame }
}
