/**
 * Entry: pick the visitor's language (and load its table), read config and capabilities, build
 * the App, expose the read-only test hook, and load the debug panel only with `?debug`.
 * Everything else starts in src/app/App.ts.
 *
 * No top-level await here: an entry that awaits makes the bundler move every module a lazy chunk
 * shares with it into chunks of their own (more requests before the camera shows).
 */
import { App } from './app/App'
import { installPrintARHook } from './app/printARHook'
import { detectCapabilities } from './core/capabilities'
import { readConfig } from './core/config'
import { loadStrings, pickLanguage, visitorLanguages, type Language } from './ui/language'
import { useStrings } from './ui/strings'

/** Loads the visitor's table; one that fails to load (offline) leaves the page in English rather than blank. */
async function useLanguage(language: Language): Promise<Language> {
  if (language === 'en') return language
  try {
    useStrings(await loadStrings(language))
    return language
  } catch (error) {
    console.warn('main: the language table did not load; English instead', error)
    return 'en'
  }
}

let dispose = (): void => {}

void useLanguage(pickLanguage(visitorLanguages(navigator, location.search))).then((language) => {
  document.documentElement.lang = language
  const config = readConfig()
  const app = new App({ document, window, config, capabilities: detectCapabilities() })
  const removeHook = installPrintARHook(window, app)

  let disposeDebug: (() => void) | undefined
  if (config.debug) {
    void import('./ui/DebugPanel').then(({ DebugPanel }) => {
      const panel = new DebugPanel({
        config,
        onConfigChange: () => app.configChanged(),
        telemetry: () => app.readout.telemetry(),
        showMeta: (json) => app.showMeta(json, 'debug meta'),
        rescan: () => app.rescan(),
        tracking: () => ({ snapshot: app.readout.tracking(), stats: app.readout.trackingStats() }),
        outline: () => app.readout.trackingOutline(),
      })
      disposeDebug = () => panel.dispose()
    })
  }
  dispose = () => {
    disposeDebug?.()
    removeHook()
    app.dispose()
  }
})

import.meta.hot?.dispose(() => dispose())
