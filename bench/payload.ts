/**
 * `npm run bench:payload`: which capture size and JPEG quality the app should send. For every
 * (long side, quality) pair it re-encodes the same camera frames the way the app's capture does
 * (scale the frame so its long side is N px, JPEG at quality q), searches each through the real
 * engine, and reports recall, false hits and the median payload. The frames are generated phone
 * photos (1280×720 and 720×1280, tilt, blur, noise, clutter) of the sample targets and generated
 * posters, plus clutter-only frames.
 *
 * Caveat: sharp (libjpeg-turbo / mozjpeg tables) encodes here, Chromium's canvas encoder (libjpeg-
 * turbo) in the app; sizes differ by a few percent at equal quality. bench:client measures the
 * browser's real payload at the chosen defaults.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { RecognitionEngine } from '../server/src/engine/RecognitionEngine.ts'
import { assetTargets, posterTargets } from '../tests/helpers/sampleTargets.ts'
import { makeClutterScene, makeQueryPhoto } from '../tests/helpers/scenes.ts'

const LONG_SIDES = (process.env.BENCH_LONG_SIDES ?? '480,560,640,800,960').split(',').map(Number)
const QUALITIES = (process.env.BENCH_QUALITIES ?? '0.5,0.6,0.7,0.8').split(',').map(Number)
const POSTERS = Number(process.env.BENCH_POSTERS ?? 36)
const NEGATIVES = 6

const log = (msg: string) => process.stderr.write(`[bench:payload] ${msg}\n`)
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const dir = mkdtempSync(join(tmpdir(), 'bench-payload-'))
const engine = await RecognitionEngine.open({ dbPath: join(dir, 'payload.db'), logger: log })
try {
  const targets = [...assetTargets(), ...(await posterTargets(POSTERS, 301))]
  const ids: string[] = []
  for (const t of targets) ids.push((await engine.addTarget({ image: t.png, name: t.name, allowSimilar: true })).targetId)
  // One frame per target, with the variety of the server benchmark (coverage, tilt, blur, portrait).
  const frames: { raw: Buffer; expected: string | null }[] = []
  for (const [i, t] of targets.entries()) {
    const portrait = i % 3 === 1
    const raw = await makeQueryPhoto(t.png, {
      seed: 7000 + i,
      width: portrait ? 720 : 1280,
      height: portrait ? 1280 : 720,
      coverage: 0.2 + (i % 4) * 0.1,
      tiltDeg: 10 + (i % 3) * 8,
      blur: 0.8 + (i % 3) * 0.4,
      jpegQuality: 92,
    })
    frames.push({ raw, expected: ids[i]! })
  }
  for (let i = 0; i < NEGATIVES; i++)
    frames.push({ raw: await makeClutterScene({ seed: 8100 + i, width: 1280, height: 720, jpegQuality: 92 }), expected: null })
  log(`${targets.length} targets, ${frames.length} frames`)

  const rows = []
  for (const longSide of LONG_SIDES) {
    for (const quality of QUALITIES) {
      const bytes: number[] = []
      let found = 0
      let falseHits = 0
      for (const frame of frames) {
        const jpeg = await sharp(frame.raw)
          .resize(longSide, longSide, { fit: 'inside', withoutEnlargement: true })
          .jpeg({ quality: Math.round(quality * 100) })
          .toBuffer()
        bytes.push(jpeg.length)
        const { hit } = await engine.search(jpeg)
        if (hit && hit.target.targetId === frame.expected) found++
        else if (hit) falseHits++
      }
      const positives = frames.filter((f) => f.expected).length
      const row = {
        longSide,
        quality,
        recall: Math.round((found / positives) * 1000) / 1000,
        falseHits,
        medianKB: Math.round(median(bytes) / 102.4) / 10,
      }
      log(JSON.stringify(row))
      rows.push(row)
    }
  }
  const best = Math.max(...rows.map((r) => r.recall))
  // Cheapest setting whose recall is within one frame of the best one.
  const tolerance = 1 / frames.filter((f) => f.expected).length + 1e-9
  const chosen = rows.filter((r) => r.recall >= best - tolerance && r.falseHits === 0).sort((a, b) => a.medianKB - b.medianKB)[0] ?? null
  process.stdout.write(
    `${JSON.stringify({ targets: targets.length, frames: frames.length, rows, bestRecall: best, cheapestWithinOneFrameOfBest: chosen }, null, 2)}\n`,
  )
} finally {
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
}
