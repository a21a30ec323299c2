/**
 * `window.printAR`: a small read-only hook for the browser end-to-end tests and for support
 * ("open the console and type printAR.telemetry()"). It exposes no tokens or secrets: the
 * config copy leaves out `token`.
 */
import type { AppConfig } from '../core/config'
import type { MetaResult } from '../protocol/meta'
import type { KeepsakeSnapshot } from '../keepsake/Keepsakes'
import type { ContentSnapshot } from '../show/ShowPipeline'
import type { TelemetrySnapshot } from '../telemetry/Telemetry'
import type { TrackingSnapshot, TrackingStats } from '../tracking/PrintTracking'
import type { XrSnapshot } from '../xr/ArModes'
import type { App } from './App'

export interface PrintARHook {
  telemetry(): TelemetrySnapshot
  content(): ContentSnapshot
  /** Live GPU geometries and textures (three's `renderer.info.memory`). */
  gpuMemory(): { geometries: number; textures: number }
  /** A frozen copy of the runtime config, without the token. */
  readonly config: Readonly<Omit<AppConfig, 'token'>>
  rescan(): void
  /** Shows content from meta (JSON text, an object, base64 or a URL) as a hit would. */
  showMeta(json: string | object): Promise<MetaResult>
  /** WebXR: the button state (data-xr) and the live AR session's placement facts. */
  xr(): XrSnapshot
  /** What the last photo or clip was (type, size, how it was delivered). */
  lastCapture(): KeepsakeSnapshot | null
  /**
   * The followed print: `{state, targetId, corners, fps}`; `corners` are TL, TR, BR, BL in 0..1
   * of the camera frame that was tracked (null unless tracking), `fps` frames tracked in the
   * last second. `data-tracking` mirrors `state`.
   */
  tracking(): TrackingSnapshot
  /** The tracker's own figures (worker and main-thread ms, lock time, method, placement). */
  trackingStats(): (TrackingStats & { placement: 'screen' | 'print' }) | null
}

declare global {
  interface Window {
    printAR?: PrintARHook
  }
}

export function installPrintARHook(win: Window, app: App): () => void {
  const hook: PrintARHook = Object.freeze({
    telemetry: () => app.readout.telemetry(),
    content: () => app.readout.content(),
    gpuMemory: () => app.readout.gpuMemory(),
    get config() {
      const { token: _token, ...rest } = app.config
      return Object.freeze(rest)
    },
    rescan: () => app.rescan(),
    showMeta: (json: string | object) => app.showMeta(json),
    xr: () => app.readout.xr(),
    lastCapture: () => app.readout.lastCapture(),
    tracking: () => app.readout.tracking(),
    trackingStats: () => app.readout.trackingStats(),
  })
  Object.defineProperty(win, 'printAR', { value: hook, configurable: true, enumerable: false, writable: false })
  return () => {
    if (win.printAR === hook) delete win.printAR
  }
}
