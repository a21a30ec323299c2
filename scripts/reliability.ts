/**
 * `npm run test:reliability`: runs the hostile-input and security suite (tests/reliability, with
 * vitest.reliability.config.ts), then prints ONE JSON summary on stdout: pass/fail, runtime and
 * the figures each test left in .cache/reliability/parts. Vitest's own report goes to stderr, so
 * `npm run -s test:reliability > summary.json` keeps just the JSON. Extra arguments go to vitest
 * (e.g. a file filter). RELIABILITY_SEED reproduces a fast-check run.
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
  [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.reliability.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`, ...process.argv.slice(2)],
  { cwd: root, stdio: ['inherit', process.stderr, 'inherit'] },
)
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
  passed: run.status === 0,
  seconds,
  seed: Number(process.env.RELIABILITY_SEED ?? 20_251_202),
  tests: report ? { total: report.numTotalTests, passed: report.numPassedTests, failed: report.numFailedTests } : null,
  failedTests: report?.testResults.flatMap((file) => file.assertionResults.filter((t) => t.status === 'failed').map((t) => t.fullName)) ?? [],
  figures,
}
const text = `${JSON.stringify(summary, null, 2)}\n`
writeFileSync(join(RELIABILITY_DIR, 'summary.json'), text)
process.stdout.write(text)
process.exitCode = run.status ?? 1
