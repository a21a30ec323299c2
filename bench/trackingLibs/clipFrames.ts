/**
 * The frames every pipeline sees: bench:tracking's clips (same script, background, renderer and
 * cache file, so both benchmarks score the same pictures), read back from the y4m as the app's
 * worker reads a camera VideoFrame (its Y plane) and scaled to the 480-px working size with the
 * app's own resize. The print's reference is its image at 512 px, grey by the app's luma weights.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createGrey, resizeGrey } from '../../src/tracking/GreyImage'
import { loadRgb, makeBackground, toGrey } from '../../tests/helpers/printFrames'
import { makeClutterScene } from '../../tests/helpers/scenes'
import { benchmarkScript, writeTrackingClip, type FrameTruth } from '../../tests/helpers/trackingClip'

/** bench/tracking.ts's cache and clip version: keep in step with it (same file, same frames). */
const CLIP_DIR = resolve('.cache/bench-tracking/clips')
const CLIP_VERSION = 4
export const CLIP_W = 640
export const CLIP_H = 360
/** The tracker's working size (TrackingController: 480 px long side). */
export const WORK_W = 480
export const WORK_H = 270

export interface ClipFrames {
  name: string
  truth: FrameTruth[]
  /** `truth.length` grey frames of WORK_W × WORK_H, back to back. */
  frames: Uint8Array
  reference: { width: number; height: number; data: Uint8Array }
}

export async function clipFrames(name: string): Promise<ClipFrames> {
  mkdirSync(CLIP_DIR, { recursive: true })
  const clip = resolve(CLIP_DIR, `${name}-v${CLIP_VERSION}.y4m`)
  const truthFile = `${clip}.json`
  let truth: FrameTruth[]
  if (existsSync(clip) && existsSync(truthFile)) truth = JSON.parse(readFileSync(truthFile, 'utf8')) as FrameTruth[]
  else {
    // Exactly as bench/tracking.ts makes it.
    const print = await loadRgb(resolve('assets/targets', `${name}.png`), 800)
    const background = await makeBackground(CLIP_W, CLIP_H, await makeClutterScene({ seed: 3, width: CLIP_W, height: CLIP_H }))
    truth = await writeTrackingClip(clip, print, background, benchmarkScript(print.height / print.width, CLIP_H / CLIP_W))
    writeFileSync(truthFile, JSON.stringify(truth))
  }
  const frames = lumaFrames(readFileSync(clip), WORK_W, WORK_H)
  if (frames.length / (WORK_W * WORK_H) !== truth.length)
    throw new Error(`${clip}: ${frames.length / (WORK_W * WORK_H)} frames, truth has ${truth.length}`)
  const rgb = await loadRgb(resolve('assets/targets', `${name}.png`), 512)
  return { name, truth, frames, reference: toGrey(rgb) }
}

/** Y planes of an I420 y4m, each scaled to width × height. */
function lumaFrames(y4m: Buffer, width: number, height: number): Uint8Array {
  const headerEnd = y4m.indexOf(0x0a)
  const header = y4m.subarray(0, headerEnd).toString('latin1')
  const w = Number(/ W(\d+)/.exec(header)?.[1])
  const h = Number(/ H(\d+)/.exec(header)?.[1])
  const frameBytes = w * h + 2 * (w >> 1) * (h >> 1)
  const out: Uint8Array[] = []
  let at = headerEnd + 1
  while (at < y4m.length) {
    const lineEnd = y4m.indexOf(0x0a, at)
    at = lineEnd + 1
    const luma = createGrey(w, h)
    luma.data.set(y4m.subarray(at, at + w * h))
    out.push(resizeGrey(luma, width, height).data)
    at += frameBytes
  }
  const all = new Uint8Array(out.length * width * height)
  out.forEach((f, i) => all.set(f, i * width * height))
  return all
}
