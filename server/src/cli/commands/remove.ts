/**
 * @module
 * `crs remove <id|name>`: deletes a target by id, or by name when no id matches and exactly one
 * target has that name (names need not be unique: which of two to delete is the operator's call).
 */
import { CliError } from '../CliError.ts'
import type { Command } from '../Command.ts'
import { configOf } from '../options.ts'
import { printable } from '../output.ts'
import { withEngine } from '../withEngine.ts'

export const remove: Command = {
  options: {},
  positionals: ['id|name'],
  async run(context) {
    const key = context.positionals[0]!
    return withEngine(context, configOf(context), async (engine) => {
      const named = engine.getTarget(key) ? [] : engine.findTargetsByName(key, 6)
      if (named.length > 1) {
        const ids = named
          .slice(0, 5)
          .map((t) => t.targetId)
          .join(', ')
        throw new CliError(
          `${named.length > 5 ? 'more than 5' : named.length} targets are named "${printable(key)}" (${ids}${named.length > 5 ? ', …' : ''}): remove one by its id`,
        )
      }
      const target = engine.getTarget(key) ?? named[0]
      if (!target || !engine.deleteTarget(target.targetId)) throw new CliError(`no target with id or name "${printable(key)}"`)
      context.io.stdout(`removed ${target.targetId}  ${target.name}\n`)
      return 0
    })
  },
}
