import { describe, expect, it } from 'vitest'
import { serveBanner } from '../../../../server/src/cli/serveBanner.ts'
import { resolveConfig } from '../../../../server/src/config.ts'
import { LocalTokenIssuer } from '../../../../server/src/token/LocalTokenIssuer.ts'

const facts = { url: 'http://127.0.0.1:8787', targetCount: 4 }
const tokensIn = (text: string) => [...text.matchAll(/crs1\.[\w-]+\.[\w-]+/g)].map((m) => m[0])

describe('crs serve banner', () => {
  it('prints a local token that may only search, and says how to get operator credentials', () => {
    const config = resolveConfig({}, {})
    const text = serveBanner(config, facts)
    const verifier = new LocalTokenIssuer({ secret: config.apiSecret, appId: config.appId, ttlS: 60 })
    const tokens = tokensIn(text)
    expect(tokens.length).toBeGreaterThan(0)
    for (const token of tokens) expect(verifier.verify(token)).toMatchObject({ ok: true, scope: 'search' })
    expect(text).toContain('appId   local-crs-app')
    expect(text).toContain('(search only')
    expect(text).toContain('crs token --operator')
  })

  it('labels the fixed --token as search only and never prints CRS_OPERATOR_TOKEN', () => {
    const text = serveBanner(resolveConfig({ token: 'dev-token' }, { CRS_OPERATOR_TOKEN: 'op-secret-token' }), facts)
    expect(text).toContain('token   dev-token (fixed, search only)')
    expect(text).not.toContain('op-secret-token')
  })

  it('in EasyAR mode tells what /token really hands out, and prints no local AppId line or token', () => {
    const env = { EASYAR_API_KEY: 'k', EASYAR_API_SECRET: 's', EASYAR_CRS_APP_ID: 'easyar-app-1' }
    const text = serveBanner(resolveConfig({ token: 'dev-token' }, env), facts)
    expect(text).toContain('mints EasyAR Cloud tokens (search only) for EasyAR AppId easyar-app-1')
    expect(text).not.toMatch(/^ {2}appId/m)
    expect(tokensIn(text)).toEqual([])
    expect(text).not.toContain('dev-token')
    expect(text).not.toContain('Authorization')
    expect(text).toContain(`curl -s -X POST ${facts.url}/token`)
  })
})
