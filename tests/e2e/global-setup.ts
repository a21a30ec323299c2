/**
 * Prepares the end-to-end run: a fresh recognizer database (the preview server seeds the sample
 * targets into it), and fake-camera clips generated from the sample target images at test time —
 * perspective, blur, clutter, JPEG artefacts and a little hand shake — written as y4m with sharp.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import sharp from 'sharp'
import { loadRgb, makeBackground } from '../helpers/printFrames'
import { makeClutterScene, makeQueryPhoto } from '../helpers/scenes'
import { e2eScript, writeTrackingClip } from '../helpers/trackingClip'
import { writeY4m } from '../helpers/y4m'
import { MANIFEST_PATH, TRACKING_CLIP, TRACKING_TRUTH_PATH, type E2eManifest } from './clips'

const CLIP_W = 1280
const CLIP_H = 720
/**
 * Columns of the landscape clip a portrait phone page shows (tests/e2e/fixtures.ts: 412 × 860,
 * cover-fitted: 720 × 412 / 860 = 345). The app searches only those, as a visitor aims at what is
 * on screen, so the target photos are framed within them; the rest of the clip is clutter.
 */
const ON_SCREEN_W = 336
/** Frames per clip; each is shifted a few pixels to imitate a hand-held phone. */
const SHAKE_FRAMES = 6
const TARGETS_DIR = resolve('assets/targets')
/** The tracking clip: a phone held upright (portrait stream); the tracker works at 480 px anyway. */
const TRACKING_W = TRACKING_CLIP.width
const TRACKING_H = TRACKING_CLIP.height

interface SampleMeta {
  type?: string
  url?: string
  videoUrl?: string
  modelUrl?: string
}

function sampleKind(meta: SampleMeta): 'model' | 'video' | undefined {
  if (meta.type === 'model' || meta.modelUrl) return 'model'
  if (meta.type === 'video' || meta.videoUrl) return 'video'
  return undefined
}

async function shaken(photo: Buffer): Promise<Buffer[]> {
  const margin = 2 * SHAKE_FRAMES
  const big = await sharp(photo)
    .resize(CLIP_W + 2 * margin, CLIP_H + 2 * margin)
    .toBuffer()
  const frames: Buffer[] = []
  for (let i = 0; i < SHAKE_FRAMES; i++) {
    const dx = Math.round(margin + Math.sin(i) * margin * 0.8)
    const dy = Math.round(margin + Math.cos(i * 1.3) * margin * 0.8)
    frames.push(await sharp(big).extract({ left: dx, top: dy, width: CLIP_W, height: CLIP_H }).png().toBuffer())
  }
  return frames
}

export default async function globalSetup(): Promise<void> {
  const dir = resolve('.cache/e2e')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(resolve(dir, 'clips'), { recursive: true })

  const picked: Partial<Record<'model' | 'video', string>> = {}
  for (const file of readdirSync(TARGETS_DIR).sort()) {
    if (!file.endsWith('.json')) continue
    const meta = JSON.parse(readFileSync(resolve(TARGETS_DIR, file), 'utf8')) as SampleMeta
    const kind = sampleKind(meta)
    if (kind && !picked[kind]) picked[kind] = file.replace(/\.json$/, '')
  }
  if (!picked.model || !picked.video) {
    throw new Error(`e2e setup: assets/targets needs a model target and a video target (found ${JSON.stringify(picked)})`)
  }

  const clips: Record<string, string> = {}
  const clutter = await makeClutterScene({ seed: 5, width: CLIP_W, height: CLIP_H })
  // `offscreen`: the model target at the clip's left edge, where the portrait page shows nothing.
  for (const [kind, left] of [
    ['model', (CLIP_W - ON_SCREEN_W) / 2],
    ['video', (CLIP_W - ON_SCREEN_W) / 2],
    ['offscreen', 0],
  ] as const) {
    const target = readFileSync(resolve(TARGETS_DIR, `${picked[kind === 'offscreen' ? 'model' : kind]}.png`))
    const photo = await makeQueryPhoto(target, {
      seed: kind === 'video' ? 23 : 11,
      width: ON_SCREEN_W,
      height: CLIP_H,
      coverage: 0.4,
      tiltDeg: 20,
      blur: 1,
      jpegQuality: 80,
    })
    const frame = await sharp(clutter)
      .composite([{ input: photo, left, top: 0 }])
      .jpeg({ quality: 90 })
      .toBuffer()
    clips[kind] = resolve(dir, 'clips', `${kind}.y4m`)
    await writeY4m(clips[kind], await shaken(frame), { width: CLIP_W, height: CLIP_H })
  }
  clips.clutter = resolve(dir, 'clips', 'clutter.y4m')
  await writeY4m(clips.clutter, await shaken(clutter), { width: CLIP_W, height: CLIP_H })

  // Tracking: the model print through a scripted visit (still, moving, out of view, back), with
  // each frame's true corners (tests/helpers/trackingClip.ts).
  const print = await loadRgb(resolve(TARGETS_DIR, `${picked.model}.png`), 800)
  const background = await makeBackground(
    TRACKING_W,
    TRACKING_H,
    await makeClutterScene({ seed: 7, width: TRACKING_W, height: TRACKING_H }),
  )
  clips.tracking = resolve(dir, 'clips', 'tracking.y4m')
  const truth = await writeTrackingClip(
    clips.tracking,
    print,
    background,
    e2eScript(print.height / print.width, TRACKING_H / TRACKING_W, 0.6),
  )
  writeFileSync(TRACKING_TRUTH_PATH, JSON.stringify(truth))

  const manifest: E2eManifest = { modelTarget: picked.model, videoTarget: picked.video, clips }
  writeFileSync(MANIFEST_PATH, JSON.stringify(manifest, null, 2))
}
