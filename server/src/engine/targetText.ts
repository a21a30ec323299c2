/**
 * @module
 * The rules every path into the store applies to a target's text (HTTP, `crs add`, `crs import`,
 * seeding), so no path stores what another refuses.
 */
import { EngineError, type TargetPatch } from './types.ts'

/** EasyAR caps names at 64 characters (docs/crs-protocol.md §3). */
export const MAX_NAME_LENGTH = 64

/**
 * Custom fields a target may carry ("any other fields you like" in EasyAR's create docs). Every
 * list and search answer copies them: one target with 200,000 of them (2.7 MB) made each
 * `GET /targets/infos?pageSize=100` take about a second and stalled /ping.
 */
export const MAX_CUSTOM_FIELDS = 32
/** Longest custom field name, in characters. */
export const MAX_CUSTOM_FIELD_NAME = 64
/** All custom field names and values of one target together, in UTF-8 bytes. */
export const MAX_CUSTOM_FIELD_BYTES = 16 * 1024

/**
 * C0 controls and DEL. A name is printed in `crs list` and in progress lines: `a\nb\e[2J` would
 * forge lines and clear the operator's terminal.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/

/** A UTF-16 surrogate without its partner: SQLite (UTF-8) would silently store U+FFFD instead. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text)
}

/** Why `name` cannot be a target name, or null when it can. */
export function nameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.length < 1 || name.length > MAX_NAME_LENGTH) return `1–${MAX_NAME_LENGTH} characters`
  if (CONTROL_CHARACTER.test(name)) return 'control characters'
  // A blank name lists as an empty row and cannot be told apart or removed by name.
  if (name.trim() === '') return 'only spaces'
  if (hasLoneSurrogate(name)) return 'a lone UTF-16 surrogate (not valid Unicode)'
  return null
}

/** A printed width in cm: digits with an optional decimal part, above zero (as EasyAR's `size`). */
const SIZE = /^\d+(\.\d+)?$/

/** Why `size` cannot be a target's printed width, or null when it can. */
export function sizeProblem(size: string): string | null {
  return SIZE.test(size) && Number(size) > 0 ? null : 'a positive width in cm, e.g. "20"'
}

/** Why a stored string (meta, a custom field) cannot be stored as given, or null. */
export function textProblem(text: string): string | null {
  return hasLoneSurrogate(text) ? 'a lone UTF-16 surrogate (not valid Unicode); it would be stored as U+FFFD' : null
}

export function validSize(size: string): string {
  const problem = sizeProblem(size)
  if (problem !== null) throw new EngineError(414, `RecognitionEngine: size: ${problem}`, 'size')
  return size
}

export function validName(name: unknown): string {
  const problem = nameProblem(name)
  if (problem !== null) throw new EngineError(414, `RecognitionEngine: name: ${problem}`, 'name')
  return name as string
}

/** Refuses custom fields over the count or size limits (414, naming the limit). */
export function checkCustomFields(extra: Record<string, string>): void {
  const keys = Object.keys(extra)
  const fail = (field: string, why: string) => {
    throw new EngineError(414, `RecognitionEngine: ${field}: ${why}`, field)
  }
  if (keys.length > MAX_CUSTOM_FIELDS) fail('custom fields', `${keys.length} custom fields, at most ${MAX_CUSTOM_FIELDS}`)
  let bytes = 0
  for (const key of keys) {
    if (key.length > MAX_CUSTOM_FIELD_NAME)
      fail(key.slice(0, MAX_CUSTOM_FIELD_NAME), `custom field names have at most ${MAX_CUSTOM_FIELD_NAME} characters`)
    bytes += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(extra[key]!, 'utf8')
  }
  if (bytes > MAX_CUSTOM_FIELD_BYTES) fail('custom fields', `${bytes} bytes of custom fields, at most ${MAX_CUSTOM_FIELD_BYTES}`)
}

/** Meta and custom fields as stored: refused when SQLite could not keep them as given. */
export function checkTexts(input: TargetPatch): void {
  const texts: Array<[field: string, text: string]> = Object.entries(input.extra ?? {}).flatMap(
    ([key, value]) =>
      [
        [key, key],
        [key, value],
      ] as Array<[string, string]>,
  )
  if (input.meta !== undefined) texts.push(['meta', input.meta])
  for (const [field, text] of texts) {
    const problem = textProblem(text)
    if (problem !== null) throw new EngineError(414, `RecognitionEngine: ${field}: ${problem}`, field)
  }
}
