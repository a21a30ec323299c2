/** Paths of the fake-camera clips and the sample targets that global-setup prepared. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

export interface E2eManifest {
  /** Name of a sample target whose meta shows a model. */
  modelTarget: string
  /** Name of a sample target whose meta shows a video. */
  videoTarget: string
  /** Clip name → absolute y4m path (`model`, `video`, `clutter`, `offscreen`, `tracking`). */
  clips: Record<string, string>
}

export const MANIFEST_PATH = resolve('.cache/e2e/manifest.json')
/** Size of the tracking clip (a portrait stream, as a phone held upright gives). */
export const TRACKING_CLIP = { width: 360, height: 640 } as const
/** Per frame of the tracking clip: where the print's corners truly are (FrameTruth[]). */
export const TRACKING_TRUTH_PATH = resolve('.cache/e2e/tracking-truth.json')

export function manifest(): E2eManifest {
  return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as E2eManifest
}

export function clipPath(name: 'model' | 'video' | 'clutter' | 'offscreen' | 'tracking'): string {
  const path = manifest().clips[name]
  if (!path) throw new Error(`e2e: no clip named ${name}; did global-setup run?`)
  return path
}
