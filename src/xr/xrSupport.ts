/**
 * Whether "AR: place in your room" (WebXR immersive-ar) can be offered, as one state per case
 * (three's ARButton distinguishes the same cases). Tiny and DOM-free on purpose: it runs at
 * startup in the entry chunk; the session code itself is a dynamic import (src/xr/ArSession.ts).
 *
 * `data-xr` on <html> mirrors the state:
 * - `unsupported`  no WebXR, or no immersive-ar on this device (desktop, iPhone, Firefox…)
 * - `needs-https`  WebXR exists only on secure pages and this one is plain http
 * - `not-allowed`  the browser refuses to answer (permissions policy / xr-spatial-tracking off)
 * - `ready`        immersive-ar is supported: the button is offered once content is shown
 * - `starting`     the session is being requested (the button is disabled)
 * - `presenting`   in the AR session; the DOM overlay shows the status line and "Exit AR"
 * - `failed`       the last start failed (declined, no camera…): back in camera mode, the button
 *                  stays so the visitor can try again
 * The attribute is absent while the check is still running.
 */

export type XrState = 'unsupported' | 'needs-https' | 'not-allowed' | 'ready' | 'starting' | 'presenting' | 'failed'

/** Where the placement is in an AR session (mirrored as `data-xr-placement`). */
export type XrPlacement = 'seeking' | 'aiming' | 'placed'

/** The slice of `navigator.xr` the check needs (a fake is enough in unit tests). */
export interface XrSystemLike {
  isSessionSupported(mode: 'immersive-ar'): Promise<boolean>
}

/** Resolves the initial state; never rejects. */
export async function detectXr(xr: XrSystemLike | undefined | null, secure: boolean): Promise<XrState> {
  if (!xr) return secure ? 'unsupported' : 'needs-https'
  try {
    return (await xr.isSessionSupported('immersive-ar')) ? 'ready' : 'unsupported'
  } catch (error) {
    // A SecurityError here means a permissions policy blocks WebXR in this frame.
    console.warn('PrintAR: WebXR support check refused', error)
    return 'not-allowed'
  }
}

/** States in which the "AR: place in your room" button is offered (content must be shown too). */
export function canOfferXr(state: XrState | null): boolean {
  return state === 'ready' || state === 'failed' || state === 'starting'
}
