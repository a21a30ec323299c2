/*
 * Test-only, never built: tests/webkit/serveApp.ts adds it to the served page before the app.
 * WebKitGTK's WebDriver has no BiDi (no console stream, no preload script) and the page's
 * Content-Security-Policy forbids inline scripts, so this same-origin script collects what a
 * developer console would show in red: uncaught errors, unhandled rejections, console.error,
 * and resources that failed to load. The suite reads `window.__pageErrors` after every test.
 */
;(() => {
  const errors = []
  const warnings = []
  Object.defineProperty(window, '__pageErrors', { value: errors })
  Object.defineProperty(window, '__pageWarnings', { value: warnings })
  const text = (value) => (value instanceof Error ? `${value.name}: ${value.message}` : String(value))
  addEventListener(
    'error',
    (event) => {
      const target = event.target
      if (target && target !== window && (target.src || target.href)) {
        errors.push(`failed to load ${target.tagName.toLowerCase()} ${target.currentSrc || target.src || target.href}`)
      } else {
        errors.push(`uncaught ${event.error ? text(event.error) : event.message} (${event.filename}:${event.lineno})`)
      }
    },
    true,
  )
  addEventListener('unhandledrejection', (event) => errors.push(`unhandled rejection: ${text(event.reason)}`))
  for (const [level, list] of [
    ['error', errors],
    ['warn', warnings],
  ]) {
    const original = console[level].bind(console)
    console[level] = (...args) => {
      list.push(`console.${level}: ${args.map(text).join(' ')}`)
      original(...args)
    }
  }
})()
