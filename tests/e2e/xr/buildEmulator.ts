/**
 * Bundles tests/e2e/xr/emulator.ts (IWER + @iwer/sem) into one classic script for
 * `page.addInitScript({ path })`. Built on demand into .cache/xr-emulator/ (outside dist/,
 * outside .cache/e2e which global-setup wipes), reused while the sources are unchanged.
 */
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { build, type Plugin } from 'vite'

const ENTRY = resolve(import.meta.dirname, 'emulator.ts')
const OUT_DIR = resolve('.cache/xr-emulator')
export const EMULATOR_SCRIPT = resolve(OUT_DIR, 'xr-emulator.js')

/**
 * SEM's registry lazily imports every room capture (100 kB–2 MB each); one script cannot stay
 * lazy, so all would be inlined (6 MB). The emulator imports office_small itself; the registry's
 * other rooms become empty modules.
 */
function onlyOfficeSmall(): Plugin {
  const EMPTY = '\0xr-emulator:no-room'
  return {
    name: 'xr-emulator:only-office-small',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer?.includes('@iwer') && /\.\.\/captures\/(?!office_small\.json)\w+\.json$/.test(source)) return EMPTY
      return null
    },
    load(id) {
      return id === EMPTY ? 'export default null' : null
    },
  }
}

export async function buildXrEmulator(): Promise<string> {
  const newest = Math.max(statSync(ENTRY).mtimeMs, statSync(import.meta.filename).mtimeMs)
  if (existsSync(EMULATOR_SCRIPT) && statSync(EMULATOR_SCRIPT).mtimeMs > newest) return EMULATOR_SCRIPT
  await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    plugins: [onlyOfficeSmall()],
    resolve: { dedupe: ['three'] },
    build: {
      outDir: OUT_DIR,
      emptyOutDir: true,
      minify: false,
      sourcemap: false,
      lib: { entry: ENTRY, formats: ['iife'], name: 'PrintARXrEmulator', fileName: () => 'xr-emulator.js' },
    },
  })
  return EMULATOR_SCRIPT
}
