/**
 * @module
 * Opens the engine for one command and always closes it, whatever the command does.
 */
import type { CrsConfig } from '../config.ts'
import { RecognitionEngine } from '../engine/RecognitionEngine.ts'
import type { RecognitionEngineApi } from '../engine/types.ts'
import type { CommandContext } from './Command.ts'
import { workersOf } from './options.ts'

/**
 * @param workersFirst start the workers (and OpenCV) before `use` runs, for a command whose work is
 *   timed: `crs search` answers through the HTTP app, whose search timeout would otherwise also
 *   count the workers' start-up (seconds on a busy machine: a 19 for a search that takes 0.2 s).
 */
export async function withEngine<T>(
  context: CommandContext,
  config: CrsConfig,
  use: (engine: RecognitionEngineApi) => Promise<T>,
  { workersFirst = false }: { workersFirst?: boolean } = {},
): Promise<T> {
  const workers = workersOf(context)
  // Otherwise workers start only if the command searches or adds: `list`/`remove` stay fast.
  const engine = await RecognitionEngine.open({
    dbPath: config.dbPath,
    lazyWorkers: !workersFirst,
    ...(workers !== undefined ? { workers } : {}),
  })
  try {
    return await use(engine)
  } finally {
    await engine.close()
  }
}
