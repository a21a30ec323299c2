/**
 * Adapters from the real recognition and content modules to the shell's ports (src/app/ports.ts).
 * Recognition is in the entry chunk (it is needed to scan); content is loaded on demand.
 */
import { FrameCapture } from '../camera/captureFrame'
import { SmartCapture } from '../camera/SmartCapture'
import type { AppConfig } from '../config'
import { CrsClient } from '../recognition/CrsClient'
import { RecognitionController, type RecognitionEventMap } from '../recognition/RecognitionController'
import { TokenProvider } from '../recognition/TokenProvider'
import type { SearchOutcome } from '../protocol/searchOutcome'
import type { PhotoSource } from '../photo/loadPhoto'
import type { RecognitionPort } from './ports'

/** Builds the capture → search loop on the camera video. */
export function createRecognition(video: HTMLVideoElement, config: AppConfig): RecognitionPort {
  const frames = new FrameCapture({ video, config })
  const smart = new SmartCapture({ video, config })
  const tokens = new TokenProvider({ config })
  const client = new CrsClient({ config, tokens })
  const controller = new RecognitionController({ client, capture: () => frames.capture(), gate: smart, config })
  const on = <K extends keyof RecognitionEventMap>(type: K, listener: (event: RecognitionEventMap[K]) => void) => {
    controller.addEventListener(type, listener)
    return () => controller.removeEventListener(type, listener)
  }
  return {
    get status() {
      return controller.status
    },
    start: () => controller.start(),
    stop: () => controller.stop(),
    rescan: () => controller.rescan(),
    markShowing: () => controller.markShowing(),
    dispose: () => {
      controller.dispose()
      frames.dispose()
      smart.dispose()
    },
    onStatus: (listener) => on('status', (e) => listener(e.status, e.message || undefined)),
    onHit: (listener) => on('hit', (e) => listener(e.target)),
    onError: (listener) => on('error', (e) => listener(e.detail.message, e.detail.fatal)),
    onTelemetry: (listener) =>
      on('telemetry', (e) => {
        const t = e.telemetry
        listener({
          ...(t.lastRoundTripMs !== null ? { roundTripMs: t.lastRoundTripMs } : {}),
          ...(t.lastPayloadBytes !== null ? { payloadBytes: t.lastPayloadBytes } : {}),
          requests: t.requestsSent,
          hits: t.hits,
          misses: t.misses,
          errors: t.errors,
          skipped: t.skipped,
          settledSends: t.settledSends,
          ...(t.lastCheckMs !== null ? { checkMs: t.lastCheckMs } : {}),
        })
      }),
  }
}

/**
 * One search for a chosen photo (no-camera fallback): the photo goes through the same capture
 * (long side, JPEG quality) and the same client as camera frames.
 */
export async function searchPhoto(photo: PhotoSource, config: AppConfig, signal?: AbortSignal): Promise<SearchOutcome> {
  const frames = new FrameCapture({ video: photo, config })
  try {
    const frame = await frames.capture()
    if (!frame) return { kind: 'bad-frame', reason: 'the photo is empty' }
    const client = new CrsClient({ config, tokens: new TokenProvider({ config }) })
    return await client.search(frame.image, signal)
  } finally {
    frames.dispose()
  }
}
