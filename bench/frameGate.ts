/**
 * Smart-capture benchmark: the gate's metrics on generated camera frames, the thresholds' skip
 * rates, and the per-frame cost of the checks. Prints ONE JSON document on stdout; progress goes
 * to stderr. Run: `npm run bench:frame-gate` (about a minute; single-threaded).
 *
 * Frames are 1280×720 "phone photos" from tests/helpers/scenes.ts (target photos on clutter,
 * clutter without a target), plus blurred, darkened and blank versions. Each frame becomes a
 * thumbnail in three ways:
 * - `area`: sharp's lanczos3 resize of the greyscale frame (an ideal area filter);
 * - `app`: what SmartCapture does, with a crude browser: nearest-neighbour draw into a canvas 4×
 *   the thumbnail, then `lumaThumbnail` averages 4×4 blocks (a real bilinear draw is smoother);
 * - `direct`: a nearest-neighbour draw straight to thumbnail size (why the app oversamples).
 */
import { performance } from 'node:perf_hooks'
import sharp from 'sharp'
import {
  DEFAULT_THRESHOLDS,
  FrameGate,
  MAX_SHIFT,
  THUMBNAIL_LONG_SIDE,
  changedFraction,
  measureFrame,
  smoothThumbnail,
  type Thumbnail,
} from '../src/camera/frameGate.ts'
import { lumaThumbnail, THUMBNAIL_OVERSAMPLE, thumbnailSize } from '../src/camera/lumaThumbnail.ts'
import { makeClutterScene, makePoster, makeQueryPhoto, POSTER_KINDS } from '../tests/helpers/scenes.ts'

const W = 1280
const H = 720
const PIPELINES = ['area', 'app', 'direct'] as const
type Pipeline = (typeof PIPELINES)[number]

const log = (msg: string) => process.stderr.write(`[bench:frame-gate] ${msg}\n`)

interface Raw {
  data: Buffer
  width: number
  height: number
}

/** Decodes any image to raw RGB. */
async function decode(image: Buffer): Promise<Raw> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height }
}

async function encodeJpeg(raw: Raw): Promise<Buffer> {
  return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer()
}

async function thumbnail(image: Buffer, pipeline: Pipeline): Promise<Thumbnail> {
  const meta = await sharp(image).metadata()
  const size = thumbnailSize(meta.width!, meta.height!, THUMBNAIL_LONG_SIDE)!
  if (pipeline === 'area') {
    const { data } = await sharp(image)
      .greyscale()
      .resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' })
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true })
    return { data: new Uint8Array(data), ...size }
  }
  const factor = pipeline === 'app' ? THUMBNAIL_OVERSAMPLE : 1
  const { data } = await sharp(image)
    .resize(size.width * factor, size.height * factor, { fit: 'fill', kernel: 'nearest' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  const out = new Uint8Array(size.width * size.height)
  lumaThumbnail(data, size.width, size.height, factor, out)
  return { data: out, ...size }
}

function gaussian(seed: number): () => number {
  let s = seed >>> 0
  const rnd = () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
  return () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd())
}

/** v → v·gain + offset + noise, per channel (a darker exposure, a brighter one, sensor noise). */
function relight(raw: Raw, gain: number, offset: number, noise: number, seed: number): Raw {
  const g = gaussian(seed)
  const data = Buffer.alloc(raw.data.length)
  for (let i = 0; i < data.length; i++)
    data[i] = Math.max(0, Math.min(255, Math.round(raw.data[i]! * gain + offset + (noise > 0 ? g() * noise : 0))))
  return { ...raw, data }
}

async function blurred(image: Buffer, sigma: number): Promise<Buffer> {
  return sharp(image).blur(sigma).jpeg({ quality: 80 }).toBuffer()
}

/** A blank wall or sheet of paper: one colour, a soft gradient, sensor noise. */
async function blankWall(seed: number): Promise<Buffer> {
  const g = gaussian(seed)
  const base = 50 + ((seed * 37) % 170)
  const data = Buffer.alloc(W * H * 3)
  for (let y = 0, p = 0; y < H; y++) {
    for (let x = 0; x < W; x++, p += 3) {
      const v = base + (6 * (x + y)) / (W + H) + g() * 3
      data[p] = Math.max(0, Math.min(255, Math.round(v)))
      data[p + 1] = Math.max(0, Math.min(255, Math.round(v * 0.97)))
      data[p + 2] = Math.max(0, Math.min(255, Math.round(v * 0.92)))
    }
  }
  return encodeJpeg({ data, width: W, height: H })
}

function distribution(values: number[]): { n: number; min: number; p5: number; median: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!)
  return { n: values.length, min: round(sorted[0]!), p5: at(0.05), median: at(0.5), p95: at(0.95), max: round(sorted[sorted.length - 1]!) }
}

function round(v: number): number {
  return Math.abs(v) >= 10 ? Math.round(v * 10) / 10 : Math.round(v * 1000) / 1000
}

// ── single frames: dark / flat / blurry ─────────────────────────────────────

type FrameSet = { name: string; expect: 'send' | 'skip'; images: Buffer[] }

async function frameSets(): Promise<FrameSet[]> {
  const base: Buffer[] = []
  for (let i = 0; i < 8; i++) {
    const poster = await makePoster(1 + i, { kind: POSTER_KINDS[i % POSTER_KINDS.length]! })
    for (const [j, coverage] of [0.2, 0.4, 0.9].entries()) {
      base.push(
        await makeQueryPhoto(poster, { seed: 10 * i + j, width: W, height: H, coverage, tiltDeg: 10 + 5 * j, blur: 0, jpegQuality: 80 }),
      )
    }
  }
  log(`${base.length} target photos`)
  const sets: FrameSet[] = [{ name: 'target sharp (blur 0)', expect: 'send', images: base }]
  for (const sigma of [1, 2])
    sets.push({ name: `target sharp (blur ${sigma})`, expect: 'send', images: await Promise.all(base.map((b) => blurred(b, sigma))) })
  for (const sigma of [4, 6])
    sets.push({ name: `target soft (blur ${sigma})`, expect: 'send', images: await Promise.all(base.map((b) => blurred(b, sigma))) })
  for (const sigma of [8, 12, 16])
    sets.push({ name: `target blurred (blur ${sigma})`, expect: 'skip', images: await Promise.all(base.map((b) => blurred(b, sigma))) })
  const some = base.filter((_, i) => i % 3 === 1)
  for (const gain of [0.35, 0.2]) {
    sets.push({
      name: `target dim (gain ${gain})`,
      expect: 'send',
      images: await Promise.all(some.map(async (b, i) => encodeJpeg(relight(await decode(b), gain, 0, 3, i)))),
    })
  }
  for (const gain of [0.12, 0.08]) {
    sets.push({
      name: `target dark (gain ${gain})`,
      expect: 'skip',
      images: await Promise.all(some.map(async (b, i) => encodeJpeg(relight(await decode(b), gain, 0, 3, i)))),
    })
  }
  sets.push({ name: 'blank wall', expect: 'skip', images: await Promise.all([1, 2, 3, 4, 5, 6].map(blankWall)) })
  const clutter = await Promise.all(
    [1, 2, 3, 4, 5, 6].map((seed) => makeClutterScene({ seed: 900 + seed, width: W, height: H, jpegQuality: 80 })),
  )
  sets.push({ name: 'clutter, no target', expect: 'send', images: clutter })
  return sets
}

async function measureFrames(sets: FrameSet[]) {
  const out: Record<string, unknown> = {}
  const t = DEFAULT_THRESHOLDS
  for (const set of sets) {
    const perPipeline: Record<string, unknown> = {}
    for (const pipeline of PIPELINES) {
      const metrics = await Promise.all(set.images.map(async (image) => measureFrame(await thumbnail(image, pipeline))))
      const skipped = { dark: 0, flat: 0, blurry: 0 }
      for (const m of metrics) {
        if (m.meanLuma < t.minMeanLuma) skipped.dark++
        else if (m.contrast < t.minContrast) skipped.flat++
        else if (m.sharpness < t.minSharpness) skipped.blurry++
      }
      perPipeline[pipeline] = {
        meanLuma: distribution(metrics.map((m) => m.meanLuma)),
        contrast: distribution(metrics.map((m) => m.contrast)),
        sharpness: distribution(metrics.map((m) => m.sharpness)),
        skipped,
        sent: metrics.length - skipped.dark - skipped.flat - skipped.blurry,
      }
    }
    out[set.name] = { expect: set.expect, ...perPipeline }
    log(`frames: ${set.name}`)
  }
  return out
}

// ── pairs of views: same or changed ─────────────────────────────────────────

type PairSet = { name: string; expect: 'same' | 'changed'; pairs: [Buffer, Buffer][] }

const MARGIN = 160
/** Pixel levels tried for `changedLevel`. */
const LEVELS = [12, 16, 20, 24, 32]

async function pairSets(): Promise<PairSet[]> {
  const sets = new Map<string, PairSet>()
  const add = (name: string, expect: PairSet['expect'], pair: [Buffer, Buffer]) => {
    const set = sets.get(name) ?? { name, expect, pairs: [] }
    set.pairs.push(pair)
    sets.set(name, set)
  }
  for (let s = 0; s < 6; s++) {
    // A wide background so that shifted crops (hand shake, a pan) stay inside it.
    const wide = await makeClutterScene({ seed: 700 + s, width: W + 2 * MARGIN, height: H + 2 * MARGIN, jpegQuality: 95 })
    const crop = async (dx: number, dy: number, angle = 0) => {
      let image = wide
      if (angle) {
        const rotated = await sharp(wide).rotate(angle).png().toBuffer({ resolveWithObject: true })
        image = rotated.data
        const ox = Math.floor((rotated.info.width - (W + 2 * MARGIN)) / 2)
        const oy = Math.floor((rotated.info.height - (H + 2 * MARGIN)) / 2)
        return sharp(image)
          .extract({ left: ox + MARGIN + dx, top: oy + MARGIN + dy, width: W, height: H })
          .jpeg({ quality: 80 })
          .toBuffer()
      }
      return sharp(image)
        .extract({ left: MARGIN + dx, top: MARGIN + dy, width: W, height: H })
        .jpeg({ quality: 80 })
        .toBuffer()
    }
    const still = await crop(0, 0)
    const stillRaw = await decode(still)
    add('sensor noise (σ 3)', 'same', [still, await encodeJpeg(relight(stillRaw, 1, 0, 3, s))])
    add('exposure +10', 'same', [still, await encodeJpeg(relight(stillRaw, 1, 10, 0, s))])
    // The e2e clutter clip shakes by up to 18 px at 1280 × 720 between frames.
    for (const [dx, dy] of [
      [6, 3],
      [12, -6],
      [18, 18],
      [-18, 10],
    ] as const)
      add(`hand shake (${dx}, ${dy}) px`, 'same', [still, await crop(dx, dy)])
    add('hand shake, rotation 1°', 'same', [still, await crop(0, 0, 1)])
    for (const pan of [64, 128, 256])
      add(`pan ${pan} px`, 'changed', [still, await crop(Math.min(pan, MARGIN), pan > MARGIN ? pan - MARGIN : 0)])
    const background = await makeClutterScene({ seed: 800 + s, width: W, height: H, jpegQuality: 80 })
    for (const coverage of [0.08, 0.15, 0.3]) {
      const poster = await makePoster(50 + s, { kind: POSTER_KINDS[s % POSTER_KINDS.length]! })
      // makeQueryPhoto draws on clutterPng(seed + 1_000_003): the same background as above.
      const photo = await makeQueryPhoto(poster, {
        seed: 800 + s - 1_000_003,
        width: W,
        height: H,
        coverage,
        tiltDeg: 15,
        blur: 1,
        jpegQuality: 80,
        brightness: 0,
        contrast: 1,
        noise: 0,
      })
      add(`target appears (${coverage * 100}% of the view)`, 'changed', [background, photo])
    }
    log(`pairs: background ${s + 1}/6`)
  }
  return [...sets.values()]
}

async function measurePairs(sets: PairSet[]) {
  const out: Record<string, unknown> = {}
  const t = DEFAULT_THRESHOLDS
  for (const set of sets) {
    const perPipeline: Record<string, unknown> = {}
    for (const pipeline of PIPELINES) {
      const fractions: number[] = []
      const sweep = new Map<number, number[]>(LEVELS.map((level) => [level, []]))
      for (const [a, b] of set.pairs) {
        const [ta, tb] = [await thumbnail(a, pipeline), await thumbnail(b, pipeline)]
        const sa = new Uint8Array(ta.data.length)
        const sb = new Uint8Array(tb.data.length)
        const scratch = new Uint16Array(ta.data.length)
        smoothThumbnail(ta, sa, scratch)
        smoothThumbnail(tb, sb, scratch)
        fractions.push(changedFraction(sa, sb, ta.width, ta.height, t.changedLevel))
        for (const level of LEVELS) sweep.get(level)!.push(changedFraction(sa, sb, ta.width, ta.height, level))
      }
      perPipeline[pipeline] = {
        changedFraction: distribution(fractions),
        judgedSame: fractions.filter((f) => f <= t.maxSameFraction).length,
        // For choosing changedLevel: the fraction's range at other pixel levels.
        byLevel: Object.fromEntries([...sweep].map(([level, v]) => [level, [round(Math.min(...v)), round(Math.max(...v))]])),
      }
    }
    out[set.name] = { expect: set.expect, ...perPipeline }
  }
  return out
}

// ── cost ────────────────────────────────────────────────────────────────────

async function measureCost(images: Buffer[]) {
  const size = thumbnailSize(W, H, THUMBNAIL_LONG_SIDE)!
  const factor = THUMBNAIL_OVERSAMPLE
  const rgba = await Promise.all(
    images.map(
      async (image) =>
        await sharp(image)
          .resize(size.width * factor, size.height * factor, { fit: 'fill' })
          .ensureAlpha()
          .raw()
          .toBuffer(),
    ),
  )
  const thumb = new Uint8Array(size.width * size.height)
  const gate = new FrameGate()
  // Batches of frames, timed as a whole; the best batch is the cost on an idle core, the median
  // what this (shared, 2-core) machine gave while others were busy.
  const batches = 40
  const perBatch = 100
  const timings = { lumaThumbnail: [] as number[], assess: [] as number[] }
  for (let batch = -5; batch < batches; batch++) {
    let luma = 0
    let assess = 0
    for (let i = 0; i < perBatch; i++) {
      const t0 = performance.now()
      lumaThumbnail(rgba[i & 1]!, size.width, size.height, factor, thumb)
      const t1 = performance.now()
      const verdict = gate.assess({ data: thumb, width: size.width, height: size.height })
      const t2 = performance.now()
      // Keep a remembered miss, so every check also runs the comparison with it.
      if (verdict.send || i % 7 === 0) {
        gate.noteSent()
        gate.noteResult('miss')
      }
      luma += t1 - t0
      assess += t2 - t1
    }
    if (batch < 0) continue
    timings.lumaThumbnail.push((luma / perBatch) * 1000)
    timings.assess.push((assess / perBatch) * 1000)
  }
  const summary = (v: number[]) => {
    const d = distribution(v)
    return { bestBatchUs: d.min, medianBatchUs: d.median, worstBatchUs: d.max }
  }
  return {
    thumbnail: `${size.width}×${size.height} from ${size.width * factor}×${size.height * factor} RGBA`,
    frames: batches * perBatch,
    lumaThumbnail: summary(timings.lumaThumbnail),
    assess: summary(timings.assess),
    note: 'Per frame, JavaScript only, in Node on this machine. The browser adds drawImage + getImageData, which the app times on the device (debug panel: "check (ms)").',
  }
}

const started = performance.now()
const frames = await frameSets()
const pairs = await pairSets()
const result = {
  thumbnail: { longSide: THUMBNAIL_LONG_SIDE, oversample: THUMBNAIL_OVERSAMPLE, maxShift: MAX_SHIFT, frame: `${W}×${H}` },
  thresholds: DEFAULT_THRESHOLDS,
  frames: await measureFrames(frames),
  views: await measurePairs(pairs),
  cost: await measureCost([frames[0]!.images[0]!, frames[0]!.images[4]!]),
  seconds: Math.round((performance.now() - started) / 100) / 10,
}
process.stdout.write(`${JSON.stringify(result, null, 1)}\n`)
