/**
 * `crs add`, `crs search` and `crs grade` exit 0 after a success, every time, and always exit.
 *
 * Issue 10: a worker that finished loading OpenCV after the command had closed the store read it
 * ("TypeError: The database connection is not open"): exit code 7 after a successful add in about
 * 1 run of 7, and one `--workers 4` run never exited. WorkerPool.dispose() now stops workers still
 * starting; this runs the real CLI 50 times in a row to hold that.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePoster } from '../helpers/scenes.ts'
import { ROOT, finished } from './support/crsChild.ts'
import { recordFigures } from './support/figures.ts'

const RUNS = 50
/** A run that has not exited by then is a hang (a normal one takes 1–10 s on a loaded machine). */
const RUN_TIMEOUT_MS = 120_000

const dir = mkdtempSync(join(tmpdir(), 'crs-exit-'))
const db = join(dir, 'targets.db')
const posters: string[] = []

beforeAll(async () => {
  for (let i = 0; i < 4; i++) {
    const path = join(dir, `poster-${i}.png`)
    writeFileSync(path, await makePoster(7_100 + i, { kind: 'poster' }))
    posters.push(path)
  }
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Outcome {
  args: string[]
  code: number | null
  timedOut: boolean
  ms: number
  stderr: string
}

async function runOnce(args: string[]): Promise<Outcome> {
  const started = performance.now()
  const child = spawn(process.execPath, [join(ROOT, 'bin/crs.js'), ...args, '--db', db], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, RUN_TIMEOUT_MS)
  const done = await finished(child)
  clearTimeout(timer)
  return { args, code: done.code, timedOut, ms: Math.round(performance.now() - started), stderr: done.stderr }
}

describe('crs exit codes', () => {
  it(`add / search / grade exit 0 and exit at all, ${RUNS} runs in a row (some with --workers 4)`, async () => {
    const outcomes: Outcome[] = []
    for (let i = 0; i < RUNS; i++) {
      const poster = posters[i % posters.length]!
      const workers = ['--workers', i % 3 === 0 ? '4' : '1']
      let args: string[]
      if (i < posters.length) args = ['add', poster, '--name', `poster-${i}`, ...workers]
      else if (i % 2 === 0) args = ['search', poster, ...workers]
      else if (i % 5 === 1) args = ['add', poster, '--name', `copy-${i}`, '--allow-similar', ...workers]
      else args = ['grade', poster, ...workers]
      const outcome = await runOnce(args)
      outcomes.push(outcome)
      if (outcome.code !== 0 || outcome.timedOut) {
        throw new Error(
          `run ${i} (crs ${args.join(' ')}) ${outcome.timedOut ? 'never exited' : `exited ${outcome.code}`}: ${outcome.stderr}`,
        )
      }
    }
    const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b)
    recordFigures('cliExitCodes', {
      runs: RUNS,
      exitCodes: [...new Set(outcomes.map((o) => o.code))],
      runMsMedian: ms[Math.floor(ms.length / 2)],
      runMsMax: ms[ms.length - 1],
    })
    expect(outcomes.every((o) => o.code === 0 && !o.timedOut)).toBe(true)
  })
})
