/**
 * @module
 * Thin launcher: opens the engine, serves the Hono app on host:port, closes both on SIGINT/SIGTERM.
 * `crs serve` and `npx tsx server/src/main.ts` both end up here.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { type CrsConfig, QUEUE_WAIT_SHARE_OF_TIMEOUT, resolveConfig } from './config.ts'
import { RecognitionEngine } from './engine/RecognitionEngine.ts'
import type { RecognitionEngineApi } from './engine/types.ts'
import { createApp } from './http/app.ts'
import { answerClientErrors, crsRequestListener } from './http/nodeListener.ts'
import { seedSamples } from './seed.ts'

export interface RunningServer {
  url: string
  port: number
  engine: RecognitionEngineApi
  close(): Promise<void>
}

export interface StartOptions {
  /** Seed the sample targets from `config.seedDir` before listening. */
  seed?: boolean
  /** Worker threads for the engine. */
  workers?: number
  log?: (message: string) => void
}

export async function startServer(config: CrsConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((message: string) => console.error(message))
  const engine = await RecognitionEngine.open({
    dbPath: config.dbPath,
    warn: log,
    maxQueuedSearches: config.maxQueuedSearches,
    // Refused at once rather than queued past the HTTP timeout (statusCode 19).
    maxQueueWaitMs: config.searchTimeoutMs * QUEUE_WAIT_SHARE_OF_TIMEOUT,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  })
  try {
    if (options.seed) await seedSamples(engine, config.seedDir, log)
    const app = createApp({ engine, config, log })
    // Not `serve()`: it cannot pass an error handler, and malformed requests deserve envelopes too.
    // No Host is served like HTTP/1.0 (as our own host): Node's check answers a bare 400 no handler sees.
    const server = createServer({ requireHostHeader: false }, crsRequestListener(app, { hostname: config.host }))
    answerClientErrors(server)
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(config.port, config.host, () => resolve((server.address() as AddressInfo).port))
    })
    const host = config.host.includes(':') ? `[${config.host}]` : config.host
    let closing: Promise<void> | undefined
    return {
      url: `http://${host}:${port}`,
      port,
      engine,
      close() {
        closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve())
            // Keep-alive sockets would hold close() open; idle ones can go now.
            if ('closeIdleConnections' in server) server.closeIdleConnections()
          })
          await engine.close()
        })()
        return closing
      },
    }
  } catch (error) {
    await engine.close()
    throw error
  }
}

/** Resolves when SIGINT/SIGTERM has closed the server; a second signal exits at once. */
export function closeOnSignals(running: RunningServer, log: (message: string) => void): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(1)
      stopping = true
      log(`crs: ${signal}, closing…`)
      running.close().then(resolve, (error: unknown) => {
        log(`crs: error while closing: ${String(error)}`)
        resolve()
      })
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const config = resolveConfig()
  const running = await startServer(config, { seed: true })
  console.error(`crs: listening on ${running.url} (appId ${config.appId})`)
  await closeOnSignals(running, console.error)
}
