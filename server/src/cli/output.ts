/**
 * @module
 * How commands print: JSON for scripts, one line per target for people.
 */
import { nameProblem } from '../engine/targetText.ts'
import type { TargetRecord } from '../engine/types.ts'
import type { CliIo } from './Command.ts'

export function json(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`)
}

/**
 * `text` safe to print on a terminal: C0/C1 controls and DEL become `\x1b`-style escapes, so a
 * stored or file name can neither forge lines nor send escape sequences (`a\nb\e[2J`).
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

/**
 * Why a name given on the command line (or a file name) cannot be a target name, or null. The
 * engine's rule, plus U+FFFD: Node decodes argv and file names as UTF-8 and replaces invalid
 * bytes (a lone surrogate's CESU-8 bytes among them) with it, silently; this says so instead.
 */
export function cliNameProblem(name: string): string | null {
  if (name.includes('\ufffd')) return 'not valid UTF-8 (invalid bytes or a lone surrogate, shown as U+FFFD)'
  return nameProblem(name)
}

export function summary(target: TargetRecord): string {
  return `${target.targetId}  ${printable(target.name)}  grade ${target.grade}  ${target.active ? 'active' : 'inactive'}`
}
