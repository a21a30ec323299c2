/**
 * Hands a captured photo or clip to the visitor: the share sheet where the browser can share
 * files (phones), else a download (desktop). Returns what happened.
 */
export type Delivery = 'shared' | 'downloaded' | 'cancelled'

export interface ShareDeps {
  navigator: Pick<Navigator, 'share' | 'canShare'> | Partial<Pick<Navigator, 'share' | 'canShare'>>
  document: Document
  createObjectURL?: (blob: Blob) => string
  revokeObjectURL?: (url: string) => void
}

/** How long a download's object URL lives (ms): the browser has copied the bytes by then. */
const REVOKE_AFTER_MS = 60_000

export async function shareOrDownload(blob: Blob, fileName: string, deps: ShareDeps): Promise<Delivery> {
  const nav = deps.navigator
  const file = new File([blob], fileName, { type: blob.type })
  if (nav.share && nav.canShare?.({ files: [file] })) {
    try {
      await nav.share({ files: [file] })
      return 'shared'
    } catch (error) {
      // The visitor closed the sheet: that is an answer, not a failure.
      if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled'
      // Share refused (e.g. the gesture expired while encoding): fall back to a download.
    }
  }
  const create = deps.createObjectURL ?? ((b: Blob) => URL.createObjectURL(b))
  const revoke = deps.revokeObjectURL ?? ((u: string) => URL.revokeObjectURL(u))
  const url = create(blob)
  const link = deps.document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  deps.document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => revoke(url), REVOKE_AFTER_MS)
  return 'downloaded'
}

/** `printar-2026-12-02-0143.jpg`: sortable, no spaces or colons (Windows). */
export function keepsakeFileName(extension: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`
  return `printar-${stamp}.${extension}`
}
