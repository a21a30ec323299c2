/**
 * Entry: read config and capabilities, build the App, expose the read-only test hook, and load
 * the debug panel only with `?debug`. Everything else starts in src/app/App.ts.
 */
import { App } from './app/App'
import { installPrintARHook } from './app/printARHook'
import { detectCapabilities } from './core/capabilities'
import { readConfig } from './core/config'

const config = readConfig()
const app = new App({ document, window, config, capabilities: detectCapabilities() })
const removeHook = installPrintARHook(window, app)

let disposeDebug: (() => void) | undefined
if (config.debug) {
  void import('./ui/DebugPanel').then(({ DebugPanel }) => {
    const panel = new DebugPanel({
      config,
      onConfigChange: () => app.configChanged(),
      telemetry: () => app.telemetry(),
      showMeta: (json) => app.showMeta(json, 'debug meta'),
      rescan: () => app.rescan(),
      tracking: () => ({ snapshot: app.tracking(), stats: app.trackingStats() }),
      outline: () => app.trackingOutline(),
    })
    disposeDebug = () => panel.dispose()
  })
}

import.meta.hot?.dispose(() => {
  disposeDebug?.()
  removeHook()
  app.dispose()
})
