/**
 * @module
 * How commands print: JSON for scripts, one line per target for people.
 */
import type { TargetRecord } from '../engine/types.ts'
import type { CliIo } from './Command.ts'

export function json(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`)
}

export function summary(target: TargetRecord): string {
  return `${target.targetId}  ${target.name}  grade ${target.grade}  ${target.active ? 'active' : 'inactive'}`
}
