/**
 * @module
 * `crs grade <image>`: how recognizable an image is, in words, and optionally where its features are.
 */
import { writeFile } from 'node:fs/promises'
import { analyseFeatures, drawFeatures } from '../../grade/featureReport.ts'
import { CliError } from '../CliError.ts'
import type { Command } from '../Command.ts'
import { gradeInWords } from '../gradeInWords.ts'
import { configOf, str } from '../options.ts'
import { json, printable } from '../output.ts'
import { readImage } from '../readImage.ts'
import { withEngine } from '../withEngine.ts'

export const grade: Command = {
  options: { json: { type: 'boolean' }, out: { type: 'string' } },
  positionals: ['image'],
  async run(context) {
    const image = await readImage(context.positionals[0]!)
    const out = str(context, 'out')
    // The drawing is a PNG whatever the name says; a .jpg holding PNG bytes fools viewers.
    if (out !== undefined && !/\.png$/i.test(out))
      throw new CliError(`--out ${printable(out)}: the features are drawn as a PNG; name the file *.png`, 2)
    return withEngine(
      context,
      configOf(context),
      async (engine) => {
        const report = await engine.grade(image)
        const features = await analyseFeatures(image)
        if (out !== undefined) {
          try {
            await writeFile(out, await drawFeatures(image, features))
          } catch (error) {
            throw new CliError(`cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
          }
        }
        const words = gradeInWords(report, features)
        if (context.values.json) {
          json(context.io, {
            ...report,
            repetitive: features.repetitive,
            repeatedShare: Math.round(features.repeatedShare * 100) / 100,
            explanation: words,
          })
        } else {
          context.io.stdout(`${words}\n`)
          if (out !== undefined)
            context.io.stdout(`Features drawn in ${out} (green: features, orange: look-alikes; red counts: grid cells with too few).\n`)
        }
        return 0
      },
      { store: 'any' },
    )
  },
}
