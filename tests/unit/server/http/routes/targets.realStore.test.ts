/**
 * Regressions found by the reliability suite (`npm run test:reliability`), pinned here so the
 * fast unit run keeps them fixed: listing on the real store.
 */
import { describe, expect, it } from 'vitest'
import { RecognitionEngine } from '../../../../../server/src/engine/RecognitionEngine.ts'
import { createApp } from '../../../../../server/src/http/app.ts'
import { API_SECRET, APP_ID, FIXED_TOKEN, withOperator } from '../../support/httpFixtures.ts'

describe('GET /targets/infos on the real store', () => {
  it('answers an empty page (not 501 "datatype mismatch") for page numbers past 64-bit offsets', async () => {
    // Listing never needs the ORB workers; lazy ones keep OpenCV out of this test.
    const engine = await RecognitionEngine.open({ dbPath: ':memory:', workers: 1, lazyWorkers: true })
    try {
      const app = createApp({ engine, config: { appId: APP_ID, apiSecret: API_SECRET, token: FIXED_TOKEN }, log: () => {} })
      for (const pageNum of ['1e21', '99999999999999999999', String(Number.MAX_SAFE_INTEGER)]) {
        const res = await app.request(`/targets/infos?pageNum=${pageNum}&pageSize=100`, { headers: withOperator(Date.now()) })
        expect(res.status).toBe(200)
        expect(await res.json()).toMatchObject({ statusCode: 0, result: { targets: [] } })
      }
    } finally {
      await engine.close()
    }
  })
})
