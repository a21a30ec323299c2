/**
 * Writes a YUV4MPEG2 (y4m) clip that Chromium's fake camera plays in a loop
 * (`--use-file-for-fake-video-capture=<file>`). Pure Node + sharp, no ffmpeg:
 * each frame is converted RGB → I420 (BT.601, limited range, as Chromium expects).
 */
import { open } from 'node:fs/promises'
import sharp from 'sharp'

export interface Y4mOptions {
  width: number
  height: number
  fps?: number
}

/** Converts one encoded image (any format sharp reads) to an I420 frame of the given size. */
export async function toI420(image: Buffer, width: number, height: number): Promise<Buffer> {
  const { data } = await sharp(image).resize(width, height, { fit: 'cover' }).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return rgbToI420({ width, height, data })
}

/** Converts raw RGB pixels to an I420 frame (BT.601, limited range). Width and height even. */
export function rgbToI420({ width, height, data }: { width: number; height: number; data: Uint8Array }): Buffer {
  const ySize = width * height
  const cw = width >> 1
  const ch = height >> 1
  const out = Buffer.alloc(ySize + 2 * cw * ch)
  for (let i = 0, p = 0; i < ySize; i++, p += 3) {
    const r = data[p]!
    const g = data[p + 1]!
    const b = data[p + 2]!
    out[i] = Math.round(16 + 0.257 * r + 0.504 * g + 0.098 * b)
  }
  // Chroma: average each 2×2 block.
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      let r = 0
      let g = 0
      let b = 0
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const p = ((2 * y + dy) * width + 2 * x + dx) * 3
        r += data[p]!
        g += data[p + 1]!
        b += data[p + 2]!
      }
      r /= 4
      g /= 4
      b /= 4
      const i = y * cw + x
      out[ySize + i] = Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b)
      out[ySize + cw * ch + i] = Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b)
    }
  }
  return out
}

/** Writes `frames` (encoded images) as a y4m clip at `path`. Width and height must be even. */
export async function writeY4m(path: string, frames: Buffer[], { width, height, fps = 30 }: Y4mOptions): Promise<void> {
  if (width % 2 || height % 2) throw new Error('writeY4m: width and height must be even')
  const file = await open(path, 'w')
  try {
    await file.write(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420\n`)
    for (const frame of frames) {
      await file.write('FRAME\n')
      await file.write(await toI420(frame, width, height))
    }
  } finally {
    await file.close()
  }
}
