import { describe, expect, it, vi } from 'vitest'
import { pickRecordingMime } from '../../../../src/keepsake/ClipRecorder'
import { keepsakeFileName, shareOrDownload } from '../../../../src/keepsake/shareOrDownload'
import { deriveView, INITIAL_VIEW_STATE, type ViewState } from '../../../../src/ui/viewState'

/** A document that records the download link it is asked to click. */
function fakeDocument() {
  const clicked: Array<{ href: string; download: string }> = []
  const doc = {
    createElement: () => {
      const link = {
        href: '',
        download: '',
        rel: '',
        style: {} as Record<string, string>,
        click: () => clicked.push({ href: link.href, download: link.download }),
        remove: () => {},
      }
      return link
    },
    body: { append: () => {} },
  } as unknown as Document
  return { doc, clicked }
}

describe('shareOrDownload', () => {
  const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' })

  it('uses the share sheet where files can be shared', async () => {
    const share = vi.fn(async () => {})
    const { doc, clicked } = fakeDocument()
    const result = await shareOrDownload(blob, 'a.jpg', { navigator: { share, canShare: () => true }, document: doc })
    expect(result).toBe('shared')
    expect((share.mock.calls[0] as unknown as [ShareData])[0].files?.[0]?.name).toBe('a.jpg')
    expect(clicked).toEqual([])
  })

  it('downloads where files cannot be shared (desktop), and frees the URL later', async () => {
    vi.useFakeTimers()
    const revoke = vi.fn()
    const { doc, clicked } = fakeDocument()
    const result = await shareOrDownload(blob, 'a.jpg', {
      navigator: { share: vi.fn(), canShare: () => false },
      document: doc,
      createObjectURL: () => 'blob:photo',
      revokeObjectURL: revoke,
    })
    expect(result).toBe('downloaded')
    expect(clicked).toEqual([{ href: 'blob:photo', download: 'a.jpg' }])
    expect(revoke).not.toHaveBeenCalled()
    vi.advanceTimersByTime(60_000)
    expect(revoke).toHaveBeenCalledWith('blob:photo')
    vi.useRealTimers()
  })

  it('a closed share sheet is "cancelled", not a download', async () => {
    const { doc, clicked } = fakeDocument()
    const share = () => Promise.reject(new DOMException('closed', 'AbortError'))
    expect(await shareOrDownload(blob, 'a.jpg', { navigator: { share, canShare: () => true }, document: doc })).toBe('cancelled')
    expect(clicked).toEqual([])
  })

  it('names files sortably without colons', () => {
    expect(keepsakeFileName('jpg', new Date(2026, 11, 2, 1, 4, 5))).toBe('printar-2026-12-02-010405.jpg')
  })
})

describe('recording container', () => {
  it('prefers MP4, falls back to WebM, then lets the browser choose', () => {
    expect(pickRecordingMime((m) => m.startsWith('video/mp4'))).toBe('video/mp4;codecs=avc1,mp4a')
    expect(pickRecordingMime((m) => m === 'video/mp4')).toBe('video/mp4')
    expect(pickRecordingMime((m) => m.startsWith('video/webm'))).toBe('video/webm;codecs=vp9,opus')
    expect(pickRecordingMime(() => false)).toBe('')
    expect(
      pickRecordingMime((m) => {
        if (m.includes('codecs')) throw new Error('unknown codec string')
        return m === 'video/webm'
      }),
    ).toBe('video/webm')
  })
})

describe('capture buttons in the view', () => {
  const shown: ViewState = {
    ...INITIAL_VIEW_STATE,
    started: true,
    camera: 'live',
    cameraCount: 1,
    content: 'shown',
    contentType: 'model',
    canPhoto: true,
    canRecord: true,
  }
  it('offers Photo and Record with content shown', () => {
    expect(deriveView(shown).buttons).toEqual(expect.arrayContaining(['photo', 'record']))
    expect(deriveView({ ...shown, canRecord: false }).buttons).not.toContain('record')
    expect(deriveView({ ...shown, content: 'none', recognition: 'scanning' }).buttons).not.toContain('photo')
  })
  it('while recording only Stop remains, with a counter', () => {
    const view = deriveView({ ...shown, recording: 7 })
    expect(view.buttons).toEqual(['record'])
    expect(view.message).toBe('● Recording 7 s')
  })
})
