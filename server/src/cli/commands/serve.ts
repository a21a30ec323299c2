/**
 * @module
 * `crs serve`: runs the CRS server until SIGINT/SIGTERM and prints how to try it.
 */
import { allocatorHint } from '../../allocatorHint.ts'
import { closeOnSignals, startServer } from '../../main.ts'
import { LocalTokenIssuer } from '../../token/LocalTokenIssuer.ts'
import type { Command } from '../Command.ts'
import { configOf, positiveInt, str, workersOf } from '../options.ts'

export const serve: Command = {
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    seed: { type: 'boolean' },
  },
  positionals: [],
  async run(context) {
    const { io } = context
    const port = positiveInt('port', str(context, 'port'))
    const host = str(context, 'host')
    const token = str(context, 'token')
    const config = configOf(context, {
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
    const curlToken =
      config.token ?? new LocalTokenIssuer({ secret: config.apiSecret, appId: config.appId, ttlS: config.tokenTtlS }).mint().token
    const image = `${config.seedDir}/tea-box.png`
    io.stdout(
      [
        `crs: serving the CRS API on ${running.url}`,
        `  appId   ${config.appId}`,
        `  store   ${config.dbPath} (${running.engine.countTargets()} targets)`,
        `  token   ${curlToken}${config.token ? ' (fixed)' : ` (local, valid ${config.tokenTtlS} s; more from POST /token)`}`,
        `Try:`,
        `  (printf '{"appId":"${config.appId}","notracking":true,"image":"'; base64 < ${image} | tr -d '\\n'; printf '"}') |`,
        `    curl -s ${running.url}/search -H 'Content-Type: application/json' -H 'Authorization: ${curlToken}' -d @-`,
        '',
      ].join('\n'),
    )
    const hint = allocatorHint(process.env)
    if (hint) log(hint)
    await closeOnSignals(running, log)
    return 0
  },
}
