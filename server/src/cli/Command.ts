/**
 * @module
 * The shape of a `crs` command and what it runs with: parsed flags, positionals and the process's
 * stdio and environment (tests pass their own).
 */
import type { ParseArgsConfig } from 'node:util'

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env: Record<string, string | undefined>
}

export interface CommandContext {
  values: Record<string, string | boolean | undefined>
  positionals: string[]
  io: CliIo
}

export interface Command {
  options: NonNullable<ParseArgsConfig['options']>
  positionals: string[]
  run(context: CommandContext): Promise<number>
}
