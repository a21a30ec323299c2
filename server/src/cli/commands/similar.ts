/**
 * @module
 * `crs similar <image>`: stored targets that look like an image, with scores.
 */
import { toWireTarget } from '../../http/targetWire.ts'
import type { Command } from '../Command.ts'
import { configOf } from '../options.ts'
import { json, summary } from '../output.ts'
import { readImage } from '../readImage.ts'
import { withEngine } from '../withEngine.ts'

export const similar: Command = {
  options: { json: { type: 'boolean' } },
  positionals: ['image'],
  async run(context) {
    const image = await readImage(context.positionals[0]!)
    return withEngine(context, configOf(context), async (engine) => {
      const entries = await engine.similar(image)
      if (context.values.json) {
        json(context.io, { results: entries.map((e) => ({ ...toWireTarget(e.target), score: e.score, inliers: e.inliers })) })
      } else if (entries.length === 0) {
        context.io.stdout('no similar targets\n')
      } else {
        for (const e of entries) context.io.stdout(`${summary(e.target)}  score ${e.score.toFixed(2)}  inliers ${e.inliers}\n`)
      }
      return 0
    })
  },
}
