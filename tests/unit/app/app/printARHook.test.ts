import { describe, expect, it, vi } from 'vitest'
import type { App } from '../../../../src/app/App'
import { installPrintARHook } from '../../../../src/app/printARHook'
import { DEFAULT_CONFIG } from '../../../../src/core/config'

function fakeApp(): App {
  return {
    config: { ...DEFAULT_CONFIG, token: 'secret-token' },
    readout: {
      telemetry: () => ({
        lastRoundTripMs: 12,
        lastPayloadBytes: 3,
        requests: 1,
        hits: 0,
        misses: 1,
        errors: 0,
        fps: 30,
        recognition: 'scanning',
      }),
      content: () => ({ status: 'none', type: null, targetName: null, title: null, link: null, error: null }),
    },
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
