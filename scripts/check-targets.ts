/**
 * Recognition-quality check of the sample targets (assets/targets/*.png).
 *
 *   npx tsx scripts/check-targets.ts [--strict]
 *
 * For every target it reports:
 *   - the number of ORB keypoints (nfeatures = 1000) and how they spread over a 4x4 grid
 *     (cells with at least MIN_PER_CELL keypoints count as covered);
 *   - a simulated "camera photo" test: the target is warped in perspective, shrunk, blurred,
 *     darkened and put on a cluttered background, then matched (Hamming kNN + ratio test +
 *     RANSAC homography) against EVERY target. The true target must win with many inliers,
 *     the others must stay low (the targets must not be confused with one another).
 *
 * With --strict the process exits with code 1 when a target falls short.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const TARGET_DIR = path.join(ROOT, 'assets', 'targets')
const NFEATURES = 1000
const GRID = 4
const MIN_PER_CELL = 8
const MIN_KEYPOINTS = 900
const MIN_COVERED = 14
const MIN_INLIERS = 40

// biome-ignore lint/suspicious/noExplicitAny: opencv.js ships no types
type CV = any

/** Returns the module wrapped in an object: returning the thenable itself from an async function would hang. */
async function loadCv(): Promise<{ cv: CV }> {
  // The default export is the Emscripten module: a thenable that resolves to itself (awaiting it
  // would loop forever) and whose onRuntimeInitialized may already have fired. Poll for cv.Mat.
  let cv: CV = (await import('@techstark/opencv-js')).default
  if (cv instanceof Promise) cv = await cv
  const t0 = Date.now()
  await new Promise<void>((resolve, reject) => {
    const tick = () => {
      if (cv.Mat) resolve()
      else if (Date.now() - t0 > 30_000) reject(new Error('opencv.js did not initialise within 30 s'))
      else setTimeout(tick, 20)
    }
    tick()
  })
  return { cv }
}

/** Seeded PRNG (mulberry32) so the simulated photos are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Features {
  name: string
  width: number
  height: number
  count: number
  grid: number[][]
  descriptors: CV
  points: [number, number][]
}

async function grey(file: string): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true })
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height }
}

function detect(cv: CV, orb: CV, mat: CV): { points: [number, number][]; descriptors: CV } {
  const kps = new cv.KeyPointVector()
  const desc = new cv.Mat()
  const mask = new cv.Mat()
  orb.detectAndCompute(mat, mask, kps, desc)
  const points: [number, number][] = []
  for (let i = 0; i < kps.size(); i++) {
    const kp = kps.get(i)
    points.push([kp.pt.x, kp.pt.y])
  }
  kps.delete()
  mask.delete()
  return { points, descriptors: desc }
}

/** Simulates a phone photo of the target: returns a 640x480 grey Mat and the ground-truth corners. */
function fakePhoto(cv: CV, src: CV, seed: number): CV {
  const r = rng(seed)
  const W = 640
  const H = 480
  // cluttered background: random grey rectangles and lines
  const bg = new cv.Mat(H, W, cv.CV_8UC1, new cv.Scalar(110))
  for (let i = 0; i < 60; i++) {
    const x = Math.floor(r() * W)
    const y = Math.floor(r() * H)
    const c = new cv.Scalar(Math.floor(r() * 255))
    if (r() < 0.5) cv.rectangle(bg, new cv.Point(x, y), new cv.Point(x + r() * 120, y + r() * 80), c, -1)
    else cv.line(bg, new cv.Point(x, y), new cv.Point(x + (r() - 0.5) * 300, y + (r() - 0.5) * 300), c, 2)
  }
  // target occupies ~55-65% of the frame height, seen at an angle
  const s = (H * (0.55 + r() * 0.1)) / Math.max(src.rows, src.cols)
  const w = src.cols * s
  const h = src.rows * s
  const cx = W / 2 + (r() - 0.5) * 60
  const cy = H / 2 + (r() - 0.5) * 40
  const j = () => (r() - 0.5) * 0.22 * Math.min(w, h)
  const dst = [
    cx - w / 2 + j(),
    cy - h / 2 + j(),
    cx + w / 2 + j(),
    cy - h / 2 + j(),
    cx + w / 2 + j(),
    cy + h / 2 + j(),
    cx - w / 2 + j(),
    cy + h / 2 + j(),
  ]
  const from = cv.matFromArray(4, 1, cv.CV_32FC2, [0, 0, src.cols, 0, src.cols, src.rows, 0, src.rows])
  const to = cv.matFromArray(4, 1, cv.CV_32FC2, dst)
  const M = cv.getPerspectiveTransform(from, to)
  const warped = new cv.Mat()
  cv.warpPerspective(src, warped, M, new cv.Size(W, H), cv.INTER_AREA, cv.BORDER_CONSTANT, new cv.Scalar(0))
  const maskSrc = new cv.Mat(src.rows, src.cols, cv.CV_8UC1, new cv.Scalar(255))
  const mask = new cv.Mat()
  cv.warpPerspective(maskSrc, mask, M, new cv.Size(W, H), cv.INTER_NEAREST, cv.BORDER_CONSTANT, new cv.Scalar(0))
  warped.copyTo(bg, mask)
  // lens blur, lighting change and sensor noise
  cv.GaussianBlur(bg, bg, new cv.Size(3, 3), 0.9)
  bg.convertTo(bg, -1, 0.8, 12)
  const noise = new cv.Mat(H, W, cv.CV_8UC1)
  const nd = noise.data as Uint8Array
  for (let i = 0; i < nd.length; i++) nd[i] = Math.floor((r() + r() + r() - 1.5) * 10 + 128)
  const photo = new cv.Mat()
  cv.addWeighted(bg, 1, noise, 1, -128, photo)
  ;[bg, from, to, M, warped, maskSrc, mask, noise].forEach((m) => m.delete())
  return photo
}

function inliers(cv: CV, matcher: CV, target: Features, photo: { points: [number, number][]; descriptors: CV }): number {
  if (photo.descriptors.rows < 4 || target.descriptors.rows < 4) return 0
  const knn = new cv.DMatchVectorVector()
  matcher.knnMatch(photo.descriptors, target.descriptors, knn, 2)
  const src: number[] = []
  const dst: number[] = []
  for (let i = 0; i < knn.size(); i++) {
    const pair = knn.get(i)
    if (pair.size() < 2) continue
    const a = pair.get(0)
    const b = pair.get(1)
    if (a.distance < 0.75 * b.distance) {
      const t = target.points[a.trainIdx]!
      const p = photo.points[a.queryIdx]!
      src.push(t[0], t[1])
      dst.push(p[0], p[1])
    }
  }
  knn.delete()
  const n = src.length / 2
  if (n < 8) return 0
  const A = cv.matFromArray(n, 1, cv.CV_32FC2, src)
  const B = cv.matFromArray(n, 1, cv.CV_32FC2, dst)
  const inl = new cv.Mat()
  const H = cv.findHomography(A, B, cv.RANSAC, 5, inl)
  let count = 0
  if (!H.empty()) for (let i = 0; i < inl.rows; i++) count += inl.data[i] ? 1 : 0
  ;[A, B, inl, H].forEach((m) => m.delete())
  return count
}

async function main(): Promise<void> {
  const strict = process.argv.includes('--strict')
  const { cv } = await loadCv()
  const orb = new cv.ORB(NFEATURES)
  const matcher = new cv.BFMatcher(cv.NORM_HAMMING, false)
  const files = readdirSync(TARGET_DIR)
    .filter((f) => f.endsWith('.png'))
    .sort()
  const targets: Features[] = []
  const mats: CV[] = []
  let ok = true

  console.log(`ORB(${NFEATURES}) keypoints, ${GRID}x${GRID} grid (a cell is covered with >= ${MIN_PER_CELL} keypoints)\n`)
  for (const file of files) {
    const { data, width, height } = await grey(path.join(TARGET_DIR, file))
    const mat = cv.matFromArray(height, width, cv.CV_8UC1, data)
    const { points, descriptors } = detect(cv, orb, mat)
    const grid = Array.from({ length: GRID }, () => new Array<number>(GRID).fill(0))
    for (const [x, y] of points) {
      const gx = Math.min(GRID - 1, Math.floor((x / width) * GRID))
      const gy = Math.min(GRID - 1, Math.floor((y / height) * GRID))
      grid[gy]![gx]!++
    }
    const name = file.replace(/\.png$/, '')
    targets.push({ name, width, height, count: points.length, grid, descriptors, points })
    mats.push(mat)
    const covered = grid.flat().filter((c) => c >= MIN_PER_CELL).length
    const good = points.length >= MIN_KEYPOINTS && covered >= MIN_COVERED
    ok &&= good
    console.log(
      `${good ? 'OK  ' : 'LOW '} ${name.padEnd(16)} ${width}x${height}  keypoints ${points.length}  covered cells ${covered}/${GRID * GRID}  (min cell ${Math.min(...grid.flat())})`,
    )
    for (const row of grid) console.log(`      ${row.map((c) => String(c).padStart(5)).join('')}`)
  }

  console.log(`\nSimulated photos (perspective + blur + light + noise + clutter), RANSAC inliers vs every target:\n`)
  console.log('photo of'.padEnd(18) + targets.map((t) => t.name.slice(0, 13).padStart(15)).join(''))
  const scenes = 3
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!
    for (let k = 0; k < scenes; k++) {
      const photo = fakePhoto(cv, mats[i], 1000 + i * 17 + k)
      const feat = detect(cv, orb, photo)
      const scores = targets.map((other) => inliers(cv, matcher, other, feat))
      const own = scores[i]!
      const best = Math.max(...scores.filter((_, j) => j !== i))
      const good = own >= MIN_INLIERS && own > 3 * Math.max(best, 5)
      ok &&= good
      console.log(`${good ? 'OK  ' : 'BAD '}${(`${t.name} #${k + 1}`).padEnd(14)}${scores.map((s) => String(s).padStart(15)).join('')}`)
      feat.descriptors.delete()
      photo.delete()
    }
  }
  targets.forEach((t) => t.descriptors.delete())
  mats.forEach((m) => m.delete())
  orb.delete()
  matcher.delete()
  console.log(ok ? '\nAll targets pass.' : '\nSome targets fall short (see above).')
  if (strict && !ok) process.exit(1)
}

await main()
