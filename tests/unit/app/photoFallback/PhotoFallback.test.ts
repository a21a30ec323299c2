import { describe, expect, it, vi } from 'vitest'
import { DEFAULT_CONFIG } from '../../../../src/core/config'
import type { Flash } from '../../../../src/core/status'
import type { PhotoSource } from '../../../../src/photoFallback/loadPhoto'
import { PhotoFallback, type PhotoFallbackOptions, type PhotoStatus } from '../../../../src/photoFallback/PhotoFallback'
import type { SearchOutcome } from '../../../../src/protocol/searchOutcome'
import type { CameraBackground } from '../../../../src/scene/CameraBackground'

const HIT: SearchOutcome = { kind: 'hit', target: { targetId: 't1', name: 'Tea box' } }
const MISS: SearchOutcome = { kind: 'miss' }

const photo = () => ({ width: 640, height: 480 }) as unknown as PhotoSource
const file = () => new Blob([new Uint8Array([1])], { type: 'image/jpeg' })
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

function setup(options: Partial<PhotoFallbackOptions> = {}) {
  const background = { showImage: vi.fn(), detach: vi.fn() }
  const fallback = new PhotoFallback({
    document: {} as Document,
    config: { ...DEFAULT_CONFIG },
    load: async () => photo(),
    search: async () => HIT,
    ...options,
  })
  const statuses: (PhotoStatus | null)[] = []
  const events: string[] = []
  const flashes: Flash[] = []
  fallback.on('change', ({ state }) => statuses.push(state.photo))
  fallback.on('searching', () => events.push('searching'))
  fallback.on('searched', ({ outcome }) => events.push(`searched ${outcome.kind}`))
  fallback.on('flash', (flash) => flashes.push(flash))
  return { fallback, background: background as unknown as CameraBackground & typeof background, statuses, events, flashes }
}

describe('PhotoFallback', () => {
  it('offers a photo from the start', () => {
    expect(setup().fallback.state).toEqual({ canChoosePhoto: true, photo: null })
  })

  it('shows a chosen photo as the background and searches it like a camera frame', async () => {
    const search = vi.fn(async () => HIT)
    const { fallback, background, statuses, events } = setup({ search })
    await fallback.use(file(), background)
    expect(background.showImage).toHaveBeenCalledTimes(1)
    expect(search).toHaveBeenCalledWith(
      background.showImage.mock.calls[0]![0],
      expect.objectContaining({ captureLongSide: DEFAULT_CONFIG.captureLongSide }),
      expect.any(AbortSignal),
    )
    expect(statuses).toEqual(['searching', 'shown'])
    expect(events).toEqual(['searching', 'searched hit'])
  })

  it('says when the photo has no print in it, or the search failed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const miss = setup({ search: async () => MISS })
    await miss.fallback.use(file(), miss.background)
    const failed = setup({ search: async () => Promise.reject(new Error('offline')) })
    await failed.fallback.use(file(), failed.background)
    warn.mockRestore()
    expect(miss.statuses.at(-1)).toBe('no-match')
    expect(failed.statuses.at(-1)).toBe('error')
    expect(failed.events.at(-1)).toBe('searched retryable')
  })

  it('tells the day’s quota (HTTP 402 + 21) apart from a busy service or a failure', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const quota = setup({
      search: async () => ({ kind: 'throttled', scope: 'quota', reason: 'daily quota', httpStatus: 402, statusCode: 21 }),
    })
    await quota.fallback.use(file(), quota.background)
    const busy = setup({ search: async () => ({ kind: 'throttled', scope: 'qps', reason: 'qps', httpStatus: 200, statusCode: 21 }) })
    await busy.fallback.use(file(), busy.background)
    warn.mockRestore()
    expect(quota.statuses.at(-1)).toBe('quota')
    expect(busy.statuses.at(-1)).toBe('error')
  })

  it('a file it cannot open is an error with a flash, and nothing is searched', async () => {
    const search = vi.fn(async () => HIT)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { fallback, background, statuses, flashes } = setup({ search, load: () => Promise.reject(new Error('not an image')) })
    await fallback.use(file(), background)
    warn.mockRestore()
    expect(statuses).toEqual(['searching', 'error'])
    expect(flashes).toEqual([{ kind: 'photo-unreadable' }])
    expect(search).not.toHaveBeenCalled()
  })

  it('a newer photo cancels the older one’s search, whose answer never lands, and frees the older canvas', async () => {
    const answers: Array<(o: SearchOutcome) => void> = []
    const signals: AbortSignal[] = []
    const photos: PhotoSource[] = []
    const { fallback, background, events } = setup({
      load: async () => {
        const p = photo()
        photos.push(p)
        return p
      },
      search: (_photo, _config, signal) => {
        signals.push(signal!)
        return new Promise((resolve) => answers.push(resolve))
      },
    })
    const first = fallback.use(file(), background)
    await flush()
    const second = fallback.use(file(), background)
    await flush()
    expect(signals[0]!.aborted).toBe(true)
    answers[0]!(HIT)
    answers[1]!(MISS)
    await Promise.all([first, second])
    expect(events).toEqual(['searching', 'searching', 'searched miss'])
    expect(photos[0]!.width).toBe(0) // released
    expect(photos[1]!.width).toBe(640)
  })

  it('follows the camera: live again replaces the photo; unusable keeps it, or blanks the background without one', async () => {
    const { fallback, background, statuses } = setup()
    fallback.followCamera('denied', background)
    expect(background.detach).toHaveBeenCalledTimes(1)
    await fallback.use(file(), background)
    const shown = background.showImage.mock.calls[0]![0] as PhotoSource
    fallback.followCamera('no-camera', background)
    fallback.followCamera('paused', background)
    expect(background.detach).toHaveBeenCalledTimes(1)
    fallback.followCamera('live', background)
    expect(shown.width).toBe(0)
    expect(statuses.at(-1)).toBeNull()
  })

  it('dispose() frees the photo and drops a search still in flight', async () => {
    let answer: (o: SearchOutcome) => void = () => {}
    const { fallback, background, events } = setup({ search: () => new Promise((resolve) => (answer = resolve)) })
    const using = fallback.use(file(), background)
    await flush()
    const shown = background.showImage.mock.calls[0]![0] as PhotoSource
    fallback.dispose()
    answer(HIT)
    await using
    expect(shown.width).toBe(0)
    expect(events).toEqual(['searching'])
  })
})
