/**
 * @module
 * Opens the engine for one command and always closes it, whatever the command does.
 */
import type { CrsConfig } from '../config.ts'
import { RecognitionEngine } from '../engine/RecognitionEngine.ts'
import type { RecognitionEngineApi } from '../engine/types.ts'
import type { CommandContext } from './Command.ts'
import { workersOf } from './options.ts'

export async function withEngine<T>(
  context: CommandContext,
  config: CrsConfig,
  use: (engine: RecognitionEngineApi) => Promise<T>,
): Promise<T> {
  const workers = workersOf(context)
  // Workers (and OpenCV) start only if the command searches or adds: `list`/`remove` stay fast.
  const engine = await RecognitionEngine.open({
    dbPath: config.dbPath,
    lazyWorkers: true,
    ...(workers !== undefined ? { workers } : {}),
  })
  try {
    return await use(engine)
  } finally {
    await engine.close()
  }
}
