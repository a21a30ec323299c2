/**
 * Builds the capture → search loop on the camera video: frame capture, smart capture, a token
 * provider and the CRS client, handed to one RecognitionController that owns them (its
 * `dispose()` frees the frame canvases too). Recognition is in the entry chunk: it is needed to scan.
 */
import { FrameCapture } from '../camera/captureFrame'
import { SmartCapture } from '../camera/SmartCapture'
import type { AppConfig } from '../core/config'
import type { VideoRect } from '../core/coverFit'
import { CrsClient } from './CrsClient'
import { RecognitionController } from './RecognitionController'
import { TokenProvider } from './TokenProvider'

/** `visible`: the part of the video on screen (see FrameCapture); only that part is searched. */
export function createRecognition(video: HTMLVideoElement, config: AppConfig, visible?: () => VideoRect | null): RecognitionController {
  const frames = new FrameCapture(visible ? { video, config, visible } : { video, config })
  const smart = new SmartCapture({ video, config })
  const client = new CrsClient({ config, tokens: new TokenProvider({ config }) })
  const capture = () => frames.capture()
  return new RecognitionController({ client, capture, gate: smart, config, owned: [frames, smart] })
}
