/**
 * @module
 * `crs add <image>`: adds one target, with meta checked against the schema and a warning for hard images.
 */
import { sizeProblem } from '../../engine/targetText.ts'
import { analyseFeatures } from '../../grade/featureReport.ts'
import { toWireTarget } from '../../http/targetWire.ts'
import { CliError } from '../CliError.ts'
import type { Command } from '../Command.ts'
import { gradeWarning } from '../gradeInWords.ts'
import { metaOf } from '../metaInput.ts'
import { configOf, str } from '../options.ts'
import { cliNameProblem, json, printable, summary } from '../output.ts'
import { readImage } from '../readImage.ts'
import { withEngine } from '../withEngine.ts'

export const add: Command = {
  options: {
    name: { type: 'string' },
    meta: { type: 'string' },
    'meta-file': { type: 'string' },
    'raw-meta': { type: 'boolean' },
    size: { type: 'string' },
    inactive: { type: 'boolean' },
    'allow-similar': { type: 'boolean' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: ['image'],
  async run(context) {
    const name = str(context, 'name')
    if (!name) throw new CliError('--name is required (see crs add --help)', 2)
    // Before anything prints the name (the look-alike and grade warnings do).
    const nameRefused = cliNameProblem(name)
    if (nameRefused !== null) throw new CliError(`--name ${printable(name)}: ${nameRefused}`, 2)
    const size = str(context, 'size')
    const sizeRefused = size === undefined ? null : sizeProblem(size)
    if (sizeRefused !== null) throw new CliError(`--size ${printable(size!)}: ${sizeRefused}`, 2)
    const meta = await metaOf(context)
    const image = await readImage(context.positionals[0]!)
    return withEngine(
      context,
      configOf(context),
      async (engine) => {
        // Look-alikes are refused by the engine (419) unless --allow-similar; allowed ones are named.
        if (context.values['allow-similar'] === true) {
          const similar = await engine.similar(image)
          if (similar.length > 0) {
            const names = similar.map((e) => `${e.target.name} (score ${e.score.toFixed(2)})`).join(', ')
            context.io.stderr(
              `crs: warning: ${name} looks like ${names}; added anyway (--allow-similar): visitors may get the other target's content\n`,
            )
          }
        }
        const [report, features] = await Promise.all([engine.grade(image), analyseFeatures(image).catch(() => null)])
        const warning = gradeWarning(name, report, features)
        if (warning) context.io.stderr(warning)
        const target = await engine.addTarget({
          image,
          name,
          ...(meta !== undefined ? { meta } : {}),
          ...(size !== undefined ? { size } : {}),
          active: context.values.inactive !== true,
          allowSimilar: context.values['allow-similar'] === true,
        })
        if (context.values.json) json(context.io, { target: toWireTarget(target) })
        else context.io.stdout(`added ${summary(target)}\n`)
        return 0
      },
      { store: 'create' },
    )
  },
}
