/**
 * The overlay's elements in index.html, found once by id (a missing one is a build mistake and
 * fails loudly at start-up). The ids are part of the page's public surface: CSS and tests use them.
 */
import type { ButtonId } from './viewState'

export const BUTTON_IDS: readonly ButtonId[] = [
  'switch',
  'rescan',
  'sound',
  'play',
  'close',
  'retry',
  'copy-link',
  'ar',
  'xr-exit',
  'photo',
  'record',
]

export interface OverlayElements {
  status: HTMLElement
  statusText: HTMLElement
  notice: HTMLElement
  noticeTitle: HTMLElement
  noticeBody: HTMLElement
  noticeHint: HTMLElement
  noticeActions: HTMLElement
  controls: HTMLElement
  reticle: HTMLElement
  progress: HTMLElement
  progressBar: HTMLElement
  contentInfo: HTMLElement
  contentTitle: HTMLElement
  contentCaption: HTMLElement
  contentLink: HTMLAnchorElement
  contentActions: HTMLElement
  picker: HTMLSelectElement
  quickLook: HTMLAnchorElement
  openInBrowser: HTMLAnchorElement
  choosePhoto: HTMLLabelElement
  photoInput: HTMLInputElement
  startScreen: HTMLElement
  startButton: HTMLButtonElement
  startInApp: HTMLElement
  buttons: Record<ButtonId, HTMLButtonElement>
}

export function findOverlayElements(doc: Document): OverlayElements {
  const get = <T extends HTMLElement>(id: string): T => {
    const node = doc.getElementById(id)
    if (!node) throw new Error(`StatusOverlay: #${id} is missing from index.html`)
    return node as T
  }
  const buttons = {} as Record<ButtonId, HTMLButtonElement>
  for (const id of BUTTON_IDS) buttons[id] = get<HTMLButtonElement>(`btn-${id}`)
  return {
    status: get('status'),
    statusText: get('status-text'),
    notice: get('notice'),
    noticeTitle: get('notice-title'),
    noticeBody: get('notice-body'),
    noticeHint: get('notice-hint'),
    noticeActions: get('notice-actions'),
    controls: get('controls'),
    reticle: get('reticle'),
    progress: get('progress'),
    progressBar: get('progress-bar'),
    contentInfo: get('content-info'),
    contentTitle: get('content-title'),
    contentCaption: get('content-caption'),
    contentLink: get<HTMLAnchorElement>('content-link'),
    contentActions: get('content-actions'),
    picker: get<HTMLSelectElement>('camera-picker'),
    quickLook: get<HTMLAnchorElement>('quick-look'),
    openInBrowser: get<HTMLAnchorElement>('open-in-browser'),
    choosePhoto: get<HTMLLabelElement>('btn-choose-photo'),
    photoInput: get<HTMLInputElement>('photo-input'),
    startScreen: get('start-screen'),
    startButton: get<HTMLButtonElement>('btn-start'),
    startInApp: get('start-in-app'),
    buttons,
  }
}
