/**
 * @module
 * `crs remove <id|name>`: deletes a target by id, or by name when no id matches.
 */
import { CliError } from '../CliError.ts'
import type { Command } from '../Command.ts'
import { configOf } from '../options.ts'
import { withEngine } from '../withEngine.ts'

export const remove: Command = {
  options: {},
  positionals: ['id|name'],
  async run(context) {
    const key = context.positionals[0]!
    return withEngine(context, configOf(context), async (engine) => {
      const target = engine.getTarget(key) ?? engine.findTargetByName(key)
      if (!target || !engine.deleteTarget(target.targetId)) throw new CliError(`no target with id or name "${key}"`)
      context.io.stdout(`removed ${target.targetId}  ${target.name}\n`)
      return 0
    })
  },
}
