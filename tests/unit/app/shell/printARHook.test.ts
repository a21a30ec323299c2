import { describe, expect, it, vi } from 'vitest'
import { copyText, type App } from '../../../../src/app/App'
import { installPrintARHook } from '../../../../src/app/printARHook'
import { DEFAULT_CONFIG } from '../../../../src/config'

function fakeApp(): App {
  return {
    config: { ...DEFAULT_CONFIG, token: 'secret-token' },
    telemetry: () => ({ lastRoundTripMs: 12, lastPayloadBytes: 3, requests: 1, hits: 0, misses: 1, errors: 0, fps: 30, recognition: 'scanning' }),
    content: () => ({ status: 'none', type: null, targetName: null, title: null, link: null, error: null }),
    rescan: vi.fn(),
    showMeta: vi.fn(() => ({ ok: false, error: { code: 'empty', message: 'meta is empty' } })),
  } as unknown as App
}

describe('window.printAR', () => {
  it('exposes telemetry, content, rescan and showMeta, read-only', () => {
    const win = {} as Window
    const app = fakeApp()
    const remove = installPrintARHook(win, app)
    const hook = win.printAR!
    expect(hook.telemetry().requests).toBe(1)
    expect(hook.content().status).toBe('none')
    hook.rescan()
    expect(app.rescan).toHaveBeenCalledOnce()
    expect(hook.showMeta('{}')).toMatchObject({ ok: false })
    expect(Object.isFrozen(hook)).toBe(true)
    expect(() => {
      ;(win as { printAR?: unknown }).printAR = null
    }).toThrow()
    remove()
    expect(win.printAR).toBeUndefined()
  })

  it('never exposes the token', () => {
    const win = {} as Window
    installPrintARHook(win, fakeApp())
    const config = win.printAR!.config
    expect(config).not.toHaveProperty('token')
    expect(JSON.stringify(config)).not.toContain('secret-token')
    expect(config.intervalMs).toBe(DEFAULT_CONFIG.intervalMs)
    expect(Object.isFrozen(config)).toBe(true)
  })
})

describe('copyText', () => {
  it('uses the Clipboard API when there is one', async () => {
    const writeText = vi.fn(async () => {})
    expect(await copyText('https://x', { clipboard: { writeText } } as unknown as Navigator, undefined)).toBe(true)
    expect(writeText).toHaveBeenCalledWith('https://x')
  })

  it('falls back to a hidden textarea + execCommand in webviews without it', async () => {
    const area = { value: '', style: {} as Record<string, string>, setAttribute: vi.fn(), select: vi.fn(), setSelectionRange: vi.fn(), remove: vi.fn() }
    const doc = {
      body: { append: vi.fn() },
      createElement: vi.fn(() => area),
      execCommand: vi.fn(() => true),
    } as unknown as Document
    const refused = { clipboard: { writeText: async () => Promise.reject(new Error('denied')) } } as unknown as Navigator
    expect(await copyText('https://x', refused, doc)).toBe(true)
    expect(area.value).toBe('https://x')
    expect(doc.execCommand).toHaveBeenCalledWith('copy')
    expect(area.remove).toHaveBeenCalled()
  })

  it('reports failure when nothing works', async () => {
    expect(await copyText('x', undefined, undefined)).toBe(false)
  })
})
