/**
 * @module
 * fast-check arbitraries for hostile requests over every CRS route: malformed JSON, wrong types,
 * huge strings, deep nesting, bad base64, truncated/corrupt images and decompression bombs,
 * unicode, SQL-looking and path-traversal strings, duplicate and missing headers, and signatures
 * with skewed clocks.
 *
 * A request is a plain description (printable, shrinkable); `materialize` turns it into bytes at
 * send time, so multi-megabyte strings are never held by the generator or printed in a failure.
 */
import fc from 'fast-check'
import { signParams } from '../../../server/src/auth/signature.ts'
import { MAX_IMAGE_BYTES } from '../../../src/protocol/statusCodes.ts'
import { type ImagePool, type ImageRecipe, imageBytes, imageRecipe } from './images.ts'

/** Stands in for the id of the target most recently created by the run (unknown at generation). */
export const CREATED = '{created}'

export interface HostileContext {
  token: string
  appId: string
  apiKey: string
  apiSecret: string
  /** Targets the run may read but never write: the final "still recognizes" check needs them. */
  readIds: readonly string[]
  /** The one stored target PUT may rewrite. */
  victimId: string
  images: ImagePool
}

/** A long string, built only when sent, printed by its size. */
export class Big {
  constructor(
    readonly unit: string,
    readonly count: number,
  ) {}

  toJSON(): string {
    return this.unit.repeat(this.count)
  }

  [fc.toStringMethod](): string {
    return `Big(${JSON.stringify(this.unit)}×${this.count})`
  }
}

/** Arrays nested `depth` deep, built iteratively. */
export class Deep {
  constructor(readonly depth: number) {}

  toJSON(): unknown {
    let value: unknown[] = []
    for (let i = 1; i < this.depth; i++) value = [value]
    return value
  }

  [fc.toStringMethod](): string {
    return `Deep(${this.depth})`
  }
}

type Encoding = 'base64' | 'dataUrl' | 'wrapped' | 'base64url' | 'spaces' | 'junk' | 'padding' | 'unicode'

/** An image field as the client would put it in JSON: base64 in one of its tolerated or broken forms. */
export class ImageField {
  constructor(
    readonly recipe: ImageRecipe,
    readonly encoding: Encoding,
    readonly pool: ImagePool,
  ) {}

  bytes(): Buffer {
    return imageBytes(this.recipe, this.pool)
  }

  toJSON(): string {
    const bytes = this.bytes()
    const b64 = bytes.toString('base64')
    switch (this.encoding) {
      case 'base64':
        return b64
      case 'dataUrl':
        return `data:image/png;base64,${b64}`
      case 'wrapped':
        return b64.replace(/.{76}/g, '$&\r\n')
      case 'base64url':
        return bytes.toString('base64url')
      case 'spaces':
        return ` ${b64.replace(/.{10}/g, '$& ')} `
      case 'junk':
        return `${b64.slice(0, b64.length >> 1)}*!${b64.slice(b64.length >> 1)}`
      case 'padding':
        return `${b64}====`
      case 'unicode':
        return `${b64}é😀`
    }
  }

  [fc.toStringMethod](): string {
    return `Image(${JSON.stringify(this.recipe)}, ${this.encoding})`
  }
}

export type Damage = { kind: 'none' } | { kind: 'cut'; keep: number } | { kind: 'bom' } | { kind: 'trail'; text: string }

export interface MultipartPart {
  name: string
  filename?: string
  type?: string
  content: ImageField | string
}

export type Payload =
  | { kind: 'json'; entries: Array<[string, unknown]>; damage: Damage }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'deep'; depth: number; open: '[' | '{"image":' }
  | { kind: 'multipart'; boundary: string; parts: MultipartPart[]; framing: 'ok' | 'noClose' | 'cut' | 'bare' }

export interface HostileRequest {
  /** Label for the figures: which route family this request attacks. */
  route: string
  method: string
  /** Path, possibly holding CREATED; already percent-encoded where the generator chose to. */
  path: string
  query: Array<[string, string]>
  headers: Array<[string, string]>
  /** Signature auth (params added at send time, with the clock skewed by `skewMs`). */
  sign?: { skewMs: number; omitImage: boolean }
  payload?: Payload
}

export interface Materialized {
  method: string
  /** Request-target: path and query, safe for a request line (no spaces or control bytes). */
  target: string
  headers: Array<[string, string]>
  body?: Buffer
}

// ---------------------------------------------------------------------------------------------
// Scalars

const MB = 1024 * 1024

export const SQL_STRINGS = [
  "' OR '1'='1",
  "'); DROP TABLE targets;--",
  "Robert'); DROP TABLE target_data; --",
  '" OR ""="',
  '1; DELETE FROM targets',
  "%' UNION SELECT sql, 1, 1 FROM sqlite_master --",
  "' || (SELECT group_concat(name) FROM sqlite_master) || '",
  'NULL',
  "\\'; PRAGMA writable_schema=1; --",
] as const

export const TRAVERSAL_STRINGS = [
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%252e%252e%252fetc%252fpasswd',
  '....//....//etc/passwd',
  '/etc/passwd',
  'file:///etc/passwd',
  '..%c0%af..%c0%afetc/passwd',
  'a/../../b',
  '%00',
  '.',
  '..',
] as const

const NUMBERISH = [
  '0',
  '-1',
  '1',
  '1e21',
  '1e400',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  '1.5',
  ' 7 ',
  '99999999999999999999',
  '9007199254740993',
  '',
  '١٢٣',
  '1_000',
  '100',
  '101',
] as const

const sql = fc.constantFrom(...SQL_STRINGS)
const traversal = fc.constantFrom(...TRAVERSAL_STRINGS)
const numberish = fc.constantFrom(...NUMBERISH)
const unicode = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 70 }), fc.string({ unit: 'binary', maxLength: 40 }))
const big = fc
  .tuple(fc.constantFrom('A', 'é', '😀', '\u0000', '"', '\\'), fc.constantFrom(64, 65, 1000, 70_000, MB + 1, 2 * MB + 1, 3 * MB + 16))
  .map(([unit, count]) => new Big(unit, unit.length === 2 ? Math.ceil(count / 2) : count))

const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: unicode },
  { weight: 2, arbitrary: sql },
  { weight: 2, arbitrary: traversal },
  { weight: 2, arbitrary: numberish },
  { weight: 1, arbitrary: big },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
)

/** Any JSON-able value, with structure (arrays, objects, deep nesting) as well as scalars. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: hostileScalar },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 3000 }).map((depth) => new Deep(depth)) },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 4 }) },
)

const hostileKey = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      '',
      'image',
      'name',
      'meta',
      'signature',
      'timestamp',
      'apiKey',
      'appId',
      'targetId',
      'trackingImage',
      'a'.repeat(300),
    ),
  },
  { weight: 1, arbitrary: unicode },
)

/** A header value Node and fetch both accept: latin1, no CR/LF/NUL. */
const headerValue = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((c) => c !== 0x7f)
    .map((c) => String.fromCharCode(c)),
  maxLength: 60,
})

// ---------------------------------------------------------------------------------------------
// Fields

const encoding = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Encoding>('base64') },
  { weight: 1, arbitrary: fc.constantFrom<Encoding>('dataUrl', 'wrapped', 'base64url', 'spaces', 'junk', 'padding', 'unicode') },
)

function imageField(ctx: HostileContext): fc.Arbitrary<ImageField> {
  return fc.tuple(imageRecipe, encoding).map(([recipe, enc]) => new ImageField(recipe, enc, ctx.images))
}

const orHostile = <T>(usual: fc.Arbitrary<T>, usualWeight = 6): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: usualWeight, arbitrary: usual }, { weight: 1, arbitrary: hostileValue })

const extras = fc.array(fc.tuple(hostileKey, hostileValue), { maxLength: 3 })

function entriesOf(record: Record<string, unknown>, more: Array<[string, unknown]>): Array<[string, unknown]> {
  return [...Object.entries(record), ...more]
}

function searchFields(ctx: HostileContext): fc.Arbitrary<Array<[string, unknown]>> {
  const fields = fc.record(
    {
      image: orHostile(imageField(ctx), 10),
      appId: orHostile(fc.constant(ctx.appId)),
      notracking: orHostile(fc.constantFrom<unknown>(true, false, 'true', 'false')),
    },
    { requiredKeys: [] },
  )
  return fc.tuple(fields, extras).map(([record, more]) => entriesOf(record, more))
}

function imageOnlyFields(ctx: HostileContext): fc.Arbitrary<Array<[string, unknown]>> {
  const fields = fc.record({ image: orHostile(imageField(ctx), 10), appId: orHostile(fc.constant(ctx.appId)) }, { requiredKeys: [] })
  return fc.tuple(fields, extras).map(([record, more]) => entriesOf(record, more))
}

const name = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }) },
  { weight: 2, arbitrary: sql },
  { weight: 2, arbitrary: traversal },
  { weight: 1, arbitrary: big },
)
const meta = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64')) },
  { weight: 2, arbitrary: sql },
  { weight: 1, arbitrary: traversal },
  // Over the 2 MB meta cap in ASCII, and in UTF-8 bytes while under it in characters.
  { weight: 1, arbitrary: fc.constantFrom(new Big('A', MAX_IMAGE_BYTES + 1), new Big('é', MAX_IMAGE_BYTES / 2 + 1)) },
)
const flagValue = fc.constantFrom<unknown>('1', '0', 1, 0, true, false, 'yes', '')

function targetFields(ctx: HostileContext, partial: boolean): fc.Arbitrary<Array<[string, unknown]>> {
  const model = {
    image: orHostile(imageField(ctx), 10),
    name: orHostile(name),
    meta: orHostile(meta),
    size: orHostile(fc.constantFrom('20', '12.5', '0', '-1', '1e3', '.5', 'Infinity', ' 20', '9'.repeat(400))),
    type: orHostile(fc.constantFrom('ImageTarget', 'CloudTarget')),
    active: orHostile(flagValue),
    allowSimilar: orHostile(flagValue),
  }
  // A create mostly carries image + name, so most requests get past the 414s into the engine.
  const complete = fc.record(model, { requiredKeys: partial ? [] : ['image', 'name'] })
  const sparse = fc.record(model, { requiredKeys: [] })
  return fc
    .tuple(fc.oneof({ weight: 3, arbitrary: complete }, { weight: 1, arbitrary: sparse }), extras)
    .map(([record, more]) => entriesOf(record, more))
}

// ---------------------------------------------------------------------------------------------
// Payloads and headers

const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('cut' as const), keep: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'bom' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('trail' as const), text: fc.constantFrom(',', '}', ' garbage', '\u0000', '{"image":1}') }),
  },
)

const malformedPayload: fc.Arbitrary<Payload> = fc.oneof(
  fc.record({
    kind: fc.constant('text' as const),
    text: fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom(
        '',
        'null',
        '[]',
        '1',
        '"s"',
        'NaN',
        '{image: 1}',
        "{'image': 'x'}",
        '{"image": "x",}',
        '{"image" "x"}',
        '/* */ {}',
        '{"a":1}{"b":2}',
      ),
    ),
  }),
  fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 200 }) }),
  fc.record({
    kind: fc.constant('deep' as const),
    depth: fc.integer({ min: 100, max: 200_000 }),
    open: fc.constantFrom('[' as const, '{"image":' as const),
  }),
)

function jsonPayload(fields: fc.Arbitrary<Array<[string, unknown]>>): fc.Arbitrary<Payload> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('json' as const), entries: fields, damage }) },
    { weight: 1, arbitrary: malformedPayload },
  )
}

function multipartPayload(ctx: HostileContext): fc.Arbitrary<Payload> {
  const part = fc.record(
    {
      name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('image', 'appId', 'notracking') }, { weight: 1, arbitrary: hostileKey }),
      filename: fc.oneof(fc.constantFrom('photo.jpg', 'a.png', '../../etc/passwd', ''), unicode),
      type: fc.constantFrom('image/jpeg', 'image/png', 'text/plain', 'application/octet-stream'),
      content: fc.oneof(
        { weight: 3, arbitrary: imageField(ctx) },
        { weight: 1, arbitrary: fc.oneof(unicode, sql, numberish, fc.constant(ctx.appId), fc.constant('true')) },
      ),
    },
    { requiredKeys: ['name', 'content'] },
  )
  return fc.record({
    kind: fc.constant('multipart' as const),
    boundary: fc.oneof(fc.constantFrom('----crs-boundary', 'x', 'a'.repeat(70)), fc.stringMatching(/^[0-9A-Za-z'()+_,-./:=?]{1,70}$/)),
    parts: fc.array(part, { maxLength: 4 }),
    framing: fc.oneof(
      { weight: 6, arbitrary: fc.constant('ok' as const) },
      { weight: 1, arbitrary: fc.constantFrom('noClose' as const, 'cut' as const, 'bare' as const) },
    ),
  })
}

const forgedLocalToken = fc
  .tuple(fc.jsonValue({ maxDepth: 1 }), fc.string({ maxLength: 43 }))
  .map(([payload, mac]) => `crs1.${Buffer.from(JSON.stringify(payload) ?? '').toString('base64url')}.${mac}`)

function authHeaders(ctx: HostileContext): fc.Arbitrary<Array<[string, string]>> {
  return fc.oneof(
    { weight: 30, arbitrary: fc.constant<Array<[string, string]>>([['Authorization', ctx.token]]) },
    { weight: 2, arbitrary: fc.constant<Array<[string, string]>>([]) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Array<[string, string]>>(
        [['Authorization', '']],
        [['Authorization', `Bearer ${ctx.token}`]],
        [['Authorization', `bearer   ${ctx.token}`]],
      ),
    },
    { weight: 2, arbitrary: headerValue.map((v): Array<[string, string]> => [['Authorization', v]]) },
    // Duplicated: the same token twice, or the token then junk.
    {
      weight: 2,
      arbitrary: fc.constant<Array<[string, string]>>([
        ['Authorization', ctx.token],
        ['Authorization', ctx.token],
      ]),
    },
    {
      weight: 1,
      arbitrary: headerValue.map(
        (v): Array<[string, string]> => [
          ['Authorization', ctx.token],
          ['Authorization', v],
        ],
      ),
    },
    { weight: 2, arbitrary: forgedLocalToken.map((v): Array<[string, string]> => [['Authorization', v]]) },
    { weight: 1, arbitrary: fc.constantFrom(2000, 7000).map((n): Array<[string, string]> => [['Authorization', 'x'.repeat(n)]]) },
  )
}

function contentType(usual: string): fc.Arbitrary<Array<[string, string]>> {
  return fc.oneof(
    { weight: 30, arbitrary: fc.constant<Array<[string, string]>>([['Content-Type', usual]]) },
    { weight: 2, arbitrary: fc.constant<Array<[string, string]>>([]) },
    {
      weight: 4,
      arbitrary: fc.constantFrom<Array<[string, string]>>(
        [['Content-Type', 'text/plain']],
        [['Content-Type', 'application/json; charset=utf-16']],
        [['Content-Type', 'APPLICATION/JSON']],
        [
          ['Content-Type', 'application/json'],
          ['Content-Type', 'text/plain'],
        ],
        [['Content-Type', 'multipart/form-data; boundary=x']],
        [['Content-Type', 'multipart/form-data']],
        [['Content-Type', 'application/x-www-form-urlencoded']],
      ),
    },
    { weight: 1, arbitrary: headerValue.map((v): Array<[string, string]> => [['Content-Type', v]]) },
  )
}

const noise = fc.array(
  fc.tuple(
    fc.constantFrom(
      'Origin',
      'X-Forwarded-For',
      'Accept',
      'Accept-Encoding',
      'Cookie',
      'Content-Encoding',
      'Range',
      'If-None-Match',
      'X-Requested-With',
    ),
    headerValue,
  ),
  { maxLength: 3 },
)

/** One request in eight uses signature auth, a third of those with a clock outside ±5 min. */
const signing = fc.oneof(
  { weight: 7, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.record({ skewMs: fc.constantFrom(0, 60_000, -240_000, 299_000, 301_000, -360_000), omitImage: fc.boolean() }),
  },
)

// ---------------------------------------------------------------------------------------------
// Routes

/** A path segment as a client might send it: encoded, or raw (only what a request line cannot carry is escaped). */
const segment = (value: fc.Arbitrary<string>) =>
  fc.tuple(value, fc.boolean()).map(([text, encode]) => (encode ? encodeURIComponent(text) : text))

function targetId(ids: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: ids },
    {
      weight: 3,
      arbitrary: segment(fc.oneof(unicode, sql, traversal, fc.constantFrom('', '%', '%00', '%zz', '..', '.', 'a'.repeat(5000)), fc.uuid())),
    },
  )
}

const query = fc.array(
  fc.tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('pageNum', 'pageSize', 'appId', 'apiKey', 'timestamp', 'signature') },
      { weight: 1, arbitrary: hostileKey },
    ),
    fc.oneof(numberish, unicode, sql, traversal),
  ),
  { maxLength: 4 },
)

interface RouteShape {
  route: string
  methods: fc.Arbitrary<string>
  path: fc.Arbitrary<string>
  payload?: fc.Arbitrary<Payload | undefined>
  /** The Content-Type a well-behaved client would send. */
  contentType?: string
  query?: boolean
}

const ANY_METHOD = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const
/** The route's method, sometimes another one (405s, preflights, HEAD). */
const usually = (method: string, others: readonly string[] = ANY_METHOD) =>
  fc.oneof({ weight: 12, arbitrary: fc.constant(method) }, { weight: 1, arbitrary: fc.constantFrom(...others) })

function shapes(ctx: HostileContext): Array<{ weight: number; shape: RouteShape }> {
  const json = 'application/json;Charset=UTF-8'
  const anyPayload = fc.option(fc.oneof(malformedPayload, jsonPayload(searchFields(ctx))), { nil: undefined })
  return [
    {
      weight: 3,
      shape: {
        route: 'POST /search',
        methods: usually('POST'),
        path: fc.constant('/search'),
        payload: jsonPayload(searchFields(ctx)),
        contentType: json,
      },
    },
    {
      weight: 2,
      shape: {
        route: 'POST /v2/search',
        methods: usually('POST'),
        path: fc.constant('/v2/search'),
        payload: fc.oneof({ weight: 4, arbitrary: multipartPayload(ctx) }, { weight: 1, arbitrary: malformedPayload }),
      },
    },
    {
      weight: 1,
      shape: {
        route: 'POST /token',
        methods: fc.constantFrom('POST', 'GET', 'PUT', 'OPTIONS'),
        path: fc.constant('/token'),
        payload: anyPayload,
        contentType: json,
      },
    },
    {
      weight: 2,
      shape: {
        route: 'POST /targets',
        methods: usually('POST'),
        path: fc.constant('/targets'),
        payload: jsonPayload(targetFields(ctx, false)),
        contentType: json,
      },
    },
    { weight: 1, shape: { route: 'GET /targets/infos', methods: usually('GET'), path: fc.constant('/targets/infos'), query: true } },
    { weight: 1, shape: { route: 'GET /targets/count', methods: usually('GET'), path: fc.constant('/targets/count'), query: true } },
    {
      weight: 1,
      shape: {
        route: 'GET /target/:id',
        methods: usually('GET', ['POST', 'PATCH', 'OPTIONS', 'HEAD']),
        path: targetId(fc.constantFrom(...ctx.readIds, ctx.victimId, CREATED)).map((id) => `/target/${id}`),
        query: true,
      },
    },
    {
      weight: 2,
      shape: {
        route: 'PUT /target/:id',
        methods: usually('PUT', ['GET', 'POST', 'PATCH', 'OPTIONS', 'HEAD']),
        path: targetId(fc.constantFrom(ctx.victimId, CREATED)).map((id) => `/target/${id}`),
        payload: jsonPayload(targetFields(ctx, true)),
        contentType: json,
      },
    },
    {
      weight: 1,
      shape: {
        route: 'DELETE /target/:id',
        methods: usually('DELETE'),
        path: targetId(fc.constant(CREATED)).map((id) => `/target/${id}`),
        query: true,
      },
    },
    {
      weight: 1,
      shape: {
        route: 'POST /similar',
        methods: usually('POST'),
        path: fc.constant('/similar'),
        payload: jsonPayload(imageOnlyFields(ctx)),
        contentType: json,
      },
    },
    {
      weight: 1,
      shape: {
        route: 'POST /grade/detection',
        methods: usually('POST'),
        path: fc
          .oneof(
            { weight: 4, arbitrary: fc.constantFrom('detection', 'tracking', 'detail') },
            { weight: 1, arbitrary: segment(fc.oneof(unicode, traversal)) },
          )
          .map((kind) => `/grade/${kind}`),
        payload: jsonPayload(imageOnlyFields(ctx)),
        contentType: json,
      },
    },
    {
      weight: 1,
      shape: {
        route: 'stray',
        methods: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
        path: fc.oneof(
          fc.constantFrom(
            '/',
            '/search/',
            '/SEARCH',
            '/v2/search/x',
            '/targets/',
            '/targets/infos/',
            '/target',
            '/target/',
            '/grade',
            '/grade/',
            '/token/x',
            '//search',
            '/%2e%2e/search',
            '/search%00',
            '/search;x',
            '/ping/..',
            '/ping',
            '/targets/tea-box.png',
          ),
          fc.array(segment(fc.oneof(unicode, traversal, sql)), { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
        ),
        payload: anyPayload,
        contentType: json,
        query: true,
      },
    },
  ]
}

/** Every route family, weighted so that recognition routes get most of the requests. */
export function hostileRequest(ctx: HostileContext): fc.Arbitrary<HostileRequest> {
  return fc.oneof(
    ...shapes(ctx).map(({ weight, shape }) => ({
      weight,
      arbitrary: fc
        .record({
          method: shape.methods,
          path: shape.path,
          query: shape.query
            ? query
            : fc.oneof({ weight: 8, arbitrary: fc.constant<Array<[string, string]>>([]) }, { weight: 1, arbitrary: query }),
          auth: authHeaders(ctx),
          contentType: shape.contentType ? contentType(shape.contentType) : fc.constant([]),
          noise,
          sign: signing,
          payload: shape.payload ?? fc.constant(undefined),
        })
        .map(
          ({ method, path, query: q, auth, contentType: ct, noise: extra, sign, payload }): HostileRequest => ({
            route: shape.route,
            method,
            path,
            query: q,
            headers: [...(sign ? [] : auth), ...ct, ...extra],
            ...(sign ? { sign } : {}),
            ...(payload ? { payload } : {}),
          }),
        ),
    })),
  )
}

// ---------------------------------------------------------------------------------------------
// Sending

/** Escapes only what cannot appear in a request line (spaces, controls, non-ASCII, `#`). */
function requestLineSafe(text: string): string {
  return text.replace(/[^\x21-\x7e]|#/gu, (char) => {
    try {
      return encodeURIComponent(char)
    } catch {
      return '%EF%BF%BD' // a lone surrogate has no UTF-8: send U+FFFD as a client would
    }
  })
}

function jsonText(entries: ReadonlyArray<[string, unknown]>): string {
  // Written by hand so duplicate keys and `__proto__` reach the server as sent.
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`
}

type Signable = Record<string, string | number | boolean>

function signable(params: Record<string, unknown>, omit?: string): Signable {
  const out: Signable = {}
  for (const [key, value] of Object.entries(params)) {
    if (key === omit) continue
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value
  }
  return out
}

/** The auth params a signing client adds, computed over what the server will see. */
function signatureParams(
  ctx: HostileContext,
  seen: Record<string, unknown>,
  sign: NonNullable<HostileRequest['sign']>,
  now: number,
): Array<[string, string | number]> {
  const auth = { apiKey: ctx.apiKey, appId: ctx.appId, timestamp: now + sign.skewMs }
  const params = { ...seen, ...auth }
  const signature = signParams(signable(params, sign.omitImage ? 'image' : undefined), ctx.apiSecret)
  return [...Object.entries(auth), ['signature', signature]]
}

function parsedObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function formFields(payload: Extract<Payload, { kind: 'multipart' }>): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const part of payload.parts) {
    if (part.filename === undefined) fields[part.name] = typeof part.content === 'string' ? part.content : part.content.toJSON()
  }
  return fields
}

function multipartBody(payload: Extract<Payload, { kind: 'multipart' }>): Buffer {
  const { boundary, parts, framing } = payload
  const chunks: Buffer[] = []
  for (const part of parts) {
    const disposition = `form-data; name="${part.name.replace(/["\r\n]/g, '_')}"${part.filename === undefined ? '' : `; filename="${part.filename.replace(/["\r\n]/g, '_')}"`}`
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`
    const content =
      typeof part.content === 'string'
        ? Buffer.from(part.content)
        : part.filename === undefined
          ? Buffer.from(part.content.toJSON())
          : part.content.bytes()
    chunks.push(Buffer.from(head), content, Buffer.from('\r\n'))
  }
  if (framing !== 'noClose') chunks.push(Buffer.from(`--${boundary}--\r\n`))
  const body = Buffer.concat(chunks)
  if (framing === 'cut') return body.subarray(0, body.length >> 1)
  if (framing === 'bare') return Buffer.from(body.toString('latin1').replace(/\r\n/g, '\n'), 'latin1')
  return body
}

function bodyOf(
  payload: Payload,
  ctx: HostileContext,
  sign: HostileRequest['sign'],
  queryParams: Record<string, unknown>,
  now: number,
): Buffer {
  switch (payload.kind) {
    case 'json': {
      let entries = payload.entries
      if (sign) entries = [...entries, ...signatureParams(ctx, { ...queryParams, ...parsedObject(jsonText(entries)) }, sign, now)]
      const text = jsonText(entries)
      const { damage } = payload
      if (damage.kind === 'cut') return Buffer.from(text.slice(0, Math.floor(text.length * damage.keep)))
      if (damage.kind === 'bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])
      if (damage.kind === 'trail') return Buffer.from(text + damage.text)
      return Buffer.from(text)
    }
    case 'text':
      return Buffer.from(payload.text)
    case 'bytes':
      return Buffer.from(payload.bytes)
    case 'deep':
      return Buffer.from(payload.open.repeat(payload.depth) + (payload.open === '[' ? ']' : '}').repeat(payload.depth))
    case 'multipart':
      return multipartBody(payload)
  }
}

/** Bytes of the request as sent now (signatures are timed at this call). */
export function materialize(request: HostileRequest, ctx: HostileContext, created: string | undefined): Materialized {
  const now = Date.now()
  const path = requestLineSafe(request.path.replaceAll(CREATED, created ?? 'none-created-yet'))
  let query: Array<[string, string | number]> = request.query
  const queryParams = Object.fromEntries(query)
  const bodyless = request.method === 'GET' || request.method === 'HEAD'
  if (request.sign && (bodyless || request.payload?.kind !== 'json')) {
    // Form fields take part in a /v2/search signature; file parts do not.
    const fields = request.payload?.kind === 'multipart' && !bodyless ? formFields(request.payload) : {}
    query = [...query, ...signatureParams(ctx, { ...queryParams, ...fields }, request.sign, now)]
  }
  const search = query.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`).join('&')
  const headers = [...request.headers]
  if (request.payload?.kind === 'multipart' && !headers.some(([n]) => n.toLowerCase() === 'content-type')) {
    headers.push(['Content-Type', `multipart/form-data; boundary=${request.payload.boundary}`])
  }
  const body = request.payload && !bodyless ? bodyOf(request.payload, ctx, request.sign, queryParams, now) : undefined
  return { method: request.method, target: search ? `${path}?${search}` : path, headers, ...(body ? { body } : {}) }
}
