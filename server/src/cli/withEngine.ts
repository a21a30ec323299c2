/**
 * @module
 * Opens the engine for one command and always closes it, whatever the command does.
 */
import { existsSync } from 'node:fs'
import type { CrsConfig } from '../config.ts'
import { RecognitionEngine } from '../engine/RecognitionEngine.ts'
import type { RecognitionEngineApi } from '../engine/types.ts'
import { CliError } from './CliError.ts'
import type { CommandContext } from './Command.ts'
import { workersOf } from './options.ts'

/**
 * @param workersFirst start the workers (and OpenCV) before `use` runs, for a command whose work is
 *   timed: `crs search` answers through the HTTP app, whose search timeout would otherwise also
 *   count the workers' start-up (seconds on a busy machine: a 19 for a search that takes 0.2 s).
 * @param store what a missing store file means: `create` it (add, import), an error (`existing`:
 *   a mistyped `--db` must not answer "0 targets" from a new empty store), or `any` (grade, which
 *   needs no targets, then runs on an empty store in memory and leaves no file behind).
 */
export async function withEngine<T>(
  context: CommandContext,
  config: CrsConfig,
  use: (engine: RecognitionEngineApi) => Promise<T>,
  { workersFirst = false, store = 'existing' }: { workersFirst?: boolean; store?: 'create' | 'existing' | 'any' } = {},
): Promise<T> {
  const workers = workersOf(context)
  const missing = config.dbPath !== ':memory:' && !existsSync(config.dbPath)
  if (missing && store === 'existing') {
    throw new CliError(`no target store at ${config.dbPath} (crs add or crs import makes one, npm run dev seeds one; --db picks another)`)
  }
  // Otherwise workers start only if the command searches or adds: `list`/`remove` stay fast.
  const engine = await RecognitionEngine.open({
    dbPath: missing && store === 'any' ? ':memory:' : config.dbPath,
    lazyWorkers: !workersFirst,
    ...(workers !== undefined ? { workers } : {}),
  })
  try {
    return await use(engine)
  } finally {
    await engine.close()
  }
}
