/**
 * @module
 * `crs serve`: runs the CRS server until SIGINT/SIGTERM and prints how to try it (serveBanner.ts).
 */
import { allocatorHint } from '../../allocatorHint.ts'
import { closeOnSignals, startServer } from '../../main.ts'
import type { Command } from '../Command.ts'
import { configOf, positiveInt, str, workersOf } from '../options.ts'
import { serveBanner } from '../serveBanner.ts'

export const serve: Command = {
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    'token-origins': { type: 'string' },
    'allowed-hosts': { type: 'string' },
    seed: { type: 'boolean' },
  },
  positionals: [],
  async run(context) {
    const { io } = context
    const port = positiveInt('port', str(context, 'port'))
    const host = str(context, 'host')
    const token = str(context, 'token')
    const tokenOrigins = str(context, 'token-origins')
    const allowedHosts = str(context, 'allowed-hosts')
    const config = configOf(context, {
      ...(allowedHosts ? { allowedHosts } : {}),
      ...(tokenOrigins ? { tokenOrigins } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(host ? { host } : {}),
      ...(token ? { token } : {}),
    })
    const log = (message: string) => io.stderr(`${message}\n`)
    const workers = workersOf(context)
    const running = await startServer(config, {
      seed: context.values.seed === true,
      log,
      ...(workers !== undefined ? { workers } : {}),
    })
    io.stdout(serveBanner(config, { url: running.url, targetCount: running.engine.countTargets() }))
    const hint = allocatorHint(process.env)
    if (hint) log(hint)
    await closeOnSignals(running, log)
    return 0
  },
}
