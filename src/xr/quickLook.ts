/**
 * iOS AR Quick Look: where WebXR AR is missing (every iPhone browser) but Safari can open a USDZ
 * in the room, "View in your space" is offered for models (never videos). Tiny and DOM-light: it
 * runs in the entry chunk; the USDZ export (three's USDZExporter) is a dynamic import.
 */
import { detectInAppBrowser, isIOS } from '../core/capabilities'
import type { ContentStatus } from '../core/status'
import type { ContentType } from '../protocol/meta'
import type { XrState } from './xrSupport'

export interface QuickLookEnvironment {
  userAgent: string
  maxTouchPoints: number
  /** `document.createElement('a').relList.supports('ar')`. */
  relListSupportsAr: boolean
}

/** Reads the environment from a document (null-safe for old browsers without relList.supports). */
export function quickLookEnvironment(doc: Document, nav: Navigator): QuickLookEnvironment {
  let relListSupportsAr = false
  try {
    relListSupportsAr = doc.createElement('a').relList?.supports?.('ar') === true
  } catch {
    relListSupportsAr = false
  }
  return { userAgent: nav.userAgent ?? '', maxTouchPoints: nav.maxTouchPoints ?? 0, relListSupportsAr }
}

/**
 * Whether this browser opens `<a rel="ar">` in AR Quick Look: iOS, rel="ar" supported, and not an
 * in-app web view (they report rel="ar" but swallow the link).
 */
export function supportsQuickLook(env: QuickLookEnvironment): boolean {
  return env.relListSupportsAr && isIOS(env.userAgent, env.maxTouchPoints) && detectInAppBrowser(env.userAgent) === null
}

/** States where the WebXR button is (or may be) offered instead. */
const WEBXR_OFFERED: ReadonlySet<XrState> = new Set<XrState>(['ready', 'starting', 'presenting', 'failed'])

/** Offer "View in your space" for the shown content? */
export function offerQuickLook(input: {
  quickLook: boolean
  xr: XrState | null
  content: ContentStatus
  contentType: ContentType | null
}): boolean {
  if (!input.quickLook || input.content !== 'shown' || input.contentType !== 'model') return false
  // While the WebXR check runs (null) wait: a phone with both should get WebXR.
  return input.xr !== null && !WEBXR_OFFERED.has(input.xr)
}
