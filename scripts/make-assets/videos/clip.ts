/**
 * A clip is a frame function (time → SVG) encoded by ffmpeg; helpers for per-frame effects.
 */
import { spawn } from 'node:child_process'
import sharp from 'sharp'

/** Integer hash -> [0, 1): stateless randomness for per-frame effects (frame order independent). */
export function hash01(...ints: number[]): number {
  let h = 0x811c9dc5
  for (const i of ints) {
    h ^= i | 0
    h = Math.imul(h, 0x01000193)
    h ^= h >>> 13
    h = Math.imul(h, 0x5bd1e995)
    h ^= h >>> 15
  }
  return (h >>> 0) / 4294967296
}

export interface Clip {
  file: string
  width: number
  height: number
  fps: number
  seconds: number
  frame: (t: number, u: number) => string
  /** ffmpeg lavfi audio source (commas escaped), or none. */
  audio?: string
}

export async function encodeClip(clip: Clip): Promise<void> {
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-s',
    `${clip.width}x${clip.height}`,
    '-r',
    String(clip.fps),
    '-i',
    'pipe:0',
  ]
  if (clip.audio) args.push('-f', 'lavfi', '-i', clip.audio)
  args.push('-map', '0:v')
  if (clip.audio) args.push('-map', '1:a')
  args.push(
    '-c:v',
    'libx264',
    '-profile:v',
    'main',
    '-level',
    '3.1',
    '-pix_fmt',
    'yuv420p',
    '-preset',
    'slow',
    '-crf',
    '28',
    '-maxrate',
    '480k',
    '-bufsize',
    '1M',
    '-g',
    String(clip.fps * 2),
    '-threads',
    '1',
  )
  if (clip.audio) args.push('-c:a', 'aac', '-b:a', '48k', '-ac', '1', '-ar', '44100')
  else args.push('-an')
  args.push(
    '-t',
    String(clip.seconds),
    '-movflags',
    '+faststart',
    '-map_metadata',
    '-1',
    '-fflags',
    '+bitexact',
    '-flags:v',
    '+bitexact',
    '-flags:a',
    '+bitexact',
    clip.file,
  )
  const ff = spawn('ffmpeg', args, { stdio: ['pipe', 'inherit', 'inherit'] })
  const done = new Promise<void>((resolve, reject) => {
    ff.on('error', reject)
    ff.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))))
  })
  const frames = Math.round(clip.seconds * clip.fps)
  for (let i = 0; i < frames; i++) {
    const t = i / clip.fps
    const raw = await sharp(Buffer.from(clip.frame(t, t / clip.seconds)))
      .removeAlpha()
      .raw()
      .toBuffer()
    if (!ff.stdin.write(raw)) await new Promise((r) => ff.stdin.once('drain', r))
  }
  ff.stdin.end()
  await done
}

export const clamp01 = (x: number) => Math.max(0, Math.min(1, x))

export const smooth = (x: number) => {
  const c = clamp01(x)
  return c * c * (3 - 2 * c)
}

export async function probe(file: string): Promise<string> {
  const ff = spawn('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_name,profile,width,height,r_frame_rate,pix_fmt:format=duration',
    '-of',
    'compact=p=0:nk=1',
    file,
  ])
  let outText = ''
  ff.stdout.on('data', (d: Buffer) => (outText += d.toString()))
  await new Promise((r) => ff.on('close', r))
  return outText.trim().split('\n').join(' | ')
}
