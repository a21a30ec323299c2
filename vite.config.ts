/**
 * Vite config for the AR web app.
 * - `assets/` is the public dir: `assets/content/x.glb` is served at `content/x.glb`, target
 *   images at `targets/…`.
 * - The local recognizer (server/src/vitePlugin.ts) mounts /search, /token, /ping… on the
 *   same origin in `vite` and `vite preview`.
 * - three's Draco and Basis decoders are served from node_modules in dev and emitted into the
 *   build under `decoders/`, so nothing is fetched from a CDN.
 * - The entry holds only what shows the camera and scans (three core, the shell, the
 *   recognition loop); content loaders, gsap and lil-gui are dynamic imports.
 * - The dev server serves the app and nothing else (`server.fs`, see DEV_FS): never the store
 *   (`data/*.db`), the server's source, caches or env files, even to the LAN with `dev:lan`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import basicSsl from '@vitejs/plugin-basic-ssl'
import { defineConfig, loadEnv, type Plugin } from 'vite'
import { cspPlugin } from './scripts/contentSecurityPolicy.ts'
import { crsPlugin } from './server/src/vitePlugin.ts'

const root = import.meta.dirname
const THREE_LIBS = resolve(root, 'node_modules/three/examples/jsm/libs')

/** URL folder → source folder of the decoder files. */
const DECODERS: Record<string, string> = {
  'decoders/draco/': join(THREE_LIBS, 'draco/gltf'),
  'decoders/basis/': join(THREE_LIBS, 'basis'),
}

const MIME: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
}

/**
 * What `vite` (dev) may serve from disk. Vite 8 answers 403 for any file outside `allow`, files at
 * the project root included (by default it would serve data/targets.db, server/src, package.json…).
 * `deny` wins over `allow` and is checked too: it keeps the store and secrets out even where a
 * caller widens `allow` (bench:tracking adds the project for its page under bench/). Vite's own
 * defaults (.env, certificates, .git) are kept. Tested in tests/unit/build/devServerFiles.test.ts.
 */
export const DEV_FS = {
  allow: ['src', 'assets', 'node_modules', 'index.html', 'preview.html'].map((path) => resolve(root, path)),
  deny: [
    '.env',
    '.env.*',
    '*.{crt,pem,key}',
    '**/.git/**',
    '*.{db,db-wal,db-shm,db-journal,sqlite,sqlite3}',
    `${root}/server/**`,
    `${root}/data/**`,
    `${root}/.cache/**`,
    `${root}/.ci/**`,
  ],
}

function decoderFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).filter((f) => /\.(js|wasm)$/.test(f) && statSync(join(dir, f)).isFile())
}

/** Serves three's decoders in dev and emits them into the build. */
export function threeDecoders(): Plugin {
  let base = '/'
  return {
    name: 'print-ar:three-decoders',
    configResolved(config) {
      base = config.base
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? ''
        for (const [prefix, dir] of Object.entries(DECODERS)) {
          const mount = `${base}${prefix}`
          if (!path.startsWith(mount)) continue
          const file = path.slice(mount.length)
          if (!decoderFiles(dir).includes(file)) break
          const ext = file.slice(file.lastIndexOf('.'))
          res.setHeader('Content-Type', MIME[ext] ?? 'application/octet-stream')
          res.setHeader('Cache-Control', 'no-cache')
          res.end(readFileSync(join(dir, file)))
          return
        }
        next()
      })
    },
    // three r18x's DRACOLoader/KTX2Loader point their default decoder paths at their own
    // package files with `new URL('../libs/…', import.meta.url)`, which makes Vite emit a
    // second, hashed copy of every decoder. Point those defaults at our `decoders/` folder.
    transform(code, id) {
      if (!/three[\\/]examples[\\/]jsm[\\/]loaders[\\/](DRACOLoader|KTX2Loader)\.js$/.test(id)) return null
      const rewritten = code.replace(
        /new URL\(\s*'\.\.\/libs\/(draco\/gltf|draco|basis)\/([\w.]+)'\s*,\s*import\.meta\.url\s*\)/g,
        (_match, folder: string, file: string) => {
          // The full (non-glTF) Draco build is not shipped: only glTF decoding is used.
          const target = folder === 'draco/gltf' ? 'draco' : folder === 'draco' ? 'draco/full' : 'basis'
          // An absolute base ('/', '/app/', 'https://cdn/…') is used as is; a relative one ('./')
          // resolves against the page, like the rest of the app's URLs.
          const prefix = base.startsWith('.') || base === '' ? '' : base
          const url = `${prefix}decoders/${target}/${file}`
          return `new URL(${JSON.stringify(url)}, globalThis.document?.baseURI ?? self.location.href)`
        },
      )
      return rewritten === code ? null : { code: rewritten, map: null }
    },
    generateBundle() {
      for (const [prefix, dir] of Object.entries(DECODERS)) {
        for (const file of decoderFiles(dir)) {
          this.emitFile({ type: 'asset', fileName: `${prefix}${file}`, source: readFileSync(join(dir, file)) })
        }
      }
    },
  }
}

export default defineConfig(({ mode }) => ({
  publicDir: 'assets',
  // One page, no client routing: a missing content file must be a 404, not index.html
  // (the SPA fallback turns "file not found" into "Unexpected token '<'" in the GLTF parser).
  appType: 'mpa',
  plugins: [
    threeDecoders(),
    // The local recognizer: /search, /token, /ping, /targets… on the app's origin.
    crsPlugin(),
    // `npm run dev:lan` (mode "lan"): HTTPS with a self-signed certificate, because phones only
    // open the camera on a secure origin and http://192.168.x.y is not one.
    mode === 'lan' && basicSsl({ name: 'print-ar-dev' }),
    // The built page carries a Content-Security-Policy naming exactly the origins it talks to.
    cspPlugin(() => {
      const env = loadEnv(mode, root, 'VITE_')
      return { clientEndUrl: env.VITE_CRS_CLIENT_URL, tokenUrl: env.VITE_CRS_TOKEN_URL, contentOrigins: env.VITE_CONTENT_ORIGINS }
    }),
  ],
  resolve: {
    // Nested copies of three (e.g. from @iwer/sem) would create a second THREE instance.
    dedupe: ['three'],
  },
  optimizeDeps: {
    // Pre-bundle the lazily imported deps up front, or the dev server discovers them on the
    // first hit and reloads the page in the middle of a scan.
    include: [
      'three',
      'three/examples/jsm/loaders/GLTFLoader.js',
      'three/examples/jsm/loaders/DRACOLoader.js',
      'three/examples/jsm/loaders/KTX2Loader.js',
      'three/examples/jsm/libs/meshopt_decoder.module.js',
      'gsap',
      'lil-gui',
    ],
  },
  // Loopback only by default; `--host` (or `npm run dev:lan`) opens it to the LAN on purpose.
  server: { fs: DEV_FS },
  build: {
    target: 'es2022',
    sourcemap: false,
    // three core alone is ~530 kB raw; the warning is for anything bigger than that.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // three's core in its own long-cached chunk; its examples (GLTFLoader…) stay with
            // the lazy content chunk that imports them.
            { name: 'three', test: /node_modules[\\/]three[\\/]build[\\/]/ },
          ],
        },
      },
    },
  },
}))
