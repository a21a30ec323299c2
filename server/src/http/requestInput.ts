/**
 * @module
 * Reading request input into plain params, with CRS answers for every malformed case:
 * wrong Content-Type → 415, unparsable JSON → 400, non-object JSON → 414, and base64 images that
 * are too big (422) or not JPEG/PNG/WebP (427).
 */
import type { Context } from 'hono'
import { MAX_IMAGE_BYTES, StatusCode } from '../../../src/protocol/statusCodes.ts'
import { CrsError, parameterError } from '../core/CrsError.ts'

export type Params = Record<string, unknown>

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

function requireMediaType(c: Context, expected: string): void {
  if (mediaType(c) !== expected) {
    throw new CrsError(StatusCode.UNSUPPORTED_MEDIA_TYPE, `Unsupported media type: expected Content-Type ${expected}`)
  }
}

export function queryParams(c: Context): Params {
  return { ...c.req.query() }
}

/** JSON body (must be an object) merged over the query string. */
export async function jsonParams(c: Context): Promise<Params> {
  requireMediaType(c, 'application/json')
  const text = await c.req.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new CrsError(StatusCode.BAD_REQUEST)
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw parameterError('body', 'expected a JSON object')
  }
  return { ...queryParams(c), ...(body as Params) }
}

/**
 * Parts a multipart body may have. `/v2/search` takes `image` plus a few fields (appId,
 * notracking, the four signature fields…); 2.9 MB bodies of 50,000 tiny fields at 20 requests/s
 * kept the HTTP thread parsing and pushed /ping to 2 s. Counted on the raw bytes, before parsing.
 */
export const MAX_FORM_PARTS = 32

/** Occurrences of `needle` in `haystack`, stopping once over `limit`. */
function countUpTo(haystack: Buffer, needle: Buffer, limit: number): number {
  let count = 0
  for (let at = haystack.indexOf(needle); at >= 0 && count <= limit; at = haystack.indexOf(needle, at + needle.length)) count++
  return count
}

/** multipart/form-data fields merged over the query string; a file part stays a `File`. */
export async function formParams(c: Context): Promise<Params> {
  requireMediaType(c, 'multipart/form-data')
  const contentType = c.req.header('content-type') ?? ''
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  if (!boundary) throw new CrsError(StatusCode.BAD_REQUEST, 'Bad request: multipart/form-data without a boundary')
  const bytes = Buffer.from(await c.req.arrayBuffer())
  // Every part starts with a delimiter line; the closing delimiter adds one more.
  const delimiters = countUpTo(bytes, Buffer.from(`--${boundary[1] ?? boundary[2]}`), MAX_FORM_PARTS + 1)
  if (delimiters > MAX_FORM_PARTS + 1) {
    throw new CrsError(StatusCode.BAD_REQUEST, `Bad request: the multipart body has more than ${MAX_FORM_PARTS} parts`)
  }
  const form: Params = {}
  try {
    for (const [key, value] of await new Response(bytes, { headers: { 'Content-Type': contentType } }).formData()) form[key] = value
  } catch {
    throw new CrsError(StatusCode.BAD_REQUEST, 'Bad request: the multipart body cannot be parsed')
  }
  return { ...queryParams(c), ...form }
}

/** Optional string field: undefined stays undefined, anything but a string is a 414. */
export function optionalString(params: Params, field: string): string | undefined {
  const value = params[field]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw parameterError(field, 'expected a string')
  return value
}

/** `true`/`"true"` → true, `false`/`"false"`/absent → false. */
export function booleanFlag(params: Params, field: string): boolean {
  const value = params[field]
  if (value === undefined || value === false || value === 'false') return false
  if (value === true || value === 'true') return true
  throw parameterError(field, 'expected true or false')
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/
const DATA_URL_PREFIX = /^data:[\w/+.-]*;base64,/i

/** JPEG, PNG or WebP magic bytes. */
export function looksLikeImage(bytes: Uint8Array): boolean {
  const b = bytes
  const jpeg = b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff
  const png = b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47
  const webp =
    b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50
  return jpeg || png || webp
}

export function tooLarge(field: string, bytes?: number): CrsError {
  const size = bytes === undefined ? `larger than ${MAX_IMAGE_BYTES}` : `${bytes}`
  return new CrsError(
    StatusCode.TOO_LARGE,
    `The image or meta exceeds its maximum permitted size: ${field} is ${size} bytes, the limit is ${MAX_IMAGE_BYTES}`,
  )
}

/** Size and magic-byte checks shared by base64 and multipart images. */
export function checkImageBytes(bytes: Uint8Array, field = 'image'): Uint8Array {
  if (bytes.byteLength > MAX_IMAGE_BYTES) throw tooLarge(field, bytes.byteLength)
  if (bytes.byteLength === 0 || !looksLikeImage(bytes)) {
    throw new CrsError(StatusCode.IMAGE_NOT_CORRECT, `Image not correct: ${field} is not a JPEG or PNG image`)
  }
  return bytes
}

/**
 * Decodes a base64 image field. A `data:image/...;base64,` prefix and line breaks are tolerated
 * (browsers' `toDataURL` output pasted as is); anything else that is not base64 is a 427.
 */
export function decodeImageField(params: Params, field = 'image'): Uint8Array {
  const value = params[field]
  if (value === undefined || value === '') throw parameterError(field)
  if (typeof value !== 'string') throw parameterError(field, 'expected a base64 string')
  const text = value.replace(DATA_URL_PREFIX, '').replace(/\s+/g, '')
  // Cheap size check before allocating: base64 carries 3 bytes per 4 characters.
  if (Math.floor((text.length * 3) / 4) - 2 > MAX_IMAGE_BYTES) throw tooLarge(field)
  if (!BASE64.test(text) && !BASE64URL.test(text)) {
    throw new CrsError(StatusCode.IMAGE_NOT_CORRECT, `Image not correct: ${field} is not valid base64`)
  }
  return checkImageBytes(new Uint8Array(Buffer.from(text, 'base64')), field)
}

/** The `image` of a multipart request: a file part, or a base64 string field. */
export async function formImage(params: Params): Promise<Uint8Array> {
  const value = params.image
  if (value instanceof File) {
    if (value.size > MAX_IMAGE_BYTES) throw tooLarge('image', value.size)
    return checkImageBytes(new Uint8Array(await value.arrayBuffer()))
  }
  return decodeImageField(params)
}
