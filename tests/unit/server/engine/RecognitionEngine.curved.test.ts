/**
 * Can labels (issue 14): sample prints registered flat and photographed wrapped round a can —
 * 120–200° of wrap, turned up to 25°, seen a little from above — over clutter, at the size the app
 * sends (800 px), JPEG 70. Rendered ray by ray onto the cylinder (tests/helpers/trackingClip.ts),
 * real pixels through the real pipeline. The README's benchmark measures recall on many more
 * curved views; this guards the behaviour: no wrap is taken for another target, and recall does
 * not fall below today's. Today: 19 of 27 (the flat fit holds the label's middle; wide wraps and
 * turned cans lose it). The issue's goal is 95 %; see README, "Recognition on a realistic benchmark".
 */
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RecognitionEngine } from '../../../../server/src/engine/RecognitionEngine.ts'
import type { TargetRecord } from '../../../../server/src/engine/types.ts'
import { makeBackground, loadRgb, type RgbImage } from '../../../helpers/printFrames.ts'
import { assetTargets } from '../../../helpers/sampleTargets.ts'
import { makeClutterScene } from '../../../helpers/scenes.ts'
import { renderClipFrame } from '../../../helpers/trackingClip.ts'

const W = 800
const H = 600
/** Wrap, yaw: the issue's range, both directions. */
const VIEWS = [
  { wrapDeg: 120, yawDeg: -25 },
  { wrapDeg: 160, yawDeg: 0 },
  { wrapDeg: 200, yawDeg: 20 },
]

let engine: RecognitionEngine
const targets: { name: string; print: RgbImage; record: TargetRecord }[] = []

beforeAll(async () => {
  engine = await RecognitionEngine.open({ dbPath: ':memory:', workers: 2, maxQueueWaitMs: Number.POSITIVE_INFINITY })
  for (const sample of assetTargets()) {
    const record = await engine.addTarget({ image: sample.png, name: sample.name })
    targets.push({ name: sample.name, print: await loadRgb(sample.png, 640), record })
  }
}, 240_000)

afterAll(async () => {
  await engine?.close()
})

describe('RecognitionEngine: prints wrapped round a can', () => {
  it('finds labels at 120-200° of wrap as often as today, and never answers another target', async () => {
    const outcomes: string[] = []
    let found = 0
    let cases = 0
    for (const [t, target] of targets.entries()) {
      const background = await makeBackground(W, H, await makeClutterScene({ seed: 40 + t, width: W, height: H }))
      for (const [v, view] of VIEWS.entries()) {
        const pose = { x: 0.5, y: 0.5, width: 0.42, rollDeg: 0, tiltDeg: 12, yawDeg: view.yawDeg }
        const { image } = renderClipFrame(
          target.print,
          background,
          { pose, segment: 'can', still: true, wrapDeg: view.wrapDeg, render: { noise: 3, blur: 0.8, seed: t * 10 + v } },
          0,
        )
        const jpeg = await sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 3 } })
          .jpeg({ quality: 70 })
          .toBuffer()
        const { hit } = await engine.search(new Uint8Array(jpeg))
        cases++
        if (hit?.target.targetId === target.record.targetId) found++
        else outcomes.push(`${target.name} wrap ${view.wrapDeg}° yaw ${view.yawDeg}° → ${hit ? `WRONG ${hit.target.name}` : 'no hit'}`)
      }
    }
    expect(
      outcomes.filter((o) => o.includes('WRONG')),
      outcomes.join('; '),
    ).toEqual([])
    // 19 of 27 here today (2026-12-07); a change that loses more than 3 of them is a regression.
    expect(found, `${found} of ${cases} found; missed: ${outcomes.join('; ')}`).toBeGreaterThanOrEqual(16)
  }, 240_000)
})
