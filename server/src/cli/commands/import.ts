/**
 * @module
 * `crs import <folder>`: adds every image of a folder (with `<name>.json` meta sidecars), one transaction each.
 */
import { type ImportOutcome, importEntry, readTargetFolder } from '../../seed.ts'
import { CliError } from '../CliError.ts'
import type { Command } from '../Command.ts'
import { checkSidecar } from '../metaInput.ts'
import { fileProblem } from '../readImage.ts'
import { configOf } from '../options.ts'
import { cliNameProblem, printable } from '../output.ts'
import { createProgress } from '../progress.ts'
import { withEngine } from '../withEngine.ts'

export const importCommand: Command = {
  options: { update: { type: 'boolean' }, force: { type: 'boolean' } },
  positionals: ['folder'],
  async run(context) {
    const folder = context.positionals[0]!
    let entries: Awaited<ReturnType<typeof readTargetFolder>>
    try {
      entries = await readTargetFolder(folder)
    } catch (error) {
      throw new CliError(`cannot read folder ${printable(folder)}: ${fileProblem(error)}`)
    }
    if (entries.length === 0) throw new CliError(`no png/jpg/jpeg/webp images in ${folder}`)
    return withEngine(
      context,
      configOf(context),
      async (engine) => {
        const progress = createProgress()
        const counts = { added: 0, updated: 0, skipped: 0, failed: 0 }
        for (const [index, entry] of entries.entries()) {
          const nameRefused = cliNameProblem(entry.name)
          const outcome: ImportOutcome =
            nameRefused !== null
              ? { name: entry.name, action: 'failed', error: new Error(`name: ${nameRefused}`) }
              : await importEntry(engine, entry, { update: context.values.update === true, checkMeta: checkSidecar(context) })
          counts[outcome.action]++
          const detail =
            outcome.action === 'failed'
              ? `failed: ${outcome.error.message}`
              : `${outcome.action} (${outcome.target.targetId}, grade ${outcome.target.grade})`
          progress.item(index + 1, entries.length, printable(`${entry.name}: ${detail}`))
        }
        progress.finish()
        context.io.stderr(
          `crs import: ${counts.added} added, ${counts.updated} updated, ${counts.skipped} skipped, ${counts.failed} failed\n`,
        )
        return counts.failed > 0 ? 1 : 0
      },
      { store: 'create' },
    )
  },
}
