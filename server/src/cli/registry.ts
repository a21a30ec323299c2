/**
 * @module
 * Every `crs` command by name; each lives in its own file under commands/.
 */
import type { Command } from './Command.ts'
import { add } from './commands/add.ts'
import { grade } from './commands/grade.ts'
import { importCommand } from './commands/import.ts'
import { list } from './commands/list.ts'
import { meta } from './commands/meta.ts'
import { reindex } from './commands/reindex.ts'
import { remove } from './commands/remove.ts'
import { search } from './commands/search.ts'
import { serve } from './commands/serve.ts'
import { similar } from './commands/similar.ts'
import { token } from './commands/token.ts'

export const COMMANDS: Record<string, Command> = {
  serve,
  add,
  import: importCommand,
  reindex,
  meta,
  list,
  remove,
  grade,
  similar,
  search,
  token,
}
