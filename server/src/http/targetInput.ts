/**
 * @module
 * Validates the fields of `POST /targets` and `PUT /target/:id` into engine input. Unknown string
 * fields are kept as `extra` and echoed back, as EasyAR does ("any other fields you like").
 */
import { MAX_IMAGE_BYTES } from '../../../src/protocol/statusCodes.ts'
import { sizeProblem } from '../engine/targetText.ts'
import type { NewTarget, TargetPatch } from '../engine/types.ts'
import { parameterError } from '../core/CrsError.ts'
import { type Params, decodeImageField, tooLarge } from './requestInput.ts'

export const MAX_NAME_LENGTH = 64
/** Auth params and protocol-owned output fields: never stored as custom extras. */
const NOT_EXTRA = new Set([
  'image',
  'name',
  'meta',
  'size',
  'type',
  'active',
  'allowSimilar',
  'appId',
  'apiKey',
  'appKey',
  'timestamp',
  'signature',
  'targetId',
  'trackingImage',
  'grade',
  'date',
  'modified',
  'detectableRate',
  'trackableRate',
])
function flag(params: Params, field: string): boolean | undefined {
  const value = params[field]
  if (value === undefined) return undefined
  if (value === '1' || value === 1 || value === true) return true
  if (value === '0' || value === 0 || value === false) return false
  throw parameterError(field, 'expected "1" or "0"')
}

/** Parses create fields (`partial: false`, image and name required) or patch fields. */
export function parseTargetInput(params: Params, partial: true): TargetPatch
export function parseTargetInput(params: Params, partial: false): NewTarget
export function parseTargetInput(params: Params, partial: boolean): NewTarget | TargetPatch {
  const out: TargetPatch = {}

  if (!partial || params.image !== undefined) out.image = decodeImageField(params)

  const name = params.name
  if (name !== undefined || !partial) {
    if (typeof name !== 'string' || name.length < 1 || name.length > MAX_NAME_LENGTH) {
      throw parameterError('name', `1–${MAX_NAME_LENGTH} characters`)
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(name)) throw parameterError('name', 'control characters')
    out.name = name
  }

  const size = params.size
  if (size !== undefined) {
    const text = typeof size === 'number' ? String(size) : size
    if (typeof text !== 'string') throw parameterError('size', 'a positive width in cm, e.g. "20"')
    const problem = sizeProblem(text)
    if (problem !== null) throw parameterError('size', problem)
    out.size = text
  }

  const meta = params.meta
  if (meta !== undefined) {
    if (typeof meta !== 'string') throw parameterError('meta', 'expected a string')
    const bytes = Buffer.byteLength(meta, 'utf8')
    if (bytes > MAX_IMAGE_BYTES) throw tooLarge('meta', bytes)
    out.meta = meta
  }

  if (params.type !== undefined && params.type !== 'ImageTarget') {
    throw parameterError('type', 'must be "ImageTarget"')
  }
  const active = flag(params, 'active')
  if (active !== undefined) out.active = active
  const allowSimilar = flag(params, 'allowSimilar')
  if (allowSimilar !== undefined) out.allowSimilar = allowSimilar

  const extra: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) {
    if (NOT_EXTRA.has(key)) continue
    if (typeof value === 'string') extra[key] = value
    else if (typeof value === 'number' || typeof value === 'boolean') extra[key] = String(value)
    else throw parameterError(key, 'custom fields must be strings')
  }
  if (Object.keys(extra).length > 0) out.extra = extra
  return out
}
