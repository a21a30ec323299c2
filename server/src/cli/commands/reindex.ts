/**
 * @module
 * `crs reindex`: re-extracts every target's features with this engine's settings.
 */
import { RecognitionEngine } from '../../engine/RecognitionEngine.ts'
import { FEATURE_RECIPE } from '../../engine/tuning.ts'
import type { Command } from '../Command.ts'
import { configOf, workersOf } from '../options.ts'
import { createProgress } from '../progress.ts'

export const reindex: Command = {
  options: {},
  positionals: [],
  async run(context) {
    const config = configOf(context)
    const workers = workersOf(context)
    const engine = await RecognitionEngine.open({ dbPath: config.dbPath, ...(workers !== undefined ? { workers } : {}) })
    try {
      const progress = createProgress()
      const { targets, ms } = await engine.reindex((done, total) => progress.item(done, total, 're-extracted'))
      progress.finish()
      context.io.stderr(`crs reindex: ${targets} target(s) re-extracted with ${FEATURE_RECIPE} in ${(ms / 1000).toFixed(1)} s\n`)
      return 0
    } finally {
      await engine.close()
    }
  },
}
