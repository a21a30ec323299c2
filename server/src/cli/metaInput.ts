/**
 * @module
 * Meta as the CLI takes it: `--meta`/`--meta-file` JSON (checked against the meta schema, stored
 * as base64), `crs meta` files and base64 arguments, and `crs import`'s sidecar check.
 */
import { MAX_IMAGE_BYTES } from '../../../src/protocol/statusCodes.ts'
import { readLimitedFile } from '../core/readLimitedFile.ts'
import { checkMetaJson, formatProblem } from '../meta/checkMetaJson.ts'
import { encodeJsonMeta } from '../seed.ts'
import { CliError } from './CliError.ts'
import type { CommandContext } from './Command.ts'
import { str } from './options.ts'
import { printable } from './output.ts'
import { fileProblem } from './readImage.ts'

/** `--meta` / `--meta-file`: JSON → base64 of the minified JSON; `--raw-meta` stores it as is. */
export async function metaOf(context: CommandContext): Promise<string | undefined> {
  const inline = str(context, 'meta')
  const file = str(context, 'meta-file')
  if (inline !== undefined && file !== undefined) throw new CliError('give --meta or --meta-file, not both', 2)
  let text = inline
  if (file !== undefined) {
    try {
      text = (await readLimitedFile(file, MAX_IMAGE_BYTES)).toString('utf8')
    } catch (error) {
      throw new CliError(`cannot read ${printable(file)}: ${fileProblem(error)}`)
    }
  }
  if (text === undefined) return undefined
  if (context.values['raw-meta']) return text
  const source = file !== undefined ? file : '--meta'
  let encoded: string
  if (text.trim() === '')
    throw new CliError(`${source} is empty: give the content's JSON (see README, "Authoring content"), or leave it out for no meta`, 2)
  try {
    encoded = encodeJsonMeta(text)
  } catch {
    throw new CliError(`${source} is not valid JSON (add --raw-meta to store the string as is)`, 2)
  }
  const check = checkMetaJson(JSON.parse(text))
  for (const warning of check.warnings) context.io.stderr(`crs: warning: ${source}: ${formatProblem(warning)}\n`)
  if (!check.ok && context.values.force !== true) {
    // One line (CLI errors are one line): every problem, separated by "; ".
    throw new CliError(`${source} is not valid meta: ${check.errors.map(formatProblem).join('; ')} (fix it, or add --force)`, 2)
  }
  return encoded
}

/** Reads a meta JSON file for `crs meta`; a missing file or bad JSON is a usage error. */
export async function readMetaJson(file: string): Promise<unknown> {
  let text: string
  try {
    text = (await readLimitedFile(file, MAX_IMAGE_BYTES)).toString('utf8')
  } catch (error) {
    throw new CliError(`cannot read ${printable(file)}: ${fileProblem(error)}`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, 2)
  }
}

/** Base64 (standard or URL-safe, padding optional) → the meta JSON it holds. */
export function decodeMetaArgument(raw: string): { text: string; value: unknown } {
  const trimmed = raw.trim()
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed))
    throw new CliError('that is not base64 (crs meta decode takes the meta string as stored in CRS)', 2)
  const text = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')
  try {
    return { text, value: JSON.parse(text) }
  } catch {
    return { text, value: undefined }
  }
}

/** Import's meta check: invalid sidecars fail their item (unless --force); warnings go to stderr. */
export function checkSidecar(context: CommandContext): (json: unknown, name: string) => string | null {
  return (value, name) => {
    const check = checkMetaJson(value)
    for (const warning of check.warnings) context.io.stderr(`crs: warning: ${name}.json: ${formatProblem(warning)}\n`)
    if (check.ok || context.values.force === true) return null
    return `${name}.json is not valid meta: ${check.errors.map(formatProblem).join('; ')} (fix it, or add --force)`
  }
}
