/**
 * `npm run test:reliability`: runs the hostile-input and security suite (tests/reliability, with
 * vitest.reliability.config.ts), then prints ONE JSON summary on stdout: pass/fail, runtime and
 * the figures each test left in .cache/reliability/parts. Vitest's own report goes to stderr, so
 * `npm run -s test:reliability > summary.json` keeps just the JSON. Extra arguments go to vitest
 * (e.g. a file filter). RELIABILITY_SEED reproduces a fast-check run. Then, unless the run was
 * focused, the load check (bench/load.ts --check) runs and its figures join the summary.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { PARTS_DIR, RELIABILITY_DIR } from '../tests/reliability/support/figures.ts'

interface VitestJson {
  numTotalTests: number
  numPassedTests: number
  numFailedTests: number
  testResults: Array<{ name: string; assertionResults: Array<{ fullName: string; status: string; duration?: number }> }>
}

const root = resolve(import.meta.dirname, '..')
const vitestReport = join(RELIABILITY_DIR, 'vitest.json')
rmSync(PARTS_DIR, { recursive: true, force: true })
rmSync(vitestReport, { force: true })
mkdirSync(PARTS_DIR, { recursive: true })

const started = performance.now()
const run = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--config',
    'vitest.reliability.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestReport}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: ['inherit', process.stderr, 'inherit'] },
)

// Load: bench/load.ts --check (50 clients × 60 s against `crs serve`; 0 errors, /ping p99 < 50 ms).
// Skipped when vitest was given a file filter (a focused run), or with RELIABILITY_LOAD=0.
const focused = process.argv.length > 2 || process.env.RELIABILITY_LOAD === '0'
const load = focused
  ? null
  : spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'bench/load.ts'), '--check'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    })
let loadFigures: unknown = focused ? 'skipped (focused run or RELIABILITY_LOAD=0)' : null
try {
  if (load) loadFigures = JSON.parse(load.stdout) as unknown
} catch {
  loadFigures = { error: 'bench/load.ts printed no JSON', stdout: load?.stdout.slice(0, 2000) }
}
const seconds = Number(((performance.now() - started) / 1000).toFixed(1))

const report: VitestJson | undefined = existsSync(vitestReport) ? (JSON.parse(readFileSync(vitestReport, 'utf8')) as VitestJson) : undefined
const figures = Object.fromEntries(
  readdirSync(PARTS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [basename(file, '.json'), JSON.parse(readFileSync(join(PARTS_DIR, file), 'utf8')) as unknown]),
)
const summary = {
  command: 'npm run test:reliability',
  passed: run.status === 0 && (load === null || load.status === 0),
  seconds,
  seed: Number(process.env.RELIABILITY_SEED ?? 20_251_202),
  tests: report ? { total: report.numTotalTests, passed: report.numPassedTests, failed: report.numFailedTests } : null,
  failedTests:
    report?.testResults.flatMap((file) => file.assertionResults.filter((t) => t.status === 'failed').map((t) => t.fullName)) ?? [],
  figures: { ...figures, load: loadFigures },
}
const text = `${JSON.stringify(summary, null, 2)}\n`
writeFileSync(join(RELIABILITY_DIR, 'summary.json'), text)
process.stdout.write(text)
process.exitCode = run.status === 0 && (load === null || load.status === 0) ? 0 : 1
