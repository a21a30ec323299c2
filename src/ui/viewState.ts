/**
 * What the overlay shows, derived from the app's statuses by one pure function, so every
 * combination can be unit-tested without a DOM. The view state is the parts' own states side by
 * side (each part owns its slice; the overlay only renders it), plus what only the page knows.
 */
import type { CameraFailure } from '../camera/cameraErrors'
import type { CameraStatus, RecognitionStatus } from '../core/status'
import { NO_KEEPSAKES, type KeepsakeState } from '../keepsake/Keepsakes'
import type { PhotoFallbackState } from '../photoFallback/PhotoFallback'
import { INITIAL_SHOW_STATE, type ShowState } from '../show/ShowPipeline'
import type { PrintTrackingState } from '../tracking/PrintTracking'
import type { ArModesState } from '../xr/ArModes'
import { canOfferXr } from '../xr/xrSupport'
import { strings } from './strings'

export type ButtonId = 'switch' | 'rescan' | 'sound' | 'play' | 'close' | 'retry' | 'copy-link' | 'ar' | 'xr-exit' | 'photo' | 'record'
export type Tone = 'info' | 'busy' | 'success' | 'warn' | 'error'
export type RenderState = 'ok' | 'context-lost' | 'no-webgl'

/**
 * Content (src/show/ShowPipeline.ts), AR and Quick Look (src/xr/ArModes.ts), photos and clips
 * (src/keepsake/Keepsakes.ts), the chosen photo (src/photoFallback/PhotoFallback.ts), the followed
 * print (src/tracking/PrintTracking.ts), and:
 */
export interface ViewState extends ShowState, ArModesState, KeepsakeState, PhotoFallbackState, PrintTrackingState {
  /** The "Tap to start" screen was passed. */
  started: boolean
  camera: CameraStatus
  /** A constraint step failed and a simpler one is being tried. */
  cameraFallback: boolean
  /** Number of cameras known (0 until permission or enumeration). */
  cameraCount: number
  /** The camera video refused to play without a tap (one "Play" answers it and the content's). */
  cameraNeedsGesture: boolean
  render: RenderState
  recognition: RecognitionStatus
  recognitionDetail: string | null
  inAppBrowser: string | null
  /** Which phone the page runs on: how a visitor leaves an in-app browser differs. */
  platform: 'ios' | 'android' | 'other'
  /** The link that opens this page in Chrome (an Android in-app browser), else null. */
  openInBrowserHref: string | null
  httpsHint: string | null
  /** A transient line (e.g. "Link copied") that wins over the status for a moment. */
  flash: string | null
}

export const INITIAL_VIEW_STATE: ViewState = {
  started: false,
  camera: 'idle',
  cameraFallback: false,
  cameraCount: 0,
  cameraNeedsGesture: false,
  render: 'ok',
  recognition: 'idle',
  recognitionDetail: null,
  ...INITIAL_SHOW_STATE,
  inAppBrowser: null,
  platform: 'other',
  openInBrowserHref: null,
  httpsHint: null,
  flash: null,
  xr: null,
  xrPlacement: null,
  quickLook: null,
  quickLookHref: null,
  tracking: 'off',
  ...NO_KEEPSAKES,
  canChoosePhoto: false,
  photo: null,
}

export interface Notice {
  title: string
  body: string
  /** Extra line shown as selectable text (e.g. the https URL). */
  hint: string | null
}

export interface View {
  message: string
  tone: Tone
  notice: Notice | null
  buttons: ButtonId[]
  /** Show the camera <select> (more than one camera). */
  picker: boolean
  reticle: 'off' | 'scanning' | 'found'
  progress: number | null
  /** Show the "View in your space" link (AR Quick Look). */
  quickLook: boolean
  /** Offer "Choose a photo" (no usable camera). */
  choosePhoto: boolean
  /** Offer "Open in Chrome" (an Android in-app browser that cannot use the camera). */
  openInBrowser: boolean
  /**
   * The visitor must act (allow the camera, scan again, check the connection, come back
   * tomorrow…): the message is announced at once and takes focus. Otherwise it is a polite status.
   */
  urgent: boolean
}

/** Camera states in which a chosen photo replaces the camera. */
const PHOTO_FALLBACK_CAMERA: ReadonlySet<CameraStatus> = new Set<CameraStatus>(['denied', 'no-camera', 'unsupported', 'in-app-browser'])

const CAMERA_FAILURES: ReadonlySet<CameraStatus> = new Set<CameraFailure>([
  'denied',
  'no-camera',
  'busy',
  'insecure',
  'in-app-browser',
  'unsupported',
  'error',
])

export function isCameraFailure(status: CameraStatus): status is CameraFailure {
  return CAMERA_FAILURES.has(status)
}

export function cameraNotice(
  state: Pick<ViewState, 'camera' | 'inAppBrowser' | 'httpsHint' | 'platform' | 'openInBrowserHref'>,
): Notice | null {
  const status = state.camera
  if (!isCameraFailure(status)) return null
  if (status === 'in-app-browser') {
    const copy = strings.camera['in-app-browser']
    const app = state.inAppBrowser ?? copy.unknownApp
    const body =
      state.platform === 'ios' ? copy.bodyIos : state.platform === 'android' && state.openInBrowserHref ? copy.bodyAndroid : copy.body
    return { title: copy.title, body: body(app), hint: null }
  }
  const copy = strings.camera[status]
  return { title: copy.title, body: copy.body, hint: status === 'insecure' ? state.httpsHint : null }
}

export function deriveView(s: ViewState): View {
  const buttons: ButtonId[] = []
  const name = s.targetName || strings.status.unnamedTarget
  const needsGesture = s.needsGesture || s.cameraNeedsGesture
  const view: View = {
    message: '',
    tone: 'info',
    notice: null,
    buttons,
    picker: false,
    reticle: 'off',
    progress: null,
    quickLook: false,
    choosePhoto: false,
    openInBrowser: false,
    urgent: false,
  }

  // In the AR session the room is the view: only the placement hint and "Exit AR".
  if (s.xr === 'presenting') {
    const title = s.contentTitle || name
    view.message =
      s.xrPlacement === 'placed' ? strings.xr.placed : s.xrPlacement === 'aiming' ? strings.xr.aiming(title) : strings.xr.seeking
    view.tone = s.xrPlacement === 'seeking' ? 'busy' : 'success'
    buttons.push('xr-exit')
    if (s.flash) view.message = s.flash
    return view
  }
  if (s.xr === 'starting') {
    view.message = strings.xr.starting
    view.tone = 'busy'
    return view
  }

  view.choosePhoto = s.canChoosePhoto && PHOTO_FALLBACK_CAMERA.has(s.camera) && s.recording === null
  // Once a photo is chosen, or content is on screen (e.g. shown from the debug panel), that is the
  // view: the camera notice steps aside.
  const notice = s.photo === null && s.content !== 'shown' ? cameraNotice(s) : null
  if (notice) {
    view.notice = notice
    view.message = notice.title
    view.tone = 'error'
    view.urgent = true
    view.openInBrowser = s.camera === 'in-app-browser' && !!s.openInBrowserHref
    if (s.camera === 'in-app-browser' || s.camera === 'insecure') buttons.push('copy-link')
    if (s.camera !== 'insecure' && s.camera !== 'unsupported') buttons.push('retry')
    if (s.flash) view.message = s.flash
    return view
  }

  const live = s.camera === 'live'
  if (live && s.cameraCount !== 1) buttons.push('switch')
  if (s.photo !== null && !live && s.content === 'none' && !s.metaError) {
    // The day's quota gets the camera path's words: no other photo can be checked today either.
    view.message = s.flash ?? (s.photo === 'quota' ? strings.status.quotaExhausted : strings.photo[s.photo === 'shown' ? 'again' : s.photo])
    view.tone = s.photo === 'searching' ? 'busy' : s.photo === 'shown' ? 'info' : s.photo === 'quota' ? 'error' : 'warn'
    view.urgent = s.photo === 'error' || s.photo === 'quota'
    return view
  }
  view.picker = live && s.cameraCount > 1

  if (s.render === 'no-webgl') {
    view.message = strings.status.webglMissing
    view.tone = 'error'
    view.urgent = true
  } else if (s.render === 'context-lost') {
    view.message = strings.status.contextLost
    view.tone = 'busy'
  } else if (s.camera === 'starting' || (s.started && s.camera === 'idle')) {
    view.message = s.cameraFallback ? strings.status.fallback : strings.status.starting
    view.tone = 'busy'
  } else if (s.camera === 'paused') {
    view.message = strings.status.paused
  } else if (s.metaError) {
    view.message = strings.status.badMeta(s.metaError.target || strings.status.unnamedTarget, s.metaError.reason)
    view.tone = 'warn'
    view.urgent = true
    // Scanning goes on behind the message.
    if (s.recognition === 'scanning' || s.recognition === 'searching') view.reticle = 'scanning'
    buttons.push('rescan')
  } else if (s.content === 'error') {
    // The technical reason goes to the console and printAR.content(), not to the visitor.
    view.message = strings.status.contentError(s.contentTitle || name)
    view.tone = 'warn'
    view.urgent = true
    buttons.push('rescan')
  } else if (s.content === 'loading') {
    view.message = strings.status.loading(s.contentTitle || name)
    view.tone = 'busy'
    view.progress = s.progress ?? 0
    view.reticle = 'found'
    buttons.push('close')
  } else if (s.content === 'shown') {
    // The title card says what is shown; the status line only speaks when there is no card.
    // The print left the view: the content waits in front of the camera, the line says how to
    // put it back.
    view.message = needsGesture
      ? strings.status.tapToPlay
      : s.tracking === 'lost'
        ? strings.tracking.lost
        : s.contentTitle
          ? ''
          : strings.status.shown(name)
    view.tone = 'success'
    if (s.recording !== null) {
      // While recording, the view is the clip: only "Stop" and the counter.
      view.message = strings.capture.recording(s.recording)
      view.tone = 'error'
      buttons.splice(0, buttons.length, 'record')
      return view
    }
    if (canOfferXr(s.xr)) buttons.push('ar')
    view.quickLook = s.quickLook === 'ready' && !!s.quickLookHref
    if (s.canPhoto) buttons.push('photo')
    if (s.canRecord) buttons.push('record')
    if (s.sound !== null) buttons.push('sound')
    buttons.push('rescan', 'close')
  } else {
    switch (s.recognition) {
      case 'scanning':
      case 'searching':
        view.message = strings.status.scanning
        view.reticle = 'scanning'
        break
      case 'recognized':
      case 'showing':
        view.message = strings.status.recognized(name)
        view.tone = 'success'
        view.reticle = 'found'
        break
      case 'backoff':
        view.message = strings.status.backoff
        view.tone = 'warn'
        view.urgent = true
        view.reticle = 'scanning'
        break
      case 'throttled':
        view.message = strings.status.throttled
        view.tone = 'warn'
        view.reticle = 'scanning'
        break
      case 'paused':
        view.message = strings.status.recognitionPaused
        buttons.push('rescan')
        break
      case 'config-error':
        view.message = strings.status.configError(s.recognitionDetail ?? '')
        view.tone = 'error'
        view.urgent = true
        buttons.push('rescan')
        break
      case 'quota-exhausted':
        view.message = strings.status.quotaExhausted
        view.tone = 'error'
        view.urgent = true
        buttons.push('rescan')
        break
      case 'idle':
        view.message = live ? strings.status.scanning : ''
        view.reticle = live ? 'scanning' : 'off'
        break
    }
  }
  if (needsGesture) buttons.unshift('play')
  if (s.flash) view.message = s.flash
  return view
}
