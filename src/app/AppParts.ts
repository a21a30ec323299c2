/**
 * The App's parts as its helpers see them (AppReadout for the page's readers, overlayActions for
 * the buttons). The ones made at "start" are getters, read when used: null before.
 */
import type { CameraStream } from '../camera/CameraStream'
import type { Keepsakes } from '../keepsake/Keepsakes'
import type { PhotoFallback } from '../photoFallback/PhotoFallback'
import type { CameraBackground } from '../scene/CameraBackground'
import type { SceneRenderer } from '../scene/SceneRenderer'
import type { ShowPipeline } from '../show/ShowPipeline'
import type { Telemetry } from '../telemetry/Telemetry'
import type { PrintTracking } from '../tracking/PrintTracking'
import type { ArModes } from '../xr/ArModes'

export interface AppParts {
  show: ShowPipeline
  ar: ArModes
  photo: PhotoFallback
  tracking: PrintTracking
  telemetry: Telemetry
  camera(): CameraStream | null
  scene(): SceneRenderer | null
  background(): CameraBackground | null
  keepsakes(): Keepsakes | null
}
