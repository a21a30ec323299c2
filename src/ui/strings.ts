/**
 * Every word the visitor sees, in one place: the English table here, one file per other
 * language (`strings.ja.ts`, typed `Strings`, so a missing or extra key fails the build), picked
 * and loaded by src/ui/language.ts before the page is built. Functions take the values they
 * interpolate; callers put the result in `textContent`, never in innerHTML.
 *
 * Read `strings.x.y` when the text is needed, not at module load: `useStrings()` swaps the
 * tables in place.
 */
export const PRODUCT_NAME = 'PrintAR'

export const en = {
  productName: PRODUCT_NAME,
  documentTitle: `${PRODUCT_NAME} — point your camera at a print`,
  noscript: `${PRODUCT_NAME} needs JavaScript to use your camera.`,

  start: {
    tagline: 'Bring printed pictures to life.',
    explain: 'Point your phone at a poster, flyer or page with the PrintAR mark. Your browser will ask to use the camera.',
    privacyLocal: 'Privacy: camera frames are compared with our print library on this site’s server, never stored.',
    privacyCloud: 'Privacy: camera frames are sent to EasyAR, the image-recognition service that finds the print.',
    button: 'Tap to start',
    /** Under the start button in an in-app browser, before the camera is tried. */
    inApp: (app: string) =>
      `You’re in ${app}’s built-in browser, which often blocks the camera. If it does, you can choose a photo of the print, or open this page in your browser.`,
  },

  tracking: {
    /** The content left the print with it and waits in front of the camera. */
    lost: 'Point at the print again to place it there',
  },
  status: {
    starting: 'Starting the camera…',
    fallback: 'Trying a simpler camera setting…',
    paused: 'Camera paused',
    scanning: 'Point your camera at a printed image',
    searching: 'Looking…',
    recognized: (name: string) => `Found “${name}”`,
    backoff: 'Can’t reach the recognition service. Retrying…',
    throttled: 'The service is busy. Scanning a little slower…',
    quotaExhausted: 'This campaign has reached its scan limit for today. Please try again tomorrow.',
    recognitionPaused: 'Scanning paused',
    configError: (detail: string) => `Recognition isn’t set up: ${detail}`,
    loading: (name: string) => `Loading “${name}”…`,
    shown: (name: string) => `“${name}”`,
    contentError: (name: string) => `Couldn’t load the content for “${name}”. Try scanning again.`,
    badMeta: (name: string, reason: string) => `“${name}” has content we can’t read: ${reason}`,
    contextLost: 'Graphics are restarting…',
    webglMissing: 'This browser can’t show 3D graphics (WebGL is off or unsupported).',
    tapToPlay: 'Tap “Play” to start the video',
    copied: 'Link copied. Paste it into Safari or Chrome.',
    copyFailed: 'Couldn’t copy. Long-press the address to copy it.',
    unnamedTarget: 'this image',
  },

  camera: {
    denied: {
      title: 'Camera access is blocked',
      body:
        'Allow the camera for this site: tap the lock or “aA” icon next to the address, ' +
        'choose Camera → Allow (on iPhone: Settings › Safari › Camera), then tap “Try again”.',
    },
    'no-camera': {
      title: 'No camera found',
      body: 'We couldn’t find a camera on this device. Open this page on a phone or a computer with a camera.',
    },
    busy: {
      title: 'The camera is in use',
      body: 'Another app or tab is using the camera. Close it (video calls, camera app), then tap “Try again”.',
    },
    insecure: {
      title: 'A secure (https) link is needed',
      body: 'Browsers only share the camera with secure pages. Open the https address instead:',
    },
    'in-app-browser': {
      title: 'Open this page in your browser',
      /** Stands for the app's name when the user agent does not say it. */
      unknownApp: 'This app',
      body: (app: string) =>
        `${app}’s built-in browser can’t use the camera. Copy the link and open it in Safari or Chrome ` +
        '(or use the ••• menu → “Open in browser”), or choose a photo of the print.',
      /** Android: the "Open in Chrome" button is an intent link. */
      bodyAndroid: (app: string) => `${app}’s built-in browser can’t use the camera. Tap “Open in Chrome”, or choose a photo of the print.`,
      /** iOS: no link can leave the app's web view; its own menu can. */
      bodyIos: (app: string) =>
        `${app}’s built-in browser can’t use the camera. Tap the ••• menu and choose “Open in Safari” ` +
        '(some apps say “Open in external browser”), or choose a photo of the print.',
    },
    unsupported: {
      title: 'This browser can’t use the camera',
      body: 'Please open this page in a recent Safari, Chrome, Firefox or Edge.',
    },
    error: {
      title: 'The camera didn’t start',
      body: 'Something went wrong while starting the camera. Tap “Try again”.',
    },
  },

  buttons: {
    switch: 'Switch camera',
    picker: 'Camera',
    rescan: 'Scan again',
    sound: { on: 'Mute', off: 'Sound on', blocked: 'Tap for sound' },
    play: 'Play',
    close: 'Close',
    retry: 'Try again',
    copyLink: 'Copy link',
    openInBrowser: 'Open in Chrome',
    ar: 'AR: place in your room',
    xrExit: 'Exit AR',
    quickLook: 'View in your space',
    photo: 'Photo',
    record: 'Record',
    stopRecording: (seconds: number) => `Stop · ${seconds} s`,
  },

  photo: {
    choose: 'Choose a photo',
    searching: 'Looking for a print in your photo…',
    'no-match': 'No print found in that photo. Try another one, taken straight on and well lit.',
    error: 'Couldn’t check that photo. Try again.',
    again: 'Choose another photo of a print',
    unreadable: 'That file isn’t a photo we can open.',
  },

  capture: {
    recording: (seconds: number) => `● Recording ${seconds} s`,
    photoSaved: 'Photo saved to your downloads',
    clipSaved: 'Clip saved to your downloads',
    failed: 'Couldn’t save that. Try again.',
    clipUnsupported: 'This browser can’t record clips. Take a photo instead.',
  },

  xr: {
    starting: 'Starting AR…',
    seeking: 'Move your phone slowly to find a table or the floor',
    aiming: (name: string) => `Tap to place “${name}”`,
    placed: 'Tap elsewhere to move it · pinch to resize · twist to turn',
    failed: (reason: string) => `AR didn’t start (${reason}). You’re back in camera view.`,
  },

  content: {
    openLink: (host: string) => `Open ${host} ↗`,
  },
} as const

/** A table with every key of the English one: plain strings, and functions with the same parameters. */
type Table<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { readonly [K in keyof T]: Table<T[K]> }
export type Strings = Table<typeof en>

/** The live table: English until `useStrings()` replaces it. */
export const strings: Strings = { ...en }

/** Makes `table` the visitor's language (before the page is built; texts already set stay). */
export function useStrings(table: Strings): void {
  Object.assign(strings, table)
}
