/**
 * The tracking worker: turns each frame into grey pixels and runs PlanarTracker on it, off the
 * page's main thread. One target at a time; a `generation` number on every message lets the page
 * drop answers about a print it no longer follows.
 */
import { createGrey, resizeGrey, rgbaToGrey, type GreyImage } from './GreyImage'
import { PlanarTracker } from './PlanarTracker'
import { ReferenceTarget } from './ReferenceTarget'
import { fitHomography } from './homography'
import { readFrameTag } from './frameTag'
import type { Corners, FromWorker, ToWorker } from './workerProtocol'

const scope = self as unknown as {
  postMessage(message: FromWorker): void
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void
}

let generation = -1
let tracker: PlanarTracker | null = null
let canvas: OffscreenCanvas | null = null
let context: OffscreenCanvasRenderingContext2D | null = null
let grey: GreyImage = createGrey(1, 1)

scope.addEventListener('message', (event) => {
  const message = event.data
  switch (message.type) {
    case 'target':
      generation = message.generation
      tracker = null
      void loadTarget(message.generation, message.image, message.hint)
      break
    case 'warm':
      warmUp()
      break
    case 'clear':
      generation = message.generation
      tracker = null
      break
    case 'frame':
      onFrame(
        message.generation,
        message.seq,
        message.probe,
        () => fromBitmap(message.bitmap),
        () => message.bitmap.close(),
      )
      break
    case 'videoframe':
      onFrame(
        message.generation,
        message.seq,
        message.probe,
        () => fromVideoFrame(message.frame, message.width, message.height),
        () => message.frame.close(),
      )
      break
    case 'pixels':
      onFrame(
        message.generation,
        message.seq,
        message.probe,
        () => (grey = rgbaToGrey(new Uint8Array(message.rgba), message.width, message.height, grey)),
      )
      break
  }
})

async function loadTarget(forGeneration: number, image: Blob, hint: Corners | null): Promise<void> {
  const started = performance.now()
  try {
    const bitmap = await createImageBitmap(image)
    const pixels = readBitmap(bitmap)
    bitmap.close()
    if (forGeneration !== generation) return
    const reference = new ReferenceTarget(pixels)
    tracker = new PlanarTracker(reference)
    if (hint) {
      // The hint is in 0..1 of a frame; it is made concrete with the first frame's size.
      pendingHint = hint
    }
    scope.postMessage({
      type: 'ready',
      generation: forGeneration,
      ms: performance.now() - started,
      width: reference.width,
      height: reference.height,
    })
  } catch (error) {
    if (forGeneration !== generation) return
    scope.postMessage({ type: 'failed', generation: forGeneration, message: error instanceof Error ? error.message : String(error) })
  }
}

let pendingHint: Corners | null = null

function onFrame(forGeneration: number, seq: number, probe: boolean, read: () => GreyImage | Promise<GreyImage>, drop?: () => void): void {
  const started = performance.now()
  const current = tracker
  if (forGeneration !== generation || !current) {
    drop?.()
    scope.postMessage({ type: 'skipped', generation: forGeneration, seq })
    return
  }
  Promise.resolve()
    .then(read)
    .then(
      (frame) => track(current, frame, forGeneration, seq, probe, started),
      (error: unknown) => {
        console.warn('tracking worker: a frame could not be read', error)
        scope.postMessage({ type: 'skipped', generation: forGeneration, seq })
      },
    )
}

function track(current: PlanarTracker, frame: GreyImage, forGeneration: number, seq: number, probe: boolean, started: number): void {
  if (forGeneration !== generation || current !== tracker) {
    scope.postMessage({ type: 'skipped', generation: forGeneration, seq })
    return
  }
  if (pendingHint) {
    const r = current.reference
    const h = fitHomography(
      Float64Array.of(0, 0, r.width, 0, r.width, r.height, 0, r.height),
      Float64Array.from(pendingHint.flatMap(([x, y]) => [x * frame.width, y * frame.height])),
    )
    if (h) current.hint(h)
    pendingHint = null
  }
  const step = current.process(frame)
  const corners = step.corners ? (step.corners.map(([x, y]) => [x / frame.width, y / frame.height]) as Corners) : null
  scope.postMessage({
    type: 'result',
    generation: forGeneration,
    seq,
    mode: step.mode,
    corners,
    method: step.method,
    inliers: step.inliers,
    ms: performance.now() - started,
    tag: probe ? readFrameTag(frame) : -1,
  })
}

function fromBitmap(bitmap: ImageBitmap): GreyImage {
  try {
    return readBitmap(bitmap)
  } finally {
    bitmap.close()
  }
}

/**
 * A camera VideoFrame is usually YUV: its Y plane is already the grey image, so it is copied out
 * as is (no colour conversion, no canvas) and scaled to the working size. RGB frames are read
 * through a canvas like bitmaps.
 */
async function fromVideoFrame(frame: VideoFrame, width: number, height: number): Promise<GreyImage> {
  try {
    const format = frame.format
    if (format === 'I420' || format === 'I420A' || format === 'I422' || format === 'I444' || format === 'NV12') {
      const w = frame.codedWidth
      const h = frame.codedHeight
      const buffer = new Uint8Array(frame.allocationSize())
      const layout = await frame.copyTo(buffer)
      const y = layout[0]!
      const visible = frame.visibleRect
      const vx = visible?.x ?? 0
      const vy = visible?.y ?? 0
      const vw = visible?.width ?? w
      const vh = visible?.height ?? h
      const full = createGrey(vw, vh)
      for (let row = 0; row < vh; row++)
        full.data.set(buffer.subarray(y.offset + (row + vy) * y.stride + vx, y.offset + (row + vy) * y.stride + vx + vw), row * vw)
      return vw === width && vh === height ? full : resizeGrey(full, width, height)
    }
    return readBitmap(frame, width, height)
  } finally {
    frame.close()
  }
}

function readBitmap(
  bitmap: ImageBitmap | VideoFrame,
  width = (bitmap as ImageBitmap).width,
  height = (bitmap as ImageBitmap).height,
): GreyImage {
  if (!canvas || canvas.width !== width || canvas.height !== height) {
    canvas = new OffscreenCanvas(width, height)
    // willReadFrequently keeps the canvas in memory: every frame is read back.
    context = canvas.getContext('2d', { willReadFrequently: true })
  }
  if (!context) throw new Error('tracking worker: no 2D context on OffscreenCanvas')
  context.drawImage(bitmap, 0, 0, width, height)
  const data = context.getImageData(0, 0, width, height).data
  grey = rgbaToGrey(data, width, height, grey)
  return grey
}

/**
 * Runs the tracker once on a synthetic print (a blocky random pattern, slightly rotated in a
 * noisy frame) so the JIT has compiled detection and optical flow before the first real hit.
 */
function warmUp(): void {
  let seed = 12345
  const random = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0
    return seed / 4294967296
  }
  const print = createGrey(160, 120)
  for (let y = 0; y < 120; y++)
    for (let x = 0; x < 160; x++) print.data[y * 160 + x] = ((x >> 3) * 37 + (y >> 3) * 91 + ((x >> 4) ^ (y >> 4)) * 53) % 256
  const frame = createGrey(320, 240)
  for (let i = 0; i < frame.data.length; i++) frame.data[i] = 100 + random() * 40
  const angle = 0.1
  for (let y = 0; y < 240; y++) {
    for (let x = 0; x < 320; x++) {
      const u = Math.cos(angle) * (x - 160) + Math.sin(angle) * (y - 120) + 80
      const v = -Math.sin(angle) * (x - 160) + Math.cos(angle) * (y - 120) + 60
      if (u >= 0 && v >= 0 && u < 160 && v < 120) frame.data[y * 320 + x] = print.data[(v | 0) * 160 + (u | 0)]!
    }
  }
  const warm = new PlanarTracker(new ReferenceTarget(print, { maxSide: 160 }))
  for (let i = 0; i < 3; i++) warm.process(frame)
}
