/**
 * @module
 * The system under test: the REAL engine (SQLite in a temp dir, 2 ORB workers) served on
 * 127.0.0.1:0 by `crs serve`'s own launcher (startServer), plus a second app on the same engine
 * for `app.request()`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hono } from 'hono'
import { type ConfigFlags, resolveConfig } from '../../../server/src/config.ts'
import type { RecognitionEngineApi } from '../../../server/src/engine/types.ts'
import { createApp } from '../../../server/src/http/app.ts'
import { startServer } from '../../../server/src/main.ts'

export const APP_ID = 'reliability-app'
/** The operator's fixed token (CRS_OPERATOR_TOKEN): it may search and manage targets. */
export const TOKEN = 'reliability-token'
export const API_KEY = 'reliability-key'
export const API_SECRET = 'reliability-secret'

export interface RealServer {
  /** An app on the same engine and config, for `app.request()` without a socket. */
  app: Hono
  engine: RecognitionEngineApi
  dbPath: string
  /** Where `crs serve`'s launcher (startServer) listens on 127.0.0.1. */
  port: number
  /** Messages the apps logged as unexpected errors (each one is a 501 somewhere). */
  unexpected: string[]
  close(): Promise<void>
}

export async function startRealServer(flags: ConfigFlags = {}): Promise<RealServer> {
  const dir = mkdtempSync(join(tmpdir(), 'crs-reliability-'))
  const dbPath = join(dir, 'targets.db')
  const config = resolveConfig(
    // Rate limits are tested on their own; here they would only turn the fuzz into 21s.
    {
      port: 0,
      host: '127.0.0.1',
      dbPath,
      appId: APP_ID,
      operatorToken: TOKEN,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      qps: 1e9,
      tokenQps: 1e9,
      ...flags,
    },
    {},
  )
  const unexpected: string[] = []
  const log = (message: string) => unexpected.push(message)
  const running = await startServer(config, { workers: 2, log })
  const { engine } = running
  return {
    app: createApp({ engine, config, log }),
    engine,
    dbPath,
    port: running.port,
    unexpected,
    async close() {
      await running.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Adds a target through the API (so the seed goes through the same validation) and returns its id. */
export async function addTarget(app: Hono, name: string, png: Buffer, meta: string): Promise<string> {
  const res = await app.request('/targets', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: TOKEN },
    body: JSON.stringify({ image: png.toString('base64'), name, meta, allowSimilar: '1' }),
  })
  const body = (await res.json()) as { statusCode: number; result: { target?: { targetId: string }; message?: string } }
  if (body.statusCode !== 0 || !body.result.target) throw new Error(`adding ${name}: ${JSON.stringify(body)}`)
  return body.result.target.targetId
}
