/**
 * The overlay over the camera: status line, notice card for camera failures, reticle while
 * scanning, content progress and info, and the bottom controls. It owns the view state,
 * mirrors the statuses into `data-*` attributes on <html> (for CSS and e2e tests) and
 * reports button presses as 'action' events; it never calls the camera or network itself.
 * All text goes through textContent.
 */
import { safeHttpUrl } from '../core/capabilities'
import { Emitter } from '../core/Emitter'
import type { Flash } from '../core/status'
import { flashText } from './flashText'
import { BUTTON_IDS, findOverlayElements, type OverlayElements } from './overlayElements'
import type { ContentAction } from '../protocol/meta'
import { strings } from './strings'
import { deriveView, INITIAL_VIEW_STATE, type ButtonId, type View, type ViewState } from './viewState'

export type OverlayAction = ButtonId | 'start' | 'pick' | 'choose-photo' | 'replay'

export interface StatusOverlayEvents {
  action: { action: OverlayAction; deviceId?: string; file?: File }
}

/** The slice of Element the attribute mirror needs (a fake is enough in unit tests). */
export interface AttributeTarget {
  setAttribute(name: string, value: string): void
  removeAttribute(name: string): void
}

/** A part whose state is a slice of the view state (src/show, src/xr, src/keepsake, src/photoFallback). */
export interface ViewPart<S extends Partial<ViewState>> {
  readonly state: Readonly<S>
  on(type: 'change', listener: (event: { state: Readonly<S> }) => void): () => void
}

/** A part with short news for the visitor. */
export interface NewsPart {
  on(type: 'flash', listener: (flash: Flash) => void): () => void
}

export interface CameraOption {
  deviceId: string
  label: string
}

/** Mirrors the statuses into data-* attributes; absent values remove the attribute. */
export function mirrorStatusAttributes(target: AttributeTarget, s: ViewState): void {
  const set = (name: string, value: string | null) =>
    value === null || value === '' ? target.removeAttribute(name) : target.setAttribute(name, value)
  set('data-camera', s.camera)
  set('data-recognition', s.recognition)
  set('data-content', s.content)
  set('data-content-type', s.content === 'none' ? null : s.contentType)
  set('data-target-name', s.targetName)
  set('data-render', s.render)
  set('data-started', s.started ? 'true' : 'false')
  set('data-xr', s.xr)
  set('data-tracking', s.tracking)
  set('data-xr-placement', s.xr === 'presenting' ? s.xrPlacement : null)
  set('data-quick-look', s.content === 'shown' ? s.quickLook : null)
  set('data-recording', s.recording !== null ? 'true' : null)
  set('data-photo', s.photo)
  set('data-audio', s.content === 'shown' ? s.sound : null)
}

/** Read when the page is built (after the visitor's language is loaded), not at module load. */
const buttonLabels = (): Record<ButtonId, string> => ({
  switch: strings.buttons.switch,
  rescan: strings.buttons.rescan,
  sound: strings.buttons.sound.off,
  play: strings.buttons.play,
  close: strings.buttons.close,
  retry: strings.buttons.retry,
  'copy-link': strings.buttons.copyLink,
  ar: strings.buttons.ar,
  'xr-exit': strings.buttons.xrExit,
  photo: strings.buttons.photo,
  record: strings.buttons.record,
})

export interface StatusOverlayOptions {
  /** Where data-* attributes go (document.documentElement). */
  root: AttributeTarget
  /** The page; without it the overlay only mirrors attributes (unit tests). */
  document?: Document
  /** The start screen's privacy line (src/ui/privacyNote.ts). */
  privacyNote?: string
}

/** How long a flash line (e.g. "Link copied") stays (ms). */
const FLASH_MS = 3500

export class StatusOverlay extends Emitter<StatusOverlayEvents> {
  #root: AttributeTarget
  #el: OverlayElements | null
  #state: ViewState = { ...INITIAL_VIEW_STATE }
  #view: View | null = null
  #cameras: readonly CameraOption[] = []
  /** The actions the buttons in #content-actions were built from (rebuilt only when they change). */
  #renderedActions: readonly ContentAction[] | null = null
  #flashTimer: ReturnType<typeof setTimeout> | undefined
  /** The urgent message that last took focus: the same one again (a retry cycle) does not take it again. */
  #focused: string | null = null
  #disposed = false

  constructor(options: StatusOverlayOptions) {
    super()
    this.#root = options.root
    this.#el = options.document ? findOverlayElements(options.document) : null
    if (this.#el) {
      this.#fillStaticText(this.#el)
      setText(this.#el.startScreen.ownerDocument.getElementById('start-privacy'), options.privacyNote ?? '')
      this.#el.startButton.addEventListener('click', this.#onStart)
      this.#el.picker.addEventListener('change', this.#onPick)
      this.#el.photoInput.addEventListener('change', this.#onPhoto)
      for (const id of BUTTON_IDS) this.#el.buttons[id].addEventListener('click', this.#onButton)
      this.#el.contentActions.addEventListener('click', this.#onContentAction)
    }
    this.#render()
  }

  /** What is rendered, for the overlay's own tests: the app never reads it back to decide. */
  get state(): Readonly<ViewState> {
    return this.#state
  }
  get view(): Readonly<View> | null {
    return this.#view
  }

  /** Merges a partial state and re-renders (cheap; only changed DOM is touched). */
  set(patch: Partial<ViewState>): void {
    if (this.#disposed) return
    let changed = false
    for (const key of Object.keys(patch) as (keyof ViewState)[]) {
      if (this.#state[key] !== patch[key]) changed = true
    }
    if (!changed) return
    this.#state = { ...this.#state, ...patch }
    this.#render()
  }

  /** Renders `part`'s state now and whenever it changes; returns the function that stops. */
  mirror<S extends Partial<ViewState>>(part: ViewPart<S>): () => void {
    this.set(part.state)
    return part.on('change', ({ state }) => this.set(state))
  }

  /** Flashes what `part` reports; returns the function that stops. */
  relay(part: NewsPart): () => void {
    return part.on('flash', (flash) => this.flash(flash))
  }

  /** Shows a short message over the status for a few seconds. */
  flash(flash: Flash): void {
    clearTimeout(this.#flashTimer)
    this.set({ flash: flashText(flash) })
    this.#flashTimer = setTimeout(() => this.set({ flash: null }), FLASH_MS)
  }

  /** Fills the camera picker (shown only when there is more than one camera). */
  setCameras(cameras: readonly CameraOption[], selectedId: string | null): void {
    this.#cameras = cameras
    const picker = this.#el?.picker
    if (picker) {
      picker.replaceChildren(
        ...cameras.map((c) => {
          const option = picker.ownerDocument.createElement('option')
          option.value = c.deviceId
          option.textContent = c.label
          option.selected = c.deviceId === selectedId
          return option
        }),
      )
    }
    this.set({ cameraCount: cameras.length })
  }

  selectCamera(deviceId: string | null): void {
    const picker = this.#el?.picker
    if (picker && deviceId && this.#cameras.some((c) => c.deviceId === deviceId)) picker.value = deviceId
  }

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    clearTimeout(this.#flashTimer)
    if (this.#el) {
      this.#el.startButton.removeEventListener('click', this.#onStart)
      this.#el.picker.removeEventListener('change', this.#onPick)
      this.#el.photoInput.removeEventListener('change', this.#onPhoto)
      for (const id of BUTTON_IDS) this.#el.buttons[id].removeEventListener('click', this.#onButton)
      this.#el.contentActions.removeEventListener('click', this.#onContentAction)
    }
    this.removeAllListeners()
  }

  #render(): void {
    const s = this.#state
    mirrorStatusAttributes(this.#root, s)
    const view = deriveView(s)
    this.#view = view
    const el = this.#el
    if (!el) return

    el.startScreen.hidden = s.started
    // In an in-app browser, say before the tap that the camera may be blocked and what then.
    setText(el.startInApp, s.inAppBrowser ? strings.start.inApp(s.inAppBrowser) : '')
    el.startInApp.hidden = !s.inAppBrowser
    setText(el.statusText, view.message)
    // With a notice card up, the status line would repeat its title; it only shows a flash.
    el.status.hidden = !s.started || view.message === '' || (!!view.notice && !s.flash)
    el.status.dataset.tone = view.tone
    // Assertive while the visitor must act; polite news otherwise (the notice card is role=alert).
    el.status.setAttribute('aria-live', view.urgent ? 'assertive' : 'polite')

    el.notice.hidden = !view.notice || !s.started
    setText(el.noticeTitle, view.notice?.title ?? '')
    setText(el.noticeBody, view.notice?.body ?? '')
    setText(el.noticeHint, view.notice?.hint ?? '')
    el.noticeHint.hidden = !view.notice?.hint

    // Retry and copy-link live in the notice card; the rest in the bottom bar.
    for (const id of BUTTON_IDS) {
      const button = el.buttons[id]
      const inNotice = id === 'retry' || id === 'copy-link'
      const parent = inNotice ? el.noticeActions : el.controls
      if (button.parentElement !== parent) parent.append(button)
      button.hidden = !s.started || !view.buttons.includes(id)
    }
    el.buttons.ar.disabled = s.xr === 'starting'
    // "Choose a photo" sits in the notice card while the camera notice is up, else in the bar.
    const photoParent = view.notice ? el.noticeActions : el.controls
    if (el.choosePhoto.parentElement !== photoParent) photoParent.prepend(el.choosePhoto)
    // "Open in Chrome" leads the notice's actions (reading and tab order as seen).
    if (el.noticeActions.firstElementChild !== el.openInBrowser) el.noticeActions.prepend(el.openInBrowser)
    el.choosePhoto.hidden = !s.started || !view.choosePhoto
    el.choosePhoto.classList.toggle('primary', !!view.notice)
    el.buttons.photo.disabled = s.photoBusy
    // One sound button, three faces: "Mute", "Sound on", and "Tap for sound" (highlighted) when
    // the browser refused to play sound without a tap — never silence without saying so.
    const soundLabel = strings.buttons.sound[s.sound ?? 'off']
    setText(el.buttons.sound.querySelector<HTMLElement>('.label'), soundLabel)
    el.buttons.sound.setAttribute('aria-label', soundLabel)
    el.buttons.sound.setAttribute('aria-pressed', s.sound === 'on' ? 'false' : 'true')
    el.buttons.sound.classList.toggle('primary', s.sound === 'blocked')
    el.buttons.sound.dataset.sound = s.sound ?? ''
    const recordLabel = s.recording !== null ? strings.buttons.stopRecording(s.recording) : strings.buttons.record
    setText(el.buttons.record.querySelector<HTMLElement>('.label'), recordLabel)
    el.buttons.record.setAttribute('aria-label', s.recording !== null ? recordLabel : strings.buttons.record)
    el.buttons.record.setAttribute('aria-pressed', s.recording !== null ? 'true' : 'false')
    // <a rel="ar"> opens AR Quick Look itself; no click handler, the href is the whole action.
    const quickLook = s.started && view.quickLook && s.quickLookHref ? s.quickLookHref : null
    if (quickLook) {
      if (el.quickLook.getAttribute('href') !== quickLook) el.quickLook.setAttribute('href', quickLook)
    } else el.quickLook.removeAttribute('href')
    el.quickLook.hidden = !quickLook
    // An intent:// link: Android hands the page to Chrome (no click handler; the href is the action).
    const openHref = s.started && view.openInBrowser ? s.openInBrowserHref : null
    if (openHref) {
      if (el.openInBrowser.getAttribute('href') !== openHref) el.openInBrowser.setAttribute('href', openHref)
    } else el.openInBrowser.removeAttribute('href')
    el.openInBrowser.hidden = !openHref
    el.picker.hidden = !s.started || !view.picker
    el.controls.hidden = !s.started

    el.reticle.dataset.state = s.started ? view.reticle : 'off'

    el.progress.hidden = view.progress === null
    el.progressBar.style.transform = `scaleX(${Math.max(0, Math.min(1, view.progress ?? 0))})`
    el.progress.setAttribute('aria-valuenow', String(Math.round((view.progress ?? 0) * 100)))

    const actions = s.contentActions ?? []
    const showInfo = s.content === 'shown' && !!(s.contentTitle || s.contentCaption || s.contentLink || actions.length > 0)
    el.contentInfo.hidden = !showInfo
    setText(el.contentTitle, s.contentTitle ?? '')
    el.contentTitle.hidden = !s.contentTitle
    setText(el.contentCaption, s.contentCaption ?? '')
    el.contentCaption.hidden = !s.contentCaption
    if (this.#renderedActions !== s.contentActions) {
      this.#renderedActions = s.contentActions
      el.contentActions.replaceChildren(...actions.flatMap((action) => actionElement(el.contentActions.ownerDocument, action)))
    }
    el.contentActions.hidden = actions.length === 0
    if (s.contentLink) {
      if (el.contentLink.href !== s.contentLink) el.contentLink.href = s.contentLink
      setText(el.contentLink, strings.content.openLink(hostOf(s.contentLink)))
      el.contentLink.hidden = false
    } else {
      el.contentLink.removeAttribute('href')
      el.contentLink.hidden = true
    }
    this.#focusUrgent(el, s, view)
  }

  /**
   * A message that needs the visitor to act takes focus once it is on screen (a screen reader reads
   * it, a keyboard is next to its buttons); news never does. The backoff cycle (backoff → searching →
   * backoff) counts as one message until the loop gets anywhere else.
   */
  #focusUrgent(el: OverlayElements, s: ViewState, view: View): void {
    const key = s.started && view.urgent ? `${view.notice ? 'notice' : 'status'}:${view.notice?.title ?? view.message}` : null
    if (key === null) {
      if (s.recognition !== 'searching') this.#focused = null
      return
    }
    if (key === this.#focused) return
    const target = view.notice ? el.notice : el.status
    if (target.hidden) return
    this.#focused = key
    target.focus({ preventScroll: true })
  }

  #fillStaticText(el: OverlayElements): void {
    const doc = el.startScreen.ownerDocument
    doc.title = strings.documentTitle
    for (const node of doc.querySelectorAll<HTMLElement>('[data-text="productName"]')) setText(node, strings.productName)
    setText(doc.getElementById('start-tagline'), strings.start.tagline)
    setText(doc.getElementById('start-explain'), strings.start.explain)
    setText(el.startButton, strings.start.button)
    const labels = buttonLabels()
    for (const id of BUTTON_IDS) {
      const label = el.buttons[id].querySelector('.label') ?? el.buttons[id]
      setText(label as HTMLElement, labels[id])
      el.buttons[id].setAttribute('aria-label', labels[id])
    }
    el.picker.setAttribute('aria-label', strings.buttons.picker)
    setText(el.choosePhoto.querySelector<HTMLElement>('.label'), strings.photo.choose)
    el.quickLook.setAttribute('aria-label', strings.buttons.quickLook)
    setText(el.quickLook.querySelector<HTMLElement>('.label'), strings.buttons.quickLook)
    setText(el.openInBrowser.querySelector<HTMLElement>('.label'), strings.buttons.openInBrowser)
    el.contentLink.target = '_blank'
    el.contentLink.rel = 'noopener noreferrer'
  }

  #onStart = (): void => this.emit('action', { action: 'start' })
  #onPhoto = (): void => {
    const input = this.#el?.photoInput
    const file = input?.files?.[0]
    if (!input || !file) return
    this.emit('action', { action: 'choose-photo', file })
    // Choosing the same file again must fire 'change' again.
    input.value = ''
  }
  #onContentAction = (event: Event): void => {
    const button = (event.target as Element | null)?.closest?.('button[data-content-action="replay"]')
    if (button) this.emit('action', { action: 'replay' })
  }
  #onPick = (): void => this.emit('action', { action: 'pick', deviceId: this.#el?.picker.value ?? '' })
  #onButton = (event: Event): void => {
    const id = (event.currentTarget as HTMLElement | null)?.dataset.action as ButtonId | undefined
    if (id && BUTTON_IDS.includes(id)) this.emit('action', { action: id })
  }
}

/**
 * One call-to-action element. Links open in a new tab without access to this page
 * (`noopener noreferrer`); the URL is checked again here (http/https only), so a bad URL that got
 * past meta validation becomes nothing rather than a `javascript:` link. Labels are textContent.
 */
function actionElement(doc: Document, action: ContentAction): HTMLElement[] {
  if (action.kind === 'replay') {
    const button = doc.createElement('button')
    button.type = 'button'
    button.className = 'btn cta'
    button.dataset.contentAction = 'replay'
    button.textContent = action.label
    return [button]
  }
  const href = safeHttpUrl(action.url)
  if (!href) return []
  const link = doc.createElement('a')
  link.className = 'btn cta primary'
  link.href = href
  link.target = '_blank'
  link.rel = 'noopener noreferrer'
  link.textContent = action.label
  return [link]
}

function setText(node: HTMLElement | null, text: string): void {
  if (node && node.textContent !== text) node.textContent = text
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '')
  } catch {
    return url
  }
}
