/** The words of a Flash (src/core/status.ts): the parts report what happened, the overlay says it. */
import type { Flash } from '../core/status'
import { strings } from './strings'

export function flashText(flash: Flash): string {
  switch (flash.kind) {
    case 'copied':
      return strings.status.copied
    case 'copy-failed':
      return strings.status.copyFailed
    case 'photo-saved':
      return strings.capture.photoSaved
    case 'clip-saved':
      return strings.capture.clipSaved
    case 'capture-failed':
      return strings.capture.failed
    case 'clip-unsupported':
      return strings.capture.clipUnsupported
    case 'photo-unreadable':
      return strings.photo.unreadable
    case 'xr-failed':
      return strings.xr.failed(flash.reason)
  }
}
