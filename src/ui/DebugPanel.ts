/**
 * The `?debug` panel (lil-gui): tune the capture/search config live, watch telemetry, and show
 * content from pasted meta JSON without a server. Loaded with a dynamic import only when
 * `config.debug` is set, so lil-gui never reaches normal visitors. lil-gui edits the config
 * object in place and holds no state of its own; `dispose()` destroys the GUI.
 */
import GUI from 'lil-gui'
import type { AppConfig } from '../core/config'
import type { MetaResult } from '../protocol/meta'
import type { TelemetrySnapshot } from '../telemetry/Telemetry'
import type { TrackingSnapshot, TrackingStats } from '../tracking/PrintTracking'
import { TrackingOutline, type OutlineSource } from './TrackingOutline'

export interface DebugPanelDeps {
  config: AppConfig
  /** Called after every edit; must sanitizeConfig() and apply. */
  onConfigChange: () => void
  telemetry: () => TelemetrySnapshot
  showMeta: (json: string) => Promise<MetaResult>
  rescan: () => void
  /** The followed print and the tracker's figures (printAR.tracking() and trackingStats()). */
  tracking?: () => { snapshot: TrackingSnapshot; stats: (TrackingStats & { placement: string }) | null }
  /** What the outline needs: the tracked corners and the camera video's size and mirroring. */
  outline?: OutlineSource
  document?: Document
}

/** Below this viewport width the panel starts closed (px). */
const SMALL_SCREEN_PX = 700
/** Telemetry refresh period (ms). */
const REFRESH_MS = 250

const SAMPLE_META = JSON.stringify({ type: 'model', url: 'content/sample.glb', title: 'Sample', link: 'https://example.com' }, null, 1)

export class DebugPanel {
  readonly gui: GUI
  #timer: ReturnType<typeof setInterval> | undefined
  #watch = {
    roundTripMs: 0,
    payloadBytes: 0,
    requests: 0,
    hits: 0,
    errors: 0,
    skippedBlurry: 0,
    skippedDark: 0,
    skippedFlat: 0,
    skippedUnchanged: 0,
    settledSends: 0,
    checkMs: 0,
    fps: 0,
    recognition: 'idle',
  }
  #metaState = { result: '' }
  #trackWatch = { state: 'off', fps: 0, method: 'none', workerMs: 0, mainThreadMs: 0, lockMs: 0, placement: 'screen' }
  #outline: TrackingOutline | null = null
  #textarea: HTMLTextAreaElement
  #deps: DebugPanelDeps

  constructor(deps: DebugPanelDeps) {
    this.#deps = deps
    const doc = deps.document ?? document
    this.gui = new GUI({ title: 'PrintAR debug', width: 300 })
    this.gui.domElement.classList.add('debug-panel')
    // On a phone the panel would cover the camera: start folded.
    if ((doc.defaultView?.innerWidth ?? 1024) < SMALL_SCREEN_PX) this.gui.close()

    const tune = this.gui.addFolder('Capture / search')
    const changed = () => {
      deps.onConfigChange()
      this.gui.controllersRecursive().forEach((c) => c.updateDisplay())
    }
    tune.add(deps.config, 'intervalMs', 300, 5000, 50).name('interval (ms)').onFinishChange(changed)
    tune.add(deps.config, 'captureLongSide', 160, 1920, 16).name('capture long side').onFinishChange(changed)
    tune.add(deps.config, 'jpegQuality', 0.3, 0.95, 0.05).name('JPEG quality').onFinishChange(changed)
    tune.add(deps.config, 'maxPixelRatio', 1, 3, 0.25).name('max pixel ratio').onFinishChange(changed)
    tune.add(deps.config, 'smartCapture').name('smart capture').onChange(changed)
    tune.add({ rescan: deps.rescan }, 'rescan').name('scan again')

    const watch = this.gui.addFolder('Telemetry')
    watch.add(this.#watch, 'recognition').disable().listen()
    watch.add(this.#watch, 'roundTripMs').name('last round trip (ms)').disable().listen()
    watch.add(this.#watch, 'payloadBytes').name('payload (bytes)').disable().listen()
    watch.add(this.#watch, 'requests').name('requests sent').disable().listen()
    watch.add(this.#watch, 'hits').disable().listen()
    watch.add(this.#watch, 'errors').disable().listen()
    watch.add(this.#watch, 'skippedBlurry').name('skipped: blurry').disable().listen()
    watch.add(this.#watch, 'skippedDark').name('skipped: dark').disable().listen()
    watch.add(this.#watch, 'skippedFlat').name('skipped: flat').disable().listen()
    watch.add(this.#watch, 'skippedUnchanged').name('skipped: unchanged').disable().listen()
    watch.add(this.#watch, 'settledSends').name('sent early (settled)').disable().listen()
    watch.add(this.#watch, 'checkMs').name('check (ms)').disable().listen()
    watch.add(this.#watch, 'fps').disable().listen()

    if (deps.tracking) {
      const track = this.gui.addFolder('Tracking')
      track.add(deps.config, 'tracking').name('follow the print').onChange(changed)
      const w = this.#trackWatch
      track.add(w, 'state').disable().listen()
      track.add(w, 'placement').disable().listen()
      track.add(w, 'fps').name('tracked fps').disable().listen()
      track.add(w, 'method').name('last frame by').disable().listen()
      track.add(w, 'workerMs').name('worker (ms)').disable().listen()
      track.add(w, 'mainThreadMs').name('main thread (ms)').disable().listen()
      track.add(w, 'lockMs').name('lock after hit (ms)').disable().listen()
      if (deps.outline) this.#outline = new TrackingOutline(doc, deps.outline)
    }

    const meta = this.gui.addFolder('Show meta JSON')
    this.#textarea = doc.createElement('textarea')
    this.#textarea.value = SAMPLE_META
    this.#textarea.rows = 6
    this.#textarea.spellcheck = false
    this.#textarea.setAttribute('aria-label', 'meta JSON')
    Object.assign(this.#textarea.style, {
      width: 'calc(100% - 12px)',
      margin: '4px 6px',
      font: '11px ui-monospace, monospace',
      background: '#1f1f1f',
      color: '#ebebeb',
      border: '1px solid #444',
      resize: 'vertical',
    })
    meta.$children.prepend(this.#textarea)
    meta.add({ show: () => this.#showMeta() }, 'show').name('show content')
    meta.add(this.#metaState, 'result').disable().listen()

    this.#timer = setInterval(this.#refresh, REFRESH_MS)
  }

  dispose(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
    this.#outline?.dispose()
    this.#outline = null
    this.gui.destroy()
  }

  #showMeta(): void {
    void this.#deps.showMeta(this.#textarea.value).then((result) => {
      this.#metaState.result = result.ok ? `ok: ${result.value.type}` : `${result.error.code}: ${result.error.message}`
    })
  }

  #refresh = (): void => {
    const t = this.#deps.telemetry()
    const w = this.#watch
    w.roundTripMs = t.lastRoundTripMs ?? 0
    w.payloadBytes = t.lastPayloadBytes ?? 0
    w.requests = t.requests
    w.hits = t.hits
    w.errors = t.errors
    w.skippedBlurry = t.skipped.blurry
    w.skippedDark = t.skipped.dark
    w.skippedFlat = t.skipped.flat
    w.skippedUnchanged = t.skipped.unchanged
    w.settledSends = t.settledSends
    w.checkMs = t.lastCheckMs ?? 0
    w.fps = Math.round(t.fps)
    w.recognition = t.recognition
    const tracking = this.#deps.tracking?.()
    if (tracking) {
      const tw = this.#trackWatch
      tw.state = tracking.snapshot.state
      tw.fps = tracking.snapshot.fps
      tw.method = tracking.stats?.method ?? 'none'
      tw.workerMs = tracking.stats?.workerMs ?? 0
      tw.mainThreadMs = tracking.stats?.mainThreadMs ?? 0
      tw.lockMs = Math.round(tracking.stats?.lockMs ?? 0)
      tw.placement = tracking.stats?.placement ?? 'screen'
    }
  }
}
