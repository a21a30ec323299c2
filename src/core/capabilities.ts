/**
 * Capability checks in one place (model-viewer `constants.ts` style). Pure functions take
 * their inputs (UA string, location, navigator) so they can be unit-tested without a DOM;
 * `detectCapabilities()` reads the real globals once.
 */

/** In-app browsers known to hide or break getUserMedia, matched against the user agent. */
const IN_APP_BROWSERS: ReadonlyArray<readonly [name: string, pattern: RegExp]> = [
  ['Instagram', /\bInstagram\b/i],
  ['Facebook', /\bFBAN\/|\bFBAV\/|\bFB_IAB\/|\bFBIOS\b|\bFB4A\b/i],
  ['Messenger', /\bMessenger(?:ForiOS|LiteForiOS)?\b|\bFBAN\/Messenger/i],
  ['WeChat', /\bMicroMessenger\//i],
  ['LINE', /\bLine\/\d/i],
  ['TikTok', /\bmusical_ly\b|\bBytedanceWebview\b|\bTikTok\b|\btrill_\d/i],
  ['Snapchat', /\bSnapchat\b/i],
  ['Twitter', /\bTwitter(?:Android)?\b/i],
  ['LinkedIn', /\bLinkedInApp\b/i],
  ['Pinterest', /\bPinterest\b/i],
]

/** Returns the in-app browser's name for a UA string, or null for a regular browser. */
export function detectInAppBrowser(userAgent: string): string | null {
  for (const [name, pattern] of IN_APP_BROWSERS) if (pattern.test(userAgent)) return name
  return null
}

/** True on Android (phones and tablets, their in-app browsers included). */
export function isAndroid(userAgent: string): boolean {
  return /\bAndroid\b/i.test(userAgent)
}

/**
 * An Android intent link that opens this page in Chrome, out of an in-app web view that cannot
 * use the camera (`intent://host/path#Intent;scheme=https;package=com.android.chrome;end`).
 */
export function chromeIntentUrl(origin: OriginInfo): string {
  const scheme = origin.protocol.replace(/:$/, '') || 'https'
  return `intent://${origin.host}${origin.pathname}${origin.search}#Intent;scheme=${scheme};package=com.android.chrome;end`
}

/** True on iOS / iPadOS (iPadOS 13+ reports itself as Macintosh with touch). */
export function isIOS(userAgent: string, maxTouchPoints = 0): boolean {
  return /\b(iPhone|iPad|iPod)\b/.test(userAgent) || (/\bMacintosh\b/.test(userAgent) && maxTouchPoints > 1)
}

export interface OriginInfo {
  protocol: string
  hostname: string
  host: string
  pathname: string
  search: string
  hash: string
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i

/**
 * True when the camera cannot be used because the page is not a secure context: plain http
 * on anything but localhost (e.g. http://192.168.1.20:5173 from a phone on the LAN).
 * `isSecureContext` is authoritative when the browser provides it.
 */
export function isInsecureOrigin(origin: OriginInfo, isSecureContext?: boolean): boolean {
  if (typeof isSecureContext === 'boolean') return !isSecureContext
  if (origin.protocol === 'https:' || origin.protocol === 'file:') return false
  return !LOOPBACK.test(origin.hostname)
}

/** The https:// twin of the current URL, shown to visitors on an insecure origin. */
export function httpsUrlHint(origin: OriginInfo): string {
  return `https://${origin.host}${origin.pathname}${origin.search}${origin.hash}`
}

/** Only http(s) links may be opened from content meta (no javascript:, data:, …). */
export function safeHttpUrl(raw: unknown, base?: string): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null
  try {
    const url = new URL(raw.trim(), base)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

export interface Capabilities {
  /** navigator.mediaDevices.getUserMedia exists. */
  hasGetUserMedia: boolean
  /** The page is a secure context (https or localhost). */
  secure: boolean
  /** Name of the in-app browser, or null. */
  inAppBrowser: string | null
  ios: boolean
  android: boolean
  hasClipboard: boolean
}

/** Reads the real globals once. Safe to call in Node (returns a "nothing available" set). */
export function detectCapabilities(): Capabilities {
  const nav = globalThis.navigator as Navigator | undefined
  const ua = nav?.userAgent ?? ''
  const loc = globalThis.location as Location | undefined
  return {
    hasGetUserMedia: typeof nav?.mediaDevices?.getUserMedia === 'function',
    secure: loc ? !isInsecureOrigin(loc, globalThis.isSecureContext) : true,
    inAppBrowser: detectInAppBrowser(ua),
    ios: isIOS(ua, nav?.maxTouchPoints ?? 0),
    android: isAndroid(ua),
    hasClipboard: typeof nav?.clipboard?.writeText === 'function',
  }
}

/**
 * Throws an Error naming what is missing for the camera path (model-viewer
 * `assertIsArCandidate` style); the camera turns this into a status.
 */
export function assertCanUseCamera(caps: Capabilities): void {
  const missing: string[] = []
  if (!caps.secure) missing.push('secure context (HTTPS)')
  if (!caps.hasGetUserMedia) missing.push('navigator.mediaDevices.getUserMedia')
  if (missing.length) throw new Error(`capabilities: the camera needs ${missing.join(', ')}`)
}
