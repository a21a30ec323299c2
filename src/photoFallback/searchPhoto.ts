/**
 * One search for a chosen photo (no-camera fallback): the photo goes through the same capture
 * (long side, JPEG quality) and the same client as camera frames.
 */
import { FrameCapture } from '../camera/captureFrame'
import type { AppConfig } from '../core/config'
import type { SearchOutcome } from '../protocol/searchOutcome'
import { CrsClient } from '../recognition/CrsClient'
import { TokenProvider } from '../recognition/TokenProvider'
import type { PhotoSource } from './loadPhoto'

export async function searchPhoto(photo: PhotoSource, config: AppConfig, signal?: AbortSignal): Promise<SearchOutcome> {
  const frames = new FrameCapture({ video: photo, config })
  try {
    const frame = await frames.capture()
    if (!frame) return { kind: 'bad-frame', reason: 'the photo is empty' }
    // A still photo has nothing to track: the hit need not carry the print's image.
    const client = new CrsClient({ config: { ...config, tracking: false }, tokens: new TokenProvider({ config }) })
    return await client.search(frame.image, signal)
  } finally {
    frames.dispose()
  }
}
