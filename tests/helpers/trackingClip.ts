/**
 * Tracking test clips with exact ground truth: a print (flat, or wrapped round a can) moved
 * through scripted 3D poses in front of a camera with the app's assumed intrinsics
 * (src/tracking/pose.ts), rendered frame by frame with tests/helpers/printFrames.ts, each frame
 * tagged with its number (src/tracking/frameTag.ts) and written as a y4m clip for Chromium's fake
 * camera. `truth[i]` says where the print's corners are in frame i and what the frame shows.
 */
import { open } from 'node:fs/promises'
import { intrinsicsFor, type Intrinsics } from '../../src/tracking/pose.ts'
import { tagBlock, TAG_BITS } from '../../src/tracking/frameTag.ts'
import { renderPrint, type Corners, type RenderOptions, type RgbImage } from './printFrames.ts'
import { rgbToI420 } from './y4m.ts'

export interface PrintPose {
  /** Centre of the print in 0..1 of the frame. */
  x: number
  y: number
  /** Print width as a share of the frame width (at zero tilt). */
  width: number
  rollDeg: number
  /** Turned about its horizontal axis (top away from the camera when positive). */
  tiltDeg: number
  /** Turned about its vertical axis. */
  yawDeg: number
}

export interface ClipFrame {
  pose: PrintPose
  segment: string
  /** The camera is not moving relative to the print in this frame. */
  still: boolean
  render?: RenderOptions
  /** Wrap the print round a can with this much arc (degrees) instead of keeping it flat. */
  wrapDeg?: number
}

export interface FrameTruth {
  segment: string
  still: boolean
  /** TL, TR, BR, BL in 0..1 of the frame. */
  corners: Corners
  /** The print's centre in 0..1 of the frame (on a can: the label's middle, on its surface). */
  centre: [number, number]
  /** All four corners inside the frame. */
  inView: boolean
  /** Share of the print's area inside the frame (0..1, approximate). */
  visibleShare: number
  occluded: boolean
  curved: boolean
}

const smooth = (t: number): number => t * t * (3 - 2 * t)
const blendPose = (a: PrintPose, b: PrintPose, t: number): PrintPose => ({
  x: a.x + (b.x - a.x) * t,
  y: a.y + (b.y - a.y) * t,
  width: a.width + (b.width - a.width) * t,
  rollDeg: a.rollDeg + (b.rollDeg - a.rollDeg) * t,
  tiltDeg: a.tiltDeg + (b.tiltDeg - a.tiltDeg) * t,
  yawDeg: a.yawDeg + (b.yawDeg - a.yawDeg) * t,
})
const lerp = (a: number, b: number, t: number): number => a + (b - a) * t

/**
 * The benchmark's scripted visit, 30 fps: still, smooth moves (roll ±30°, tilt to 45°, 25–70 %
 * of the width), defocus / motion blur / noise, a lighting ramp, a hand over 30 %, leaving the
 * view and coming back, and the print wrapped round a can.
 */
export function benchmarkScript(aspect = 0.75, frameAspect = 9 / 16): ClipFrame[] {
  const frames: ClipFrame[] = []
  // Widths are shares of the frame's width; a tall print is made narrower so it fits the height.
  const fit = fitFactor(aspect, frameAspect, 0.69)
  const base: PrintPose = { x: 0.5, y: 0.5, width: 0.45, rollDeg: 0, tiltDeg: 10, yawDeg: 0 }
  const hold = (n: number, segment: string, pose: PrintPose, render?: RenderOptions, extra: Partial<ClipFrame> = {}): void => {
    for (let i = 0; i < n; i++)
      frames.push({
        pose: { ...pose, width: pose.width * fit },
        segment,
        still: true,
        render: render && { ...render, seed: frames.length },
        ...extra,
      })
  }
  const move = (
    n: number,
    segment: string,
    at: (t: number) => PrintPose,
    render?: (t: number) => RenderOptions,
    extra: Partial<ClipFrame> = {},
  ): void => {
    for (let i = 0; i < n; i++) {
      const t = i / (n - 1)
      const pose = at(t)
      frames.push({
        pose: { ...pose, width: pose.width * fit },
        segment,
        still: false,
        render: { ...(render?.(t) ?? {}), seed: frames.length },
        ...extra,
      })
    }
  }
  // Every segment starts where the last one ended: a camera never teleports (a jump would be
  // scored as lag).
  let last = base
  const moveTo = (
    n: number,
    segment: string,
    to: PrintPose,
    render?: (t: number) => RenderOptions,
    extra: Partial<ClipFrame> = {},
  ): void => {
    const from = last
    move(n, segment, (t) => blendPose(from, to, smooth(t)), render, extra)
    last = to
  }
  hold(60, 'still', base, { noise: 2 })
  // Smooth moves: a figure-of-eight across the frame while turning (roll ±30°) and tilting (to
  // 45°), growing and shrinking (25–70 % of the width); it starts and ends at the still pose.
  move(
    150,
    'move',
    (t) => {
      const a = t * 2 * Math.PI
      return {
        x: 0.5 + 0.18 * Math.sin(a),
        y: 0.5 + 0.1 * Math.sin(2 * a),
        width: 0.45 + 0.22 * Math.sin(a * 1.5),
        rollDeg: 30 * Math.sin(a),
        tiltDeg: 10 + 35 * Math.sin(a / 2) ** 2,
        yawDeg: 15 * Math.sin(a * 3),
      }
    },
    () => ({ noise: 2 }),
  )
  const slow = (t: number): PrintPose => ({ ...base, x: 0.5 + 0.04 * Math.sin(t * 2 * Math.PI), rollDeg: 6 * Math.sin(t * 2 * Math.PI) })
  move(30, 'defocus', slow, () => ({ blur: 1.6, noise: 2 }))
  // A quick swipe there and back (0.24 frame widths a second), smeared by motion blur.
  move(
    30,
    'motion-blur',
    (t) => ({ ...base, x: 0.5 + 0.12 * Math.sin(t * Math.PI) }),
    () => ({ motionBlur: 7, noise: 2 }),
  )
  move(30, 'noise', slow, () => ({ noise: 7 }))
  move(60, 'lighting', slow, (t) => ({ gain: t < 0.5 ? lerp(1, 0.45, smooth(t * 2)) : lerp(0.45, 1.4, smooth(t * 2 - 1)), noise: 3 }))
  last = base
  const far: PrintPose = { ...base, width: 0.3, rollDeg: -12, tiltDeg: 25 }
  moveTo(20, 'to-far', far, () => ({ noise: 2 }))
  hold(30, 'still-2', far, { noise: 2 })
  const near: PrintPose = { ...base, x: 0.48, width: 0.42 }
  moveTo(20, 'to-near', near, () => ({ noise: 2 }))
  move(
    60,
    'occlusion',
    (t) => ({ ...near, x: 0.48 + 0.04 * t }),
    (t) => ({ occlusion: 0.3 * smooth(Math.min(1, t * 2)), noise: 2 }),
  )
  last = { ...near, x: 0.52 }
  // Leave to the right and come back.
  const out: PrintPose = { ...base, x: 1.8 }
  moveTo(15, 'leave', out, () => ({ noise: 2 }))
  hold(30, 'away', out, { noise: 2 })
  moveTo(15, 'return', base, () => ({ noise: 2 }))
  hold(45, 'back', base, { noise: 2 })
  // A label round a can: 160° of wrap, seen slightly from above, turning.
  move(
    90,
    'curved',
    (t) => ({ x: 0.5, y: 0.5, width: 0.5, rollDeg: 4, tiltDeg: 12, yawDeg: 20 * Math.sin(t * 2 * Math.PI) }),
    () => ({ noise: 2 }),
    { wrapDeg: 160 },
  )
  return frames
}

/**
 * The e2e test's shorter visit (about 9 s, looped by the fake camera): held still long enough to
 * be recognized, a gentle move, out of view for 1.5 s, back and still.
 */
export function e2eScript(aspect = 0.75, frameAspect = 9 / 16, width = 0.45): ClipFrame[] {
  const frames: ClipFrame[] = []
  const base: PrintPose = { x: 0.5, y: 0.5, width: width * fitFactor(aspect, frameAspect, width), rollDeg: 0, tiltDeg: 10, yawDeg: 0 }
  const add = (n: number, segment: string, at: (t: number) => PrintPose, still = false): void => {
    for (let i = 0; i < n; i++)
      frames.push({ pose: at(n > 1 ? i / (n - 1) : 0), segment, still, render: { noise: 2, seed: frames.length } })
  }
  add(75, 'still', () => base, true)
  add(60, 'move', (t) => ({
    ...base,
    x: 0.5 + 0.12 * Math.sin(t * 2 * Math.PI),
    rollDeg: 12 * Math.sin(t * 2 * Math.PI),
    tiltDeg: 10 + 15 * Math.sin(t * Math.PI),
  }))
  add(12, 'leave', (t) => ({ ...base, x: lerp(0.5, 1.8, smooth(t)) }))
  add(45, 'away', () => ({ ...base, x: 1.8 }), true)
  add(12, 'return', (t) => ({ ...base, x: lerp(1.8, 0.5, smooth(t)) }))
  add(66, 'back', () => base, true)
  return frames
}

/** Shrinks a script's widths so a print of this aspect (h/w) at `maxWidth` keeps 15 % of the frame's height free. */
function fitFactor(aspect: number, frameAspect: number, maxWidth: number): number {
  return Math.min(1, (0.85 * frameAspect) / (aspect * maxWidth))
}

/** Camera-space corners (OpenCV convention: x right, y down, z forward) of a pose, for a print of aspect h/w. */
export function projectPose(pose: PrintPose, aspect: number, k: Intrinsics, wrapDeg = 0): Corners {
  const { rotate, translation, widthM } = placement(pose, aspect, k)
  const heightM = widthM * aspect
  const points = wrapDeg > 0 ? cylinderCorners(widthM, heightM, (wrapDeg * Math.PI) / 180) : flatCorners(widthM, heightM)
  return projectPoints(points, rotate, translation, k) as Corners
}

function projectPoints(
  points: readonly (readonly number[])[],
  rotate: (p: readonly number[]) => [number, number, number],
  translation: readonly number[],
  k: Intrinsics,
): [number, number][] {
  return points.map((p) => {
    const c = rotate(p)
    const z = c[2] + translation[2]!
    return [
      (k.fx * (c[0] + translation[0]!)) / z / k.width + k.cx / k.width,
      (k.fy * (c[1] + translation[1]!)) / z / k.height + k.cy / k.height,
    ]
  })
}

function flatCorners(w: number, h: number): [number, number, number][] {
  return [
    [-w / 2, -h / 2, 0],
    [w / 2, -h / 2, 0],
    [w / 2, h / 2, 0],
    [-w / 2, h / 2, 0],
  ]
}

function cylinderCorners(w: number, h: number, wrap: number): [number, number, number][] {
  const r = w / wrap
  const a = wrap / 2
  const x = r * Math.sin(a)
  const z = r * (1 - Math.cos(a))
  return [
    [-x, -h / 2, z],
    [x, -h / 2, z],
    [x, h / 2, z],
    [-x, h / 2, z],
  ]
}

/** The print 0.2 m wide; the distance follows from the width on screen. */
function placement(pose: PrintPose, _aspect: number, k: Intrinsics) {
  const widthM = 0.2
  const distance = (k.fx * widthM) / (pose.width * k.width)
  const translation: [number, number, number] = [
    ((pose.x - 0.5) * k.width * distance) / k.fx,
    ((pose.y - 0.5) * k.height * distance) / k.fy,
    distance,
  ]
  const rad = Math.PI / 180
  const [cr, sr] = [Math.cos(pose.rollDeg * rad), Math.sin(pose.rollDeg * rad)]
  const [ct, st] = [Math.cos(pose.tiltDeg * rad), Math.sin(pose.tiltDeg * rad)]
  const [cy, sy] = [Math.cos(pose.yawDeg * rad), Math.sin(pose.yawDeg * rad)]
  // R = Rz(roll) · Ry(yaw) · Rx(tilt): tilt first (about the print's own horizontal axis).
  const rotate = (p: readonly number[]): [number, number, number] => {
    let [x, y, z] = [p[0]!, p[1]!, p[2]!]
    ;[y, z] = [ct * y - st * z, st * y + ct * z]
    ;[x, z] = [cy * x + sy * z, -sy * x + cy * z]
    ;[x, y] = [cr * x - sr * y, sr * x + cr * y]
    return [x, y, z]
  }
  const unrotate = (p: readonly number[]): [number, number, number] => {
    let [x, y, z] = [p[0]!, p[1]!, p[2]!]
    ;[x, y] = [cr * x + sr * y, -sr * x + cr * y]
    ;[x, z] = [cy * x - sy * z, sy * x + cy * z]
    ;[y, z] = [ct * y + st * z, -st * y + ct * z]
    return [x, y, z]
  }
  return { rotate, unrotate, translation, widthM }
}

/** Renders one frame of the clip: the print (flat or curved), its conditions, and the frame tag. */
export function renderClipFrame(
  print: RgbImage,
  background: RgbImage,
  frame: ClipFrame,
  index: number,
): { image: RgbImage; truth: FrameTruth } {
  const k = intrinsicsFor(background.width, background.height)
  const aspect = print.height / print.width
  const corners = projectPose(frame.pose, aspect, k, frame.wrapDeg)
  const { rotate, translation } = placement(frame.pose, aspect, k)
  const centre = projectPoints([[0, 0, 0]], rotate, translation, k)[0]!
  const px = corners.map(([x, y]) => [x * background.width, y * background.height]) as Corners
  let image: RgbImage
  if (frame.wrapDeg) {
    image = renderCurved(print, background, frame, k)
    if (frame.render && Object.keys(frame.render).some((key) => key !== 'seed')) {
      // Conditions on a curved frame: apply them through the flat renderer with an empty print.
      image = renderPrint(
        { width: 1, height: 1, data: new Uint8Array(3) },
        image,
        [
          [-10, -10],
          [-9, -10],
          [-9, -9],
          [-10, -9],
        ],
        frame.render,
      )
    }
  } else {
    image = renderPrint(print, background, px, frame.render)
  }
  drawTag(image, index)
  const inView = corners.every(([x, y]) => x >= 0 && x <= 1 && y >= 0 && y <= 1)
  return {
    image,
    truth: {
      segment: frame.segment,
      still: frame.still,
      corners,
      centre,
      inView,
      visibleShare: visibleShare(corners),
      occluded: (frame.render?.occlusion ?? 0) > 0.05,
      curved: !!frame.wrapDeg,
    },
  }
}

/** Inverse mapping per pixel: the camera ray meets the can's front; its angle and height pick the label pixel. */
function renderCurved(print: RgbImage, background: RgbImage, frame: ClipFrame, k: Intrinsics): RgbImage {
  const { width: W, height: H } = background
  const out: RgbImage = { width: W, height: H, data: new Uint8Array(background.data) }
  const aspect = print.height / print.width
  const { unrotate, translation, widthM } = placement(frame.pose, aspect, k)
  const heightM = widthM * aspect
  const wrap = ((frame.wrapDeg ?? 0) * Math.PI) / 180
  const r = widthM / wrap
  const origin = unrotate([-translation[0], -translation[1], -translation[2]])
  const gain = frame.render?.gain ?? 1
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const d = unrotate([(x + 0.5 - k.cx) / k.fx, (y + 0.5 - k.cy) / k.fy, 1])
      // Cylinder about the object's y axis: X² + (Z − r)² = r².
      const a = d[0] * d[0] + d[2] * d[2]
      const b = 2 * (origin[0] * d[0] + (origin[2] - r) * d[2])
      const c = origin[0] * origin[0] + (origin[2] - r) ** 2 - r * r
      const disc = b * b - 4 * a * c
      if (disc < 0 || a === 0) continue
      const s = (-b - Math.sqrt(disc)) / (2 * a)
      if (s <= 0) continue
      const px = origin[0] + s * d[0]
      const py = origin[1] + s * d[1]
      const pz = origin[2] + s * d[2]
      const angle = Math.atan2(px, r - pz)
      if (Math.abs(angle) > wrap / 2 || Math.abs(py) > heightM / 2) continue
      const u = (angle / wrap + 0.5) * print.width
      const v = (py / heightM + 0.5) * print.height
      const i = (y * W + x) * 3
      const j = (Math.min(print.height - 1, Math.floor(v)) * print.width + Math.min(print.width - 1, Math.floor(u))) * 3
      // Light falls off towards the can's sides.
      const shade = gain * (0.65 + 0.35 * Math.cos(angle))
      out.data[i] = Math.min(255, print.data[j]! * shade)
      out.data[i + 1] = Math.min(255, print.data[j + 1]! * shade)
      out.data[i + 2] = Math.min(255, print.data[j + 2]! * shade)
    }
  }
  return out
}

function drawTag(image: RgbImage, index: number): void {
  const { w, h } = tagBlock(image.width, image.height)
  const bits = [1, ...Array.from({ length: TAG_BITS }, (_, b) => (index >> b) & 1)]
  bits.forEach((bit, block) => {
    for (let y = Math.floor(image.height - h); y < image.height; y++) {
      for (let x = Math.floor(block * w); x < Math.floor((block + 1) * w); x++) {
        const i = (y * image.width + x) * 3
        image.data[i] = image.data[i + 1] = image.data[i + 2] = bit ? 255 : 0
      }
    }
  })
}

/** Share of the quadrilateral inside the unit square, by sampling a 20×20 grid over it. */
function visibleShare(corners: Corners): number {
  let inside = 0
  const n = 20
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const u = (i + 0.5) / n
      const v = (j + 0.5) / n
      const top = [lerp(corners[0][0], corners[1][0], u), lerp(corners[0][1], corners[1][1], u)]
      const bottom = [lerp(corners[3][0], corners[2][0], u), lerp(corners[3][1], corners[2][1], u)]
      const x = lerp(top[0]!, bottom[0]!, v)
      const y = lerp(top[1]!, bottom[1]!, v)
      if (x >= 0 && x <= 1 && y >= 0 && y <= 1) inside++
    }
  }
  return inside / (n * n)
}

/** Renders `script` with `print` over `background` into a y4m at `path`; returns each frame's truth. */
export async function writeTrackingClip(
  path: string,
  print: RgbImage,
  background: RgbImage,
  script: ClipFrame[],
  fps = 30,
): Promise<FrameTruth[]> {
  const file = await open(path, 'w')
  const truth: FrameTruth[] = []
  try {
    await file.write(`YUV4MPEG2 W${background.width} H${background.height} F${fps}:1 Ip A1:1 C420\n`)
    for (const [i, frame] of script.entries()) {
      const rendered = renderClipFrame(print, background, frame, i)
      truth.push(rendered.truth)
      await file.write('FRAME\n')
      await file.write(rgbToI420(rendered.image))
    }
  } finally {
    await file.close()
  }
  return truth
}
