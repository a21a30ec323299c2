/**
 * Serves the production build (`dist/`) for the WebKit suite with `vite preview`, exactly as the
 * Playwright suite does (the local recognizer mounted on the same origin), plus the test-only
 * page scripts. Those are added to index.html as it is served, never to the build: the built
 * files stay what visitors get, and nothing under tests/ can reach the production bundle.
 *
 * /__webkit/errors.js   page errors collector (tests/webkit/page/errors.js)
 * /__webkit/camera.js   canvas camera (tests/webkit/page/camera.js)
 * /__webkit/axe.js      axe-core from node_modules, loaded by the contrast test on demand
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { preview, type Plugin, type PreviewServer } from 'vite'

const PAGE_SCRIPTS: Record<string, string> = {
  '/__webkit/errors.js': resolve('tests/webkit/page/errors.js'),
  '/__webkit/camera.js': resolve('tests/webkit/page/camera.js'),
  '/__webkit/axe.js': resolve('node_modules/axe-core/axe.min.js'),
}
/** Loaded first, in this order, before the app's module script runs. */
const INJECTED = ['/__webkit/errors.js', '/__webkit/camera.js']

function testScripts(): Plugin {
  return {
    name: 'print-ar:webkit-test-scripts',
    configurePreviewServer(server) {
      // Added before Vite's static files, so it answers for index.html first.
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/'
        const script = PAGE_SCRIPTS[path]
        if (script) {
          res.setHeader('Content-Type', 'text/javascript; charset=utf-8')
          res.setHeader('Cache-Control', 'no-store')
          res.end(readFileSync(script))
          return
        }
        if (path !== '/' && path !== '/index.html') return next()
        const html = readFileSync(resolve('dist/index.html'), 'utf8')
        const tags = INJECTED.map((src) => `<script src="${src}"></script>`).join('')
        if (!html.includes('</head>')) throw new Error('serveApp: dist/index.html has no </head>')
        res.setHeader('Content-Type', 'text/html; charset=utf-8')
        res.setHeader('Cache-Control', 'no-store')
        res.end(html.replace('</head>', `${tags}</head>`))
      })
    },
  }
}

export async function serveApp(port: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server: PreviewServer = await preview({
    configFile: resolve('vite.config.ts'),
    logLevel: 'warn',
    plugins: [testScripts()],
    preview: { port, strictPort: true, host: '127.0.0.1' },
  })
  const url = `http://127.0.0.1:${port}`
  return { url, close: () => server.close() }
}
