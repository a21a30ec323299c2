/**
 * @module
 * The `crs meta` command (see the declaration below).
 */
import { APP_BASE, checkMetaJson, formatProblem } from '../../meta/checkMetaJson.ts'
import { CliError } from '../CliError.ts'
import type { Command } from '../Command.ts'
import { decodeMetaArgument, readMetaJson } from '../metaInput.ts'
import { json } from '../output.ts'

/** `crs meta encode|decode|validate`: authoring meta for EasyAR's console or `crs add`. */
export const meta: Command = {
  options: { force: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: ['encode|decode|validate', 'file|base64'],
  async run(context) {
    const [action, argument] = context.positionals as [string, string]
    const { io } = context
    const report = (source: string, check: ReturnType<typeof checkMetaJson>) => {
      for (const warning of check.warnings) io.stderr(`crs: warning: ${source}: ${formatProblem(warning)}\n`)
      for (const error of check.errors) io.stderr(`crs: ${source}: ${formatProblem(error)}\n`)
    }
    switch (action) {
      case 'encode': {
        const value = await readMetaJson(argument)
        const check = checkMetaJson(value)
        report(argument, check)
        if (!check.ok && context.values.force !== true) {
          io.stderr(
            `crs: ${argument} is not valid meta (${check.errors.length} problem(s)); nothing encoded (add --force to encode it anyway)\n`,
          )
          return 1
        }
        io.stdout(`${Buffer.from(JSON.stringify(value), 'utf8').toString('base64')}\n`)
        return 0
      }
      case 'decode': {
        const { text, value } = decodeMetaArgument(argument)
        if (value === undefined) {
          // A bare URL (EasyAR's Node SDK stores plain strings) is valid meta too.
          io.stdout(`${text}\n`)
          return /^https?:\/\/\S+$/i.test(text.trim()) ? 0 : 1
        }
        io.stdout(`${JSON.stringify(value, null, 2)}\n`)
        const check = checkMetaJson(value)
        report('meta', check)
        return check.ok ? 0 : 1
      }
      case 'validate': {
        const value = await readMetaJson(argument)
        const check = checkMetaJson(value)
        if (context.values.json) {
          json(io, {
            valid: check.ok,
            errors: check.errors,
            warnings: check.warnings,
            ...(check.description ? { content: check.description } : {}),
          })
          return check.ok ? 0 : 1
        }
        report(argument, check)
        if (!check.ok) return 1
        const d = check.description!
        // Relative URLs were resolved against a stand-in origin for the check; show them as written.
        const url = d.url.startsWith(APP_BASE) ? `${d.url.slice(APP_BASE.length)} (on the app's origin)` : d.url
        io.stdout(`${argument}: valid meta: ${d.type} ${url}${d.title ? ` - "${d.title}"` : ''}\n`)
        return 0
      }
      default:
        throw new CliError(`unknown meta action "${action}": use encode, decode or validate (see crs meta --help)`, 2)
    }
  },
}
