/**
 * @module
 * `crs search <image>`: prints exactly what `POST /search` answers (through the same Hono app).
 */
import { randomBytes } from 'node:crypto'
import { createApp } from '../../http/app.ts'
import type { Command } from '../Command.ts'
import { configOf } from '../options.ts'
import { readImage } from '../readImage.ts'
import { withEngine } from '../withEngine.ts'

export const search: Command = {
  options: { tracking: { type: 'boolean' } },
  positionals: ['image'],
  async run(context) {
    const image = await readImage(context.positionals[0]!)
    const config = configOf(context)
    return withEngine(
      context,
      config,
      async (engine) => {
        // Answer through the real HTTP app, so the output is byte-for-byte what /search sends.
        const token = randomBytes(16).toString('hex')
        const app = createApp({ engine, config: { ...config, token, qps: 1e6 } })
        const res = await app.request('/search', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: token },
          body: JSON.stringify({
            image: Buffer.from(image).toString('base64'),
            appId: config.appId,
            notracking: context.values.tracking !== true,
          }),
        })
        const text = await res.text()
        context.io.stdout(`${text}\n`)
        return (JSON.parse(text) as { statusCode: number }).statusCode === 0 ? 0 : 1
      },
      { workersFirst: true },
    )
  },
}
