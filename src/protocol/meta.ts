/**
 * Target `meta` → validated content description. DOM-free: the app, the local server's
 * tools and tests use it. Over 400 lines on purpose: it is the one decoder the schema test holds
 * to meta.schema.json rule for rule; split up, its rules would drift apart.
 *
 * Pipeline: base64 → bytes → UTF-8 (fatal TextDecoder) → JSON → schema check → URL policy.
 * Every failure is a typed `MetaError` with a message naming what is wrong; the caller
 * prefixes the target name. Nothing here throws.
 *
 * Accepted shapes
 * - ours: `{"type": "model"|"video", "url", "scale"?, "position"?, "rotation"?, "animation"?,
 *   "loop"?, "autoplay"?, "muted"?, "title"?, "caption"?, "link"?, "actions"?, "usdzUrl"?}`
 *   — the rules are src/protocol/meta.schema.json; this file implements them by hand (a small
 *   chunk fetched while the visitor aims; a schema validator is not small) and
 *   tests/unit/app/protocol/metaSchema.test.ts checks that both agree.
 * - EasyAR web samples (docs/crs-protocol.md §5): `{"videoUrl": …}` and `{"modelUrl": …, "scale": …}`
 * - a bare http(s) URL (EasyAR's Node SDK stores plain strings as meta), base64 or not.
 * When `type` is missing it comes from the key (`videoUrl`/`modelUrl`) or the file extension.
 *
 * URL policy (decided here, once):
 * - relative URLs resolve against the app base URL (`options.baseUrl`);
 * - after resolution only `http:` and `https:` are followed: `javascript:`, `data:`, `blob:`,
 *   `file:`, `about:` … are refused;
 * - protocol-relative (`//cdn.example/x.glb`) is allowed: it resolves to the page's own
 *   scheme, so it is no different from an absolute URL to that host. Any host is allowed:
 *   meta is authored by the library owner and the host must send CORS headers anyway;
 * - URLs carrying credentials (`https://user:pw@…`) are refused;
 * - `http:` content from an `https:` page is refused (mixed content would be blocked by the
 *   browser later, with a far worse message), except for localhost / 127.0.0.1.
 * `title` is plain text (render it with `textContent`, never `innerHTML`): control characters
 * are stripped and it is capped at `MAX_TITLE_CHARS` code points; `caption` likewise at
 * `MAX_CAPTION_CHARS`. `link` and every action's `url` must be http(s) (same policy as content).
 *
 * Per-language text: `title`, `caption`, a text piece's `text` and an action's `label` may be
 * `{"en": "…", "ja": "…"}` instead of a string. Keys are BCP 47 tags with a lower-case language
 * first (`en`, `ja`, `pt-BR`); values are strings (with the same rules as the plain field). The
 * decoder keeps one: the first of `options.languages` (the visitor's, best first) given exactly,
 * else by its language (`ja-JP` → `ja`), else English, else the first given. An empty object, a
 * key that is not a tag, or a value that is not a string is an error, like any bad field.
 */
import { base64ToBytes, utf8ToBase64 } from './base64'
import { MAX_IMAGE_BYTES } from './statusCodes'

/** What a target shows (mirrored as `data-content-type` while it loads or is shown). */
export type ContentType = 'model' | 'video'

/** A validated, defaults-filled description of what to show for a target. */
export interface ContentDescription {
  type: ContentType
  /** Absolute http(s) URL. */
  url: string
  /** Multiplies the automatic fit; 1 = auto-fit size. */
  scale: number
  /** Offset in metres, in the content anchor's space (x right, y up, z towards the viewer). */
  position: [number, number, number]
  /** Euler XYZ rotation in degrees. */
  rotation: [number, number, number]
  /** Clip name to play (models); the first clip when absent. */
  animation?: string
  loop: boolean
  autoplay: boolean
  /** Whether the author wants the video muted. Playback always starts muted (autoplay rules). */
  muted: boolean
  /** Plain text, never HTML. */
  title?: string
  /** Plain text under the title, never HTML. */
  caption?: string
  /** Absolute http(s) URL. */
  link?: string
  /** Calls to action shown over the content, in order. */
  actions?: ContentAction[]
  /** Transparent video (videos only). */
  alpha?: AlphaMode
  /** Absolute http(s) URL of a sound played from the model (models only; a video has its own). */
  audio?: string
  /**
   * Several pieces for one target (meta `items`), each placed and animated in on its own,
   * staggered. When present, `type`/`url` above describe the first model or video piece.
   */
  items?: Piece[]
  /** Absolute http(s) URL of a USDZ twin of the model, for iOS AR Quick Look. */
  usdzUrl?: string
  /**
   * Where the content stands: on the tracked print (`print`, the default; it falls back to the
   * screen while the print is out of view) or in front of the camera (`screen`).
   */
  anchor: ContentAnchor
}

export type ContentAnchor = 'print' | 'screen'

/**
 * Transparency of a video (videos only). `packed`: colour in one half of each frame, alpha as grey
 * in the other; `chroma`: a key colour is made transparent. Any H.264 MP4 works, iOS included.
 */
export type AlphaMode =
  | { mode: 'packed'; layout: 'side-by-side' | 'stacked' }
  | { mode: 'chroma' /** sRGB 0–1 */; color: [number, number, number]; similarity: number; smoothness: number; spill: number }

/** Chroma-key defaults (OBS's): a green screen keyed with a soft edge and a little spill removal. */
export const CHROMA_DEFAULTS = { color: '#00ff00', similarity: 0.4, smoothness: 0.08, spill: 0.1 } as const

/** One piece of a several-piece target: a model, a video, or a text card. `delay`: seconds before it enters. */
export type Piece = (ContentDescription & { delay: number }) | TextPiece

export interface TextPiece {
  type: 'text'
  /** Plain text (never HTML), at most MAX_TEXT_PIECE_CHARS code points. */
  text: string
  scale: number
  position: [number, number, number]
  rotation: [number, number, number]
  delay: number
}

/** Most pieces per target: each is a load and a draw call on a phone. */
export const MAX_PIECES = 6
/** Longest text card, in code points. */
export const MAX_TEXT_PIECE_CHARS = 280
/** Latest entry of a piece (s). */
export const MAX_PIECE_DELAY_S = 10
/** Default stagger between pieces that give no `delay` (s). */
export const PIECE_STAGGER_S = 0.2

/** A button over the content: opens an http(s) page in a new tab, or replays the content. */
export type ContentAction = { kind: 'link'; label: string; url: string } | { kind: 'replay'; label: string }

export type MetaErrorCode =
  | 'empty'
  | 'too-large'
  | 'not-base64'
  | 'not-utf8'
  | 'not-json'
  | 'not-object'
  | 'missing-url'
  | 'bad-url'
  | 'unsafe-url'
  | 'bad-type'
  | 'bad-field'

export interface MetaError {
  code: MetaErrorCode
  /** Human readable; names the offending field/value (the caller adds the target name). */
  message: string
}

export type MetaResult = { ok: true; value: ContentDescription } | { ok: false; error: MetaError }

export interface DecodeMetaOptions {
  /** Absolute URL that relative content URLs resolve against (the app base URL). */
  baseUrl: string
  /** The visitor's languages, best first (`navigator.languages`), for per-language text. @default [] (English, else the first given) */
  languages?: readonly string[]
}

/** Longest title kept, in code points. */
export const MAX_TITLE_CHARS = 120
/** Longest caption kept, in code points. */
export const MAX_CAPTION_CHARS = 280
/** Most calls to action: more would cover the content on a phone. */
export const MAX_ACTIONS = 4
/** Longest action label, in code points: a button, not a sentence. */
export const MAX_ACTION_LABEL_CHARS = 40
/** Largest accepted `scale` multiplier (and smallest positive one): guards against typos like 1000. */
export const MAX_SCALE = 100
export const MIN_SCALE = 0.001
/** Largest |offset| in metres: content further away than this is never visible. */
export const MAX_OFFSET_M = 50
/** CRS stores at most 2 MB of meta (docs/crs-protocol.md §3). */
export const MAX_META_CHARS = MAX_IMAGE_BYTES * 2

const MODEL_EXTENSIONS = ['.glb', '.gltf']
const VIDEO_EXTENSIONS = ['.mp4', '.webm', '.m4v', '.mov', '.ogv']
const MAX_ANIMATION_NAME_CHARS = 200
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g

const fail = (code: MetaErrorCode, message: string): MetaResult => ({ ok: false, error: { code, message } })

/** Decodes and validates a target's `meta`. Never throws. */
export function decodeMeta(meta: string | null | undefined, options: DecodeMetaOptions): MetaResult {
  if (meta === undefined || meta === null || meta.trim() === '') return fail('empty', 'meta is empty')
  if (meta.length > MAX_META_CHARS) return fail('too-large', `meta is larger than ${MAX_META_CHARS} characters`)
  const raw = meta.trim()
  if (/^https?:\/\//i.test(raw)) return describe({ url: raw }, options)

  const bytes = base64ToBytes(raw)
  if (!bytes) return fail('not-base64', 'meta is not base64')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return fail('not-utf8', 'meta is base64 but its bytes are not UTF-8 text')
  }
  const trimmed = text.trim()
  if (/^https?:\/\/\S+$/i.test(trimmed)) return describe({ url: trimmed }, options)
  let parsed: unknown
  try {
    parsed = JSON.parse(trimmed)
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : ''
    return fail('not-json', `meta is not JSON${detail}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail('not-object', `meta JSON must be an object, got ${Array.isArray(parsed) ? 'an array' : typeName(parsed)}`)
  }
  return describe(parsed as Record<string, unknown>, options)
}

/** UTF-8 safe base64 of `JSON.stringify(obj)` (strings are encoded as-is): for tools and tests. */
export function encodeMeta(obj: unknown): string {
  return utf8ToBase64(typeof obj === 'string' ? obj : JSON.stringify(obj))
}

function describe(obj: Record<string, unknown>, options: DecodeMetaOptions): MetaResult {
  if (obj.items !== undefined) return describeItems(obj, options)
  // 1. type + url
  const declared = obj.type
  if (declared !== undefined && declared !== 'model' && declared !== 'video') {
    return fail('bad-type', `"type" must be "model" or "video", got ${show(declared)}`)
  }
  let rawUrl: unknown
  let urlField: string
  let type: ContentType | undefined = declared
  if (obj.url !== undefined) {
    rawUrl = obj.url
    urlField = 'url'
  } else if (obj.modelUrl !== undefined && obj.videoUrl !== undefined && declared === undefined) {
    return fail('bad-type', 'meta has both "modelUrl" and "videoUrl" and no "type" to choose between them')
  } else if (obj.modelUrl !== undefined && declared !== 'video') {
    rawUrl = obj.modelUrl
    urlField = 'modelUrl'
    type ??= 'model'
  } else if (obj.videoUrl !== undefined) {
    rawUrl = obj.videoUrl
    urlField = 'videoUrl'
    type ??= 'video'
  } else {
    return fail('missing-url', 'meta has no "url" (nor "modelUrl"/"videoUrl")')
  }
  if (typeof rawUrl !== 'string' || rawUrl.trim() === '') {
    return fail('missing-url', `"${urlField}" must be a non-empty string, got ${show(rawUrl)}`)
  }
  const url = resolveUrl(rawUrl, urlField, options)
  if (!url.ok) return url
  if (type === undefined) {
    type = typeFromExtension(url.value)
    if (type === undefined) {
      return fail(
        'bad-type',
        `"type" is missing and cannot be inferred from "${urlField}" (expected ${[...MODEL_EXTENSIONS, ...VIDEO_EXTENSIONS].join(', ')})`,
      )
    }
  }

  // 2. optional fields
  const scale = obj.scale ?? 1
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < MIN_SCALE || scale > MAX_SCALE) {
    return fail('bad-field', `"scale" must be a number between ${MIN_SCALE} and ${MAX_SCALE}, got ${show(obj.scale)}`)
  }
  const position = vector3(obj.position, 'position', MAX_OFFSET_M)
  if (!position.ok) return position
  const rotation = vector3(obj.rotation, 'rotation', 360 * 4)
  if (!rotation.ok) return rotation
  const flags: Record<'loop' | 'autoplay' | 'muted', boolean> = { loop: true, autoplay: true, muted: true }
  for (const key of ['loop', 'autoplay', 'muted'] as const) {
    const value = obj[key]
    if (value === undefined) continue
    if (typeof value !== 'boolean') return fail('bad-field', `"${key}" must be true or false, got ${show(value)}`)
    flags[key] = value
  }
  const anchor = readAnchor(obj.anchor)
  if (!anchor.ok) return anchor
  const value: ContentDescription = {
    type,
    url: url.value,
    scale,
    position: position.value,
    rotation: rotation.value,
    ...flags,
    anchor: anchor.value,
  }
  if (obj.animation !== undefined) {
    if (typeof obj.animation !== 'string' || obj.animation.length > MAX_ANIMATION_NAME_CHARS) {
      return fail('bad-field', `"animation" must be a clip name (string ≤ ${MAX_ANIMATION_NAME_CHARS} chars), got ${show(obj.animation)}`)
    }
    value.animation = obj.animation
  }
  for (const [key, max] of [
    ['title', MAX_TITLE_CHARS],
    ['caption', MAX_CAPTION_CHARS],
  ] as const) {
    if (obj[key] === undefined) continue
    const text = localText(obj[key], key, options.languages, () => true)
    if (!text.ok) return text
    const kept = plainText(text.value, max)
    if (kept !== '') value[key] = kept
  }
  if (obj.actions !== undefined) {
    const actions = readActions(obj.actions, options)
    if (!actions.ok) return actions
    if (actions.value.length > 0) value.actions = actions.value
  }
  if (obj.link !== undefined) {
    if (typeof obj.link !== 'string' || obj.link.trim() === '') {
      return fail('bad-field', `"link" must be an http(s) URL string, got ${show(obj.link)}`)
    }
    const link = resolveUrl(obj.link, 'link', options)
    if (!link.ok) return link
    value.link = link.value
  }
  if (obj.alpha !== undefined) {
    const alpha = readAlpha(obj.alpha)
    if (!alpha.ok) return alpha
    if (type !== 'video') return fail('bad-field', '"alpha" is for videos only (this meta shows a model)')
    value.alpha = alpha.value
  }
  if (obj.audio !== undefined) {
    if (typeof obj.audio !== 'string' || obj.audio.trim() === '')
      return fail('bad-field', `"audio" must be a URL string, got ${show(obj.audio)}`)
    const audio = resolveUrl(obj.audio, 'audio', options)
    if (!audio.ok) return audio
    if (type !== 'model') return fail('bad-field', '"audio" is for models only (a video plays its own sound track)')
    value.audio = audio.value
  }
  if (obj.usdzUrl !== undefined) {
    if (typeof obj.usdzUrl !== 'string' || obj.usdzUrl.trim() === '') {
      return fail('bad-field', `"usdzUrl" must be a URL string, got ${show(obj.usdzUrl)}`)
    }
    const usdz = resolveUrl(obj.usdzUrl, 'usdzUrl', options)
    if (!usdz.ok) return usdz
    value.usdzUrl = usdz.value
  }
  return { ok: true, value }
}

type Checked<T> = { ok: true; value: T } | { ok: false; error: MetaError }

function readAnchor(raw: unknown): Checked<ContentAnchor> {
  if (raw === undefined) return { ok: true, value: 'print' }
  if (raw === 'print' || raw === 'screen') return { ok: true, value: raw }
  return { ok: false, error: { code: 'bad-field', message: `"anchor" must be "print" or "screen", got ${show(raw)}` } }
}

/** Keys a piece may carry (the target-level ones — title, caption, link, actions — stay outside). */
const PIECE_KEYS: Record<'model' | 'video' | 'text', readonly string[]> = {
  model: ['type', 'url', 'scale', 'position', 'rotation', 'animation', 'loop', 'autoplay', 'audio', 'delay'],
  video: ['type', 'url', 'scale', 'position', 'rotation', 'loop', 'autoplay', 'muted', 'alpha', 'delay'],
  text: ['type', 'text', 'scale', 'position', 'rotation', 'delay'],
}

/** `{"items": [...], "title"?, "caption"?, "link"?, "actions"?}`: several pieces for one target. */
function describeItems(obj: Record<string, unknown>, options: DecodeMetaOptions): MetaResult {
  const clash = ['url', 'modelUrl', 'videoUrl', 'type'].find((key) => obj[key] !== undefined)
  if (clash) return fail('bad-field', `"items" replaces "${clash}": put each piece's type and url in its item`)
  const input = obj.items
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_PIECES) {
    return fail('bad-field', `"items" must be a list of 1–${MAX_PIECES} pieces, got ${show(input)}`)
  }
  const pieces: Piece[] = []
  for (const [index, item] of input.entries()) {
    const field = `items[${index}]`
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return fail('bad-field', `"${field}" must be an object, got ${show(item)}`)
    const entry = item as Record<string, unknown>
    const kind = entry.type
    if (kind !== 'model' && kind !== 'video' && kind !== 'text')
      return fail('bad-type', `"${field}.type" must be "model", "video" or "text", got ${show(kind)}`)
    const unknown = Object.keys(entry).find((key) => !PIECE_KEYS[kind].includes(key))
    if (unknown !== undefined)
      return fail('bad-field', `"${field}" has the key "${unknown}", which a ${kind} piece does not take (${PIECE_KEYS[kind].join(', ')})`)
    const delay = entry.delay ?? index * PIECE_STAGGER_S
    if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0 || delay > MAX_PIECE_DELAY_S) {
      return fail('bad-field', `"${field}.delay" must be seconds from 0 to ${MAX_PIECE_DELAY_S}, got ${show(entry.delay)}`)
    }
    if (kind === 'text') {
      const text = localText(entry.text, `${field}.text`, options.languages, (t) => t.trim() !== '')
      if (!text.ok) return text
      const scale = entry.scale ?? 1
      if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < MIN_SCALE || scale > MAX_SCALE) {
        return fail('bad-field', `"${field}.scale" must be a number between ${MIN_SCALE} and ${MAX_SCALE}, got ${show(entry.scale)}`)
      }
      const position = vector3(entry.position, `${field}.position`, MAX_OFFSET_M)
      if (!position.ok) return position
      const rotation = vector3(entry.rotation, `${field}.rotation`, 360 * 4)
      if (!rotation.ok) return rotation
      pieces.push({
        type: 'text',
        text: plainText(text.value, MAX_TEXT_PIECE_CHARS),
        scale,
        position: position.value,
        rotation: rotation.value,
        delay,
      })
      continue
    }
    const { delay: _delay, ...media } = entry
    const piece = describe(media, options)
    if (!piece.ok) return { ok: false, error: { ...piece.error, message: `${field}: ${piece.error.message}` } }
    pieces.push({ ...piece.value, delay })
  }
  // The target-level fields (title, caption, link, actions) are read as for one piece.
  const first = pieces.find((p): p is ContentDescription & { delay: number } => p.type !== 'text')
  const shell = describe({ ...obj, items: undefined, type: first?.type ?? 'model', url: first?.url ?? options.baseUrl }, options)
  if (!shell.ok) return shell
  return { ok: true, value: { ...shell.value, items: pieces } }
}

const badField = (message: string): { ok: false; error: MetaError } => ({ ok: false, error: { code: 'bad-field', message } })

/** A BCP 47 tag as meta keys write it: a lower-case language, then subtags (`en`, `pt-BR`, `zh-Hant`). */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/

/**
 * A plain string, or one text per language: the visitor's (by exact tag, then by language), else
 * English, else the first given. `valid` is the rule every string must meet (all languages, not
 * only the one picked: a bad translation is found by the author, not by one visitor).
 */
function localText(raw: unknown, field: string, languages: readonly string[] = [], valid: (text: string) => boolean): Checked<string> {
  const wrong = badField(`"${field}" must be text, or text per language like {"en": "…", "ja": "…"}, got ${show(raw)}`)
  if (typeof raw === 'string') return valid(raw) ? { ok: true, value: raw } : wrong
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return wrong
  const entries = Object.entries(raw as Record<string, unknown>)
  if (entries.length === 0) return badField(`"${field}" gives no language (an empty object)`)
  for (const [tag, text] of entries) {
    if (!LANGUAGE_TAG.test(tag)) return badField(`"${field}" has the key ${show(tag)}, which is not a language tag like "en" or "pt-BR"`)
    if (typeof text !== 'string' || !valid(text)) return badField(`"${field}.${tag}" must be text, got ${show(text)}`)
  }
  const texts = entries as [string, string][]
  const language = (tag: string) => tag.toLowerCase().split(/[-_]/)[0]
  const find = (match: (tag: string) => boolean) => texts.find(([tag]) => match(tag))?.[1]
  for (const wanted of languages) {
    const exact = find((tag) => tag.toLowerCase() === wanted.toLowerCase().replace(/_/g, '-'))
    if (exact !== undefined) return { ok: true, value: exact }
    const same = find((tag) => language(tag) === language(wanted))
    if (same !== undefined) return { ok: true, value: same }
  }
  return { ok: true, value: find((tag) => language(tag) === 'en') ?? texts[0]![1] }
}

/** Control characters become spaces, then trimmed and cut to `max` code points. */
function plainText(text: string, max: number): string {
  return Array.from(text.replace(CONTROL_CHARS, ' ').trim()).slice(0, max).join('')
}

function readAlpha(input: unknown): Checked<AlphaMode> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return badField(`"alpha" must be {"mode": "packed", …} or {"mode": "chroma", …}, got ${show(input)}`)
  }
  const alpha = input as Record<string, unknown>
  const allowed =
    alpha.mode === 'packed' ? ['mode', 'layout'] : alpha.mode === 'chroma' ? ['mode', 'color', 'similarity', 'smoothness', 'spill'] : null
  if (!allowed) return badField(`"alpha.mode" must be "packed" or "chroma", got ${show(alpha.mode)}`)
  const unknown = Object.keys(alpha).find((key) => !allowed.includes(key))
  if (unknown !== undefined)
    return badField(`"alpha" has an unknown key "${unknown}" for mode "${String(alpha.mode)}" (${allowed.join(', ')})`)
  if (alpha.mode === 'packed') {
    const layout = alpha.layout ?? 'side-by-side'
    if (layout !== 'side-by-side' && layout !== 'stacked')
      return badField(`"alpha.layout" must be "side-by-side" or "stacked", got ${show(alpha.layout)}`)
    return { ok: true, value: { mode: 'packed', layout } }
  }
  const color = alpha.color ?? CHROMA_DEFAULTS.color
  if (typeof color !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(color))
    return badField(`"alpha.color" must be a colour like "#00ff00", got ${show(alpha.color)}`)
  const { similarity, smoothness, spill } = CHROMA_DEFAULTS
  const numbers: Record<'similarity' | 'smoothness' | 'spill', number> = { similarity, smoothness, spill }
  for (const key of ['similarity', 'smoothness', 'spill'] as const) {
    const v = alpha[key]
    if (v === undefined) continue
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)
      return badField(`"alpha.${key}" must be a number from 0 to 1, got ${show(v)}`)
    numbers[key] = v
  }
  const rgb = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16) / 255) as [number, number, number]
  return { ok: true, value: { mode: 'chroma', color: rgb, ...numbers } }
}

function readActions(input: unknown, options: DecodeMetaOptions): Checked<ContentAction[]> {
  if (!Array.isArray(input) || input.length > MAX_ACTIONS) {
    return badField(`"actions" must be a list of at most ${MAX_ACTIONS} buttons, got ${show(input)}`)
  }
  const actions: ContentAction[] = []
  for (const [index, item] of input.entries()) {
    const field = `actions[${index}]`
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return badField(`"${field}" must be an object, got ${show(item)}`)
    const entry = item as Record<string, unknown>
    const unknown = Object.keys(entry).find((key) => key !== 'label' && key !== 'url' && key !== 'action')
    if (unknown !== undefined) return badField(`"${field}" has an unknown key "${unknown}" (label, url or action)`)
    const label = localText(
      entry.label,
      `${field}.label`,
      options.languages,
      (t) => t.trim() !== '' && Array.from(t).length <= MAX_ACTION_LABEL_CHARS,
    )
    if (!label.ok)
      return badField(
        `"${field}.label" must be text of 1–${MAX_ACTION_LABEL_CHARS} characters (or such text per language), got ${show(entry.label)}`,
      )
    const text = plainText(label.value, MAX_ACTION_LABEL_CHARS)
    if ((entry.url === undefined) === (entry.action === undefined)) {
      return badField(`"${field}" needs either "url" or "action": "replay", not ${entry.url === undefined ? 'neither' : 'both'}`)
    }
    if (entry.action !== undefined) {
      if (entry.action !== 'replay') return badField(`"${field}.action" must be "replay", got ${show(entry.action)}`)
      actions.push({ kind: 'replay', label: text })
      continue
    }
    if (typeof entry.url !== 'string' || entry.url.trim() === '')
      return badField(`"${field}.url" must be an http(s) URL string, got ${show(entry.url)}`)
    const url = resolveUrl(entry.url, `${field}.url`, options)
    if (!url.ok) return url
    actions.push({ kind: 'link', label: text, url: url.value })
  }
  return { ok: true, value: actions }
}

function vector3(input: unknown, field: string, limit: number): Checked<[number, number, number]> {
  if (input === undefined) return { ok: true, value: [0, 0, 0] }
  if (
    !Array.isArray(input) ||
    input.length !== 3 ||
    !input.every((v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= limit)
  ) {
    return {
      ok: false,
      error: { code: 'bad-field', message: `"${field}" must be [x, y, z] with numbers within ±${limit}, got ${show(input)}` },
    }
  }
  return { ok: true, value: [input[0], input[1], input[2]] as [number, number, number] }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

function resolveUrl(raw: string, field: string, { baseUrl }: DecodeMetaOptions): Checked<string> {
  const text = raw.trim()
  let url: URL
  let base: URL
  try {
    base = new URL(baseUrl)
  } catch {
    return { ok: false, error: { code: 'bad-url', message: `app base URL ${show(baseUrl)} is not absolute` } }
  }
  try {
    url = new URL(text, base)
  } catch {
    return { ok: false, error: { code: 'bad-url', message: `"${field}" is not a valid URL: ${show(text)}` } }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: { code: 'unsafe-url', message: `"${field}" uses the refused scheme "${url.protocol}" (only http/https)` } }
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, error: { code: 'unsafe-url', message: `"${field}" must not contain credentials` } }
  }
  if (base.protocol === 'https:' && url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return {
      ok: false,
      error: { code: 'unsafe-url', message: `"${field}" is http:// but the app runs on https:// (mixed content is blocked)` },
    }
  }
  return { ok: true, value: url.href }
}

function typeFromExtension(href: string): ContentType | undefined {
  const path = new URL(href).pathname.toLowerCase()
  if (MODEL_EXTENSIONS.some((ext) => path.endsWith(ext))) return 'model'
  if (VIDEO_EXTENSIONS.some((ext) => path.endsWith(ext))) return 'video'
  return undefined
}

function typeName(value: unknown): string {
  return value === null ? 'null' : typeof value
}

/** Short, safe rendering of a bad value for messages. */
function show(value: unknown): string {
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
