/**
 * @module
 * `crs list`: every target as a table, or as the protocol JSON.
 */
import type { TargetRecord } from '../../engine/types.ts'
import { toWireTarget } from '../../http/targetWire.ts'
import type { Command } from '../Command.ts'
import { configOf } from '../options.ts'
import { json, printable } from '../output.ts'
import { withEngine } from '../withEngine.ts'

export const list: Command = {
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run(context) {
    return withEngine(context, configOf(context), async (engine) => {
      const targets: TargetRecord[] = []
      for (let page = 1; ; page++) {
        const batch = engine.listTargets(page, 100)
        targets.push(...batch)
        if (batch.length < 100) break
      }
      if (context.values.json) {
        json(context.io, { targets: targets.map((t) => toWireTarget(t)) })
        return 0
      }
      const rows = targets.map((t) => [
        t.targetId,
        printable(t.name),
        t.active ? 'yes' : 'no',
        String(t.grade),
        t.size,
        new Date(t.modified).toISOString(),
      ])
      const header = ['ID', 'NAME', 'ACTIVE', 'GRADE', 'SIZE', 'MODIFIED']
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
      for (const row of [header, ...rows]) {
        context.io.stdout(
          `${row
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join('  ')
            .trimEnd()}\n`,
        )
      }
      context.io.stderr(`${targets.length} target(s) in ${configOf(context).dbPath}\n`)
      return 0
    })
  },
}
