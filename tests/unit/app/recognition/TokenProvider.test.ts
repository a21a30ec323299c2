import { describe, expect, it, vi } from 'vitest'
import { parseExpiration, TokenError, TokenProvider } from '../../../../src/recognition/TokenProvider'

const HOUR = 3_600_000
const T0 = Date.parse('2026-01-01T00:00:00Z')

function setup(
  answers: Array<() => Response | Promise<Response>>,
  config: Partial<{ token: string; tokenUrl: string; appId: string }> = {},
) {
  let now = T0
  const fetch = vi.fn(async () => {
    const next = answers.shift()
    if (!next) throw new Error('unexpected fetch')
    return next()
  })
  const provider = new TokenProvider({
    config: { token: '', tokenUrl: '/token', appId: 'config-app', requestTimeoutMs: 5000, ...config },
    fetch,
    now: () => now,
  })
  return { provider, fetch, advance: (ms: number) => (now += ms) }
}

const answer =
  (token: string, expiresInMs = HOUR, extra: Record<string, unknown> = {}) =>
  () =>
    new Response(
      JSON.stringify({
        statusCode: 0,
        timestamp: T0,
        result: { token, expiration: new Date(T0 + expiresInMs).toISOString(), appId: 'server-app', ...extra },
      }),
    )

describe('TokenProvider', () => {
  it('uses a fixed token from config without fetching', async () => {
    const { provider, fetch } = setup([], { token: 'fixed', tokenUrl: '' })
    expect(await provider.getToken()).toEqual({ token: 'fixed', appId: 'config-app', refreshAt: null })
    expect(provider.canRefresh).toBe(false)
    expect(fetch).not.toHaveBeenCalled()
  })

  it('fails with a config TokenError when nothing is configured', async () => {
    const { provider } = setup([], { tokenUrl: '' })
    await expect(provider.getToken()).rejects.toMatchObject({ kind: 'config-error' })
  })

  it('fetches, uses the answer appId, and caches', async () => {
    const { provider, fetch } = setup([answer('a')])
    const first = await provider.getToken()
    expect(first).toMatchObject({ token: 'a', appId: 'server-app' })
    expect(await provider.getToken()).toBe(first)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(fetch).toHaveBeenCalledWith('/token', expect.objectContaining({ method: 'POST' }))
  })

  it('accepts a bare {token, expiration, appId} and falls back to config appId', async () => {
    const { provider } = setup([() => new Response(JSON.stringify({ token: 'bare', expiration: new Date(T0 + HOUR).toISOString() }))])
    expect(await provider.getToken()).toMatchObject({ token: 'bare', appId: 'config-app' })
  })

  it('refreshes 60 s before expiry for long tokens', async () => {
    const { provider, fetch, advance } = setup([answer('a'), answer('b')])
    await provider.getToken()
    advance(HOUR - 60_001)
    expect((await provider.getToken()).token).toBe('a')
    advance(1)
    expect((await provider.getToken()).token).toBe('b')
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('refreshes at 90% of the lifetime for short tokens', async () => {
    const { provider, advance } = setup([answer('a', 100_000), answer('b', 100_000)])
    await provider.getToken()
    advance(89_999)
    expect((await provider.getToken()).token).toBe('a')
    advance(1)
    expect((await provider.getToken()).token).toBe('b')
  })

  it('is single-flight: concurrent callers share one request', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const { provider, fetch } = setup([
      async () => {
        await gate
        return answer('shared')()
      },
    ])
    const all = Promise.all([provider.getToken(), provider.getToken(), provider.getToken()])
    release()
    const tokens = await all
    expect(tokens.map((t) => t.token)).toEqual(['shared', 'shared', 'shared'])
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it("one caller's abort does not cancel the shared request for the others", async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const { provider, fetch } = setup([
      async () => {
        await gate
        return answer('shared')()
      },
    ])
    const controller = new AbortController()
    const aborted = provider.getToken(controller.signal)
    const other = provider.getToken()
    controller.abort()
    await expect(aborted).rejects.toBeDefined()
    release()
    expect((await other).token).toBe('shared')
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('invalidate() forces a new token; invalidating an older token keeps the fresh one', async () => {
    const { provider, fetch } = setup([answer('a'), answer('b')])
    await provider.getToken()
    provider.invalidate('a')
    expect((await provider.getToken()).token).toBe('b')
    provider.invalidate('a')
    expect((await provider.getToken()).token).toBe('b')
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('uses the server timestamp for the lifetime, so a skewed device clock still caches', async () => {
    const { provider, fetch } = setup([
      () =>
        new Response(
          JSON.stringify({
            statusCode: 0,
            timestamp: T0 - 10 * HOUR,
            result: { token: 'a', expiration: new Date(T0 - 9 * HOUR).toISOString() },
          }),
        ),
    ])
    await provider.getToken()
    await provider.getToken()
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it.each([
    [() => new Response('nope', { status: 404 }), 'config-error'],
    [() => new Response('down', { status: 503 }), 'retryable'],
    [
      () => new Response(JSON.stringify({ statusCode: 4001017, msg: 'AppId is not authorized by this API Key', result: null })),
      'config-error',
    ],
    [() => new Response(JSON.stringify({ statusCode: 0, result: {} })), 'retryable'],
    [() => Promise.reject(new TypeError('Failed to fetch')), 'retryable'],
  ])('token URL failure %# → TokenError %s', async (reply, kind) => {
    const { provider } = setup([reply])
    const error = await provider.getToken().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TokenError)
    expect((error as TokenError).kind).toBe(kind)
  })

  it("parses EasyAR's +0000 offsets (Safari cannot) and epoch ms", () => {
    expect(parseExpiration('2025-12-17T08:01:14.399+0000')).toBe(Date.parse('2025-12-17T08:01:14.399Z'))
    expect(parseExpiration(1234)).toBe(1234)
    expect(parseExpiration('soon')).toBeUndefined()
  })
})
