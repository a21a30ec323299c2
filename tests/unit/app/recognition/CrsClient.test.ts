import { afterEach, describe, expect, it, vi } from 'vitest'
import { CrsClient, searchUrl } from '../../../../src/recognition/CrsClient'
import { TokenError, type TokenSource } from '../../../../src/recognition/TokenProvider'

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status })
const crs = (status: number, statusCode: number, result: unknown = { message: 'm' }) => json(status, { statusCode, result, timestamp: 1 })
const HIT = { target: { targetId: 't-1', name: 'Poster', meta: 'eyJ1cmwiOiJhLmdsYiJ9' } }

function fakeTokens(overrides: Partial<TokenSource> = {}, canRefresh = true) {
  let n = 0
  const tokens = {
    canRefresh,
    getToken: vi.fn(async () => ({ token: `token-${++n}`, appId: 'app-1', refreshAt: null })),
    invalidate: vi.fn(),
    ...overrides,
  }
  return tokens
}

function setup(responses: Array<Response | Error | ((init: RequestInit) => Promise<Response>)>, tokens = fakeTokens()) {
  const calls: { url: string; init: RequestInit }[] = []
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init! })
    const next = responses.shift()
    if (!next) throw new Error('unexpected fetch')
    if (next instanceof Error) throw next
    if (typeof next === 'function') return next(init!)
    return next
  })
  let t = 0
  const client = new CrsClient({
    config: { clientEndUrl: 'https://crs.example.com:8443/', requestTimeoutMs: 5000 },
    tokens,
    fetch,
    now: () => (t += 10),
  })
  return { client, calls, fetch, tokens }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('CrsClient', () => {
  it('POSTs {image, appId, notracking: true} to {clientEndUrl}/search with the raw token', async () => {
    const { client, calls } = setup([crs(200, 0, HIT)])
    const result = await client.search('IMAGEBASE64')
    expect(result).toMatchObject({ kind: 'hit', target: { targetId: 't-1' }, attempts: 1, tokenRefreshed: false })
    expect(calls[0]!.url).toBe('https://crs.example.com:8443/search')
    expect(calls[0]!.init.method).toBe('POST')
    expect(calls[0]!.init.headers).toEqual({ 'Content-Type': 'application/json;Charset=UTF-8', Authorization: 'token-1' })
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ image: 'IMAGEBASE64', appId: 'app-1', notracking: true })
  })

  it('asks for the tracking image (notracking false) while print tracking is on', async () => {
    const calls: RequestInit[] = []
    const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      calls.push(init!)
      return crs(200, 0, HIT)
    })
    const tokens = { getToken: async () => ({ token: 'token-1', appId: 'app-1', expiresAt: null }), invalidate() {}, canRefresh: false }
    const client = new CrsClient({
      config: { clientEndUrl: '', requestTimeoutMs: 5000, tracking: true },
      tokens: tokens as never,
      fetch: fetch as never,
    })
    await client.search('IMAGEBASE64')
    expect(JSON.parse(calls[0]!.body as string)).toEqual({ image: 'IMAGEBASE64', appId: 'app-1', notracking: false })
  })

  it('records the round trip and the request payload bytes', async () => {
    const { client, calls } = setup([crs(404, 17)])
    const result = await client.search('QUJD')
    expect(result.roundTripMs).toBe(10)
    expect(result.payloadBytes).toBe(new TextEncoder().encode(calls[0]!.init.body as string).byteLength)
  })

  it('parses the body of an HTTP 404: statusCode 17 is a miss', async () => {
    const { client } = setup([crs(404, 17, { message: 'No result: there is no matching.' })])
    expect(await client.search('x')).toMatchObject({ kind: 'miss', httpStatus: 404, statusCode: 17 })
  })

  it.each([
    [crs(500, 18), 'retryable'],
    [crs(408, 19), 'retryable'],
    [crs(500, 20), 'retryable'],
    [crs(501, 30), 'retryable'],
    [crs(200, 21), 'throttled'],
    [crs(402, 21), 'throttled'],
    [new Response('slow down', { status: 429 }), 'throttled'],
    [crs(400, 1), 'config-error'],
    [crs(200, 4001017), 'config-error'],
    [crs(422, 422), 'bad-frame'],
    [crs(400, 427), 'bad-frame'],
    [new Response('<html>Bad Gateway</html>', { status: 502 }), 'retryable'],
  ])('maps %# to %s', async (response, kind) => {
    const { client } = setup([response])
    expect((await client.search('x')).kind).toBe(kind)
  })

  it('a network error is retryable with a reason', async () => {
    const { client } = setup([new TypeError('Failed to fetch')])
    const result = await client.search('x')
    expect(result).toMatchObject({ kind: 'retryable' })
    expect(result.kind === 'retryable' && result.reason).toContain('Failed to fetch')
  })

  it('times out through its own AbortController', async () => {
    vi.useFakeTimers()
    const hang = (init: RequestInit) =>
      new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
    const { client } = setup([hang])
    const pending = client.search('x')
    await vi.advanceTimersByTimeAsync(4999)
    let settled = false
    void pending.then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const result = await pending
    expect(result).toMatchObject({ kind: 'retryable' })
    expect(result.kind === 'retryable' && result.reason).toContain('timeout')
  })

  it("returns 'aborted' when the caller's signal aborts", async () => {
    const hang = (init: RequestInit) =>
      new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
    const { client } = setup([hang])
    const controller = new AbortController()
    const pending = client.search('x', controller.signal)
    await Promise.resolve()
    controller.abort()
    expect(await pending).toMatchObject({ kind: 'aborted' })
    const { client: c2, fetch } = setup([])
    expect(await c2.search('x', AbortSignal.abort())).toMatchObject({ kind: 'aborted' })
    expect(fetch).not.toHaveBeenCalled()
  })

  it('on a token error it invalidates the token, refreshes ONCE and retries', async () => {
    const { client, calls, tokens } = setup([crs(401, 6), crs(200, 0, HIT)])
    const result = await client.search('x')
    expect(result).toMatchObject({ kind: 'hit', attempts: 2, tokenRefreshed: true })
    expect(tokens.invalidate).toHaveBeenCalledWith('token-1')
    expect((calls[1]!.init.headers as Record<string, string>).Authorization).toBe('token-2')
  })

  it('a second token failure surfaces as token-invalid (no third request)', async () => {
    const { client, fetch } = setup([crs(200, 4001024), new Response('', { status: 403 })])
    const result = await client.search('x')
    expect(result).toMatchObject({ kind: 'token-invalid', attempts: 2, tokenRefreshed: true })
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('does not retry with a fixed token that cannot be refreshed', async () => {
    const { client, fetch } = setup([crs(401, 6)], fakeTokens({}, false))
    expect(await client.search('x')).toMatchObject({ kind: 'token-invalid', attempts: 1 })
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('maps token provider failures: config → config-error, transient → retryable', async () => {
    const config = setup([], fakeTokens({ getToken: async () => Promise.reject(new TokenError('config-error', 'no token')) }))
    expect(await config.client.search('x')).toMatchObject({ kind: 'config-error', attempts: 0 })
    const transient = setup([], fakeTokens({ getToken: async () => Promise.reject(new TokenError('retryable', 'down')) }))
    expect(await transient.client.search('x')).toMatchObject({ kind: 'retryable' })
    expect(transient.fetch).not.toHaveBeenCalled()
  })

  it('builds the search URL from an empty (same-origin) or slash-terminated base', () => {
    expect(searchUrl('')).toBe('/search')
    expect(searchUrl('https://h:8443//')).toBe('https://h:8443/search')
  })
})
