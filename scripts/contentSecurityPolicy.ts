/**
 * The app's Content-Security-Policy, written into the built index.html as a <meta> tag (static
 * hosts rarely let a campaign team set headers; a header, where you can set one, may add
 * `frame-ancestors`, which a <meta> policy cannot carry).
 *
 * - No inline script, no eval: scripts come from the app's own origin only. 'wasm-unsafe-eval'
 *   lets three's Draco/Basis decoders compile their WebAssembly, nothing else.
 * - `connect-src` (fetch/XHR): the app, the recognizer's Client-end URL, the token URL, and the
 *   content origins listed in VITE_CONTENT_ORIGINS: a page that is tricked into talking to
 *   anything else cannot.
 * - Workers from blob: (the decoders start their workers from generated source).
 * - Media and images from the same origins plus blob:/data: (textures inside GLBs, captures).
 */
import type { Plugin } from 'vite'

export interface CspInputs {
  /** VITE_CRS_CLIENT_URL ('' = same origin). */
  clientEndUrl?: string | undefined
  /** VITE_CRS_TOKEN_URL ('' or a path = same origin). */
  tokenUrl?: string | undefined
  /** VITE_CONTENT_ORIGINS: space or comma separated origins that serve models and videos. */
  contentOrigins?: string | undefined
}

/** The origin of an absolute http(s) URL, or null for relative/empty ones (same origin). */
function originOf(url: string | undefined, name: string): string | null {
  if (!url || !/^[a-z][a-z0-9+.-]*:/i.test(url)) return null
  const parsed = new URL(url)
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`${name} must be an http(s) URL, got ${url}`)
  return parsed.origin
}

export function contentSecurityPolicy({ clientEndUrl, tokenUrl, contentOrigins }: CspInputs): string {
  const content = (contentOrigins ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((origin) => originOf(origin, 'VITE_CONTENT_ORIGINS'))
    .filter((origin): origin is string => origin !== null)
  const remote = [originOf(clientEndUrl, 'VITE_CRS_CLIENT_URL'), originOf(tokenUrl, 'VITE_CRS_TOKEN_URL'), ...content].filter(
    (origin): origin is string => origin !== null,
  )
  // blob: is the page's own data (an exported USDZ, a capture) read back; nothing leaves through it.
  const connect = [...new Set(["'self'", 'blob:', ...remote])]
  const media = [...new Set(["'self'", 'blob:', 'data:', ...content])]
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'worker-src': ["'self'", 'blob:'],
    'connect-src': connect,
    'img-src': media,
    'media-src': media,
    // lil-gui (the ?debug panel) injects its stylesheet as a <style> element.
    'style-src': ["'self'", "'unsafe-inline'"],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'none'"],
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ')
}

/** Adds the policy to index.html in `vite build` (dev keeps Vite's HMR client working). */
export function cspPlugin(inputs: () => CspInputs): Plugin {
  return {
    name: 'print-ar:content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler() {
        return [
          {
            tag: 'meta',
            attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(inputs()) },
            injectTo: 'head-prepend',
          },
        ]
      },
    },
  }
}
