/**
 * @module
 * The `crs` command line (bin/crs.js loads tsx, then calls `main`). Errors end as ONE line on
 * stderr and a non-zero exit code; stack traces only with CRS_DEBUG=1.
 */
import { parseArgs } from 'node:util'
import { ConfigError } from '../config.ts'
import { engineReason } from '../engine/types.ts'
import { CliError } from './CliError.ts'
import type { CliIo, CommandContext } from './Command.ts'
import { COMMAND_HELP, USAGE } from './help.ts'
import { printable } from './output.ts'
import { COMMANDS } from './registry.ts'

/** Options every command understands. */
const COMMON_OPTIONS = {
  db: { type: 'string' },
  'app-id': { type: 'string' },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
}

/** Runs one command; resolves with the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${USAGE}\n`)
    return name === undefined ? 2 : 0
  }
  const command = COMMANDS[name]
  try {
    if (!command) throw new CliError(`unknown command "${name}" (see crs --help)`, 2)
    let parsed: ReturnType<typeof parseArgs>
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...COMMON_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      })
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
      throw new CliError(`${message} (see crs ${name} --help)`, 2)
    }
    if (parsed.values.help) {
      io.stdout(`${COMMAND_HELP[name]}\n`)
      return 0
    }
    const positionals = parsed.positionals
    if (positionals.length !== command.positionals.length) {
      const expected = command.positionals.map((p) => `<${p}>`).join(' ') || 'no arguments'
      throw new CliError(`crs ${name} takes ${expected} (see crs ${name} --help)`, 2)
    }
    const context: CommandContext = {
      values: parsed.values as Record<string, string | boolean | undefined>,
      positionals,
      io,
    }
    return await command.run(context)
  } catch (error) {
    io.stderr(`crs: ${printable(describe(error))}\n`)
    if (io.env.CRS_DEBUG === '1' && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`)
    return error instanceof CliError ? error.exitCode : 1
  }
}

function describe(error: unknown): string {
  if (error instanceof CliError || error instanceof ConfigError) return error.message
  if (error instanceof Error) {
    const code = (error as Error & { statusCode?: unknown }).statusCode
    const first = error.message.split('\n')[0] ?? ''
    if (error.name === 'EngineError' && typeof code === 'number') return `${engineAdvice(first, code)} (status ${code})`
    const errno = (error as NodeJS.ErrnoException).code
    return errno ? `${first}` : `${error.name === 'Error' ? '' : `${error.name}: `}${first}`
  }
  return String(error)
}

/** The engine's reason for the operator, with the next step where the CLI has one. */
function engineAdvice(message: string, code: number): string {
  const plain = engineReason(message)
  if (code === 419) return `${plain}; add --allow-similar to add it anyway (visitors may then get either)`
  if (code === 427 && plain.startsWith('not an image')) return 'the file is not a JPEG or PNG image'
  return plain
}
