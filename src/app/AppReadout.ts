/**
 * What the page's readers see of a running App: `window.printAR` (tests, support) and the
 * `?debug` panel. Each figure is the owning part's own snapshot; nothing here decides anything,
 * so App keeps to composing and routing.
 */
import type { KeepsakeSnapshot } from '../keepsake/Keepsakes'
import type { ContentSnapshot } from '../show/ShowPipeline'
import type { TelemetrySnapshot } from '../telemetry/Telemetry'
import type { TrackingSnapshot, TrackingStats } from '../tracking/PrintTracking'
import type { XrSnapshot } from '../xr/ArModes'
import type { AppParts } from './AppParts'

export class AppReadout {
  readonly #parts: AppParts

  constructor(parts: AppParts) {
    this.#parts = parts
  }

  telemetry(): TelemetrySnapshot {
    return this.#parts.telemetry.snapshot(this.#parts.scene()?.fps ?? 0)
  }

  /** three's live GPU resource counts (`renderer.info.memory`): disposal is checked against these. */
  gpuMemory(): { geometries: number; textures: number } {
    const memory = this.#parts.scene()?.renderer.info.memory
    return { geometries: memory?.geometries ?? 0, textures: memory?.textures ?? 0 }
  }

  content(): ContentSnapshot {
    return this.#parts.show.snapshot()
  }

  /** The followed print: state, target, corners in the tracked frame, tracked frames per second. */
  tracking(): TrackingSnapshot {
    return this.#parts.tracking.snapshot()
  }

  /** The figures behind `tracking()` (debug panel, support); null before the tracker is loaded. */
  trackingStats(): (TrackingStats & { placement: 'screen' | 'print' }) | null {
    return this.#parts.tracking.stats()
  }

  /** The debug outline's inputs: the tracked corners and the camera video's size and mirroring. */
  trackingOutline(): { corners: TrackingSnapshot['corners']; videoWidth: number; videoHeight: number; mirrored: boolean } {
    const video = this.#parts.camera()?.video
    return {
      corners: this.#parts.tracking.snapshot().corners,
      videoWidth: video?.videoWidth ?? 0,
      videoHeight: video?.videoHeight ?? 0,
      mirrored: this.#parts.background()?.mirrored ?? false,
    }
  }

  /** The WebXR button state and the live AR session's facts. */
  xr(): XrSnapshot {
    return this.#parts.ar.info()
  }

  /** The last photo or clip (what it was, not its bytes). */
  lastCapture(): KeepsakeSnapshot | null {
    return this.#parts.keepsakes()?.last ?? null
  }
}
