import { describe, expect, it, vi } from 'vitest'
import { copyText } from '../../../../src/ui/copyText'

describe('copyText', () => {
  it('uses the Clipboard API when there is one', async () => {
    const writeText = vi.fn(async () => {})
    expect(await copyText('https://x', { clipboard: { writeText } } as unknown as Navigator, undefined)).toBe(true)
    expect(writeText).toHaveBeenCalledWith('https://x')
  })

  it('falls back to a hidden textarea + execCommand in webviews without it', async () => {
    const area = {
      value: '',
      style: {} as Record<string, string>,
      setAttribute: vi.fn(),
      select: vi.fn(),
      setSelectionRange: vi.fn(),
      remove: vi.fn(),
    }
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
