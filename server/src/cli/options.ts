/**
 * @module
 * Reading a command's flags: strings, whole numbers, and the server config they resolve to
 * (flags, then env, then defaults; see config.ts).
 */
import { type ConfigFlags, type CrsConfig, resolveConfig } from '../config.ts'
import { CliError } from './CliError.ts'
import type { CommandContext } from './Command.ts'

export function str(context: CommandContext, name: string): string | undefined {
  const value = context.values[name]
  return typeof value === 'string' ? value : undefined
}

export function positiveInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new CliError(`--${name} must be a whole number, got "${raw}"`, 2)
  return value
}

export function configOf(context: CommandContext, flags: ConfigFlags = {}): CrsConfig {
  const db = str(context, 'db')
  const appId = str(context, 'app-id')
  return resolveConfig({ ...(db ? { dbPath: db } : {}), ...(appId ? { appId } : {}), ...flags }, context.io.env)
}

export function workersOf(context: CommandContext): number | undefined {
  return positiveInt('workers', str(context, 'workers') ?? context.io.env.CRS_WORKERS) || undefined
}
