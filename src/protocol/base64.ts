/**
 * Strict base64 ⇄ bytes, DOM-free (no `atob`/`btoa`, no Node `Buffer`), so the app, the
 * local server and tools share one implementation. `atob` alone would hand back Latin-1
 * "binary strings" and mangle UTF-8 meta (docs/crs-protocol.md §5 "Meta decoding").
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

const DECODE_TABLE: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1)
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i
  // URL-safe alphabet (RFC 4648 §5) is accepted too: some tools emit it.
  table['-'.charCodeAt(0)] = 62
  table['_'.charCodeAt(0)] = 63
  return table
})()

/** Encodes bytes as standard, padded base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += `${ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!}==`
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += `${ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!}=`
  }
  return out
}

/**
 * Decodes standard or URL-safe base64; whitespace is ignored, padding is optional.
 * Returns `null` (never throws) when the text is not base64.
 */
export function base64ToBytes(text: string): Uint8Array | null {
  const clean = text.replace(/[\s]/g, '')
  const body = clean.replace(/={1,2}$/, '')
  if (body.length % 4 === 1) return null
  if (clean.length !== body.length && clean.length % 4 !== 0) return null
  const out = new Uint8Array(Math.floor((body.length * 3) / 4))
  let buffer = 0
  let bits = 0
  let o = 0
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i)
    const value = code < 128 ? DECODE_TABLE[code]! : -1
    if (value < 0) return null
    buffer = (buffer << 6) | value
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (buffer >> bits) & 0xff
    }
  }
  return out
}

/** UTF-8 string → base64 (safe for emoji and CJK, unlike `btoa`). */
export function utf8ToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text))
}
