/**
 * @module
 * The real `crs` command line as a child process (`node bin/crs.js …`), for tests that SIGKILL it,
 * starve its disk or take its write permission away: things an in-process server cannot survive.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'

export const ROOT = resolve(import.meta.dirname, '../../..')
export const CHILD_TOKEN = 't'

export interface ChildOptions {
  /** Runs the command through `sh -c '<prefix>; exec node …'` (e.g. `ulimit -f 200`). */
  shellPrefix?: string
  /** Extra spawn options (e.g. `uid`/`gid` to drop root). */
  spawn?: SpawnOptions
}

/** `node bin/crs.js <args>` with one engine worker (starts fastest, and the machine is shared). */
export function crsChild(args: string[], options: ChildOptions = {}): ChildProcess {
  const argv = [join(ROOT, 'bin/crs.js'), ...args, '--workers', '1']
  const spawnOptions: SpawnOptions = { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...options.spawn }
  if (options.shellPrefix === undefined) return spawn(process.execPath, argv, spawnOptions)
  const quoted = [process.execPath, ...argv].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ')
  return spawn('/bin/sh', ['-c', `${options.shellPrefix}; exec ${quoted}`], spawnOptions)
}

export interface Finished {
  code: number | null
  stdout: string
  stderr: string
}

export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })))
}

export interface ServeChild {
  child: ChildProcess
  url: string
  /** Everything the server wrote to stderr so far (unexpected errors are logged there). */
  stderr(): string
  kill(): Promise<void>
}

/** `CRS_OPERATOR_TOKEN=t crs serve --port 0` on `dbPath`; resolves once it prints where it listens. */
export function serveChild(dbPath: string, options: ChildOptions = {}): Promise<ServeChild> {
  const env = { ...(options.spawn?.env ?? process.env), CRS_OPERATOR_TOKEN: CHILD_TOKEN }
  const child = crsChild(['serve', '--db', dbPath, '--port', '0', '--host', '127.0.0.1'], { ...options, spawn: { ...options.spawn, env } })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  return new Promise((done, fail) => {
    let stdout = ''
    const early = (code: number | null) => fail(new Error(`crs serve exited (${code}) before listening: ${stderr}`))
    child.once('exit', early)
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const url = /serving the CRS API on (http:\/\/\S+)/.exec(stdout)?.[1]
      if (!url) return
      child.off('exit', early)
      child.stdout?.removeAllListeners('data')
      child.stdout?.resume()
      done({
        child,
        url,
        stderr: () => stderr,
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
          await exited
        },
      })
    })
  })
}

export interface Answer<R = Record<string, unknown>> {
  httpStatus: number
  statusCode: number
  result: R & { message?: string }
}

/** One JSON call with the operator's fixed token. */
export async function call<R = Record<string, unknown>>(url: string, method: string, path: string, body?: object): Promise<Answer<R>> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: CHILD_TOKEN },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  const json = (await res.json()) as { statusCode: number; result: R & { message?: string } }
  return { httpStatus: res.status, ...json }
}

/** The name of the target `photo` is recognized as, or null on a miss. */
export async function recognize(url: string, photo: Buffer): Promise<string | null> {
  const answer = await call<{ target?: { name: string } }>(url, 'POST', '/search', { image: photo.toString('base64') })
  if (answer.statusCode === 17) return null
  if (answer.statusCode !== 0 || !answer.result.target) throw new Error(`search answered ${JSON.stringify(answer)}`)
  return answer.result.target.name
}

/** `PRAGMA integrity_check` on a read-only connection ("ok" when sound). */
export function integrity(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true })
  try {
    return db.pragma('integrity_check', { simple: true }) as string
  } finally {
    db.close()
  }
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))
