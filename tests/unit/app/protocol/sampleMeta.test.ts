import { describe, expect, it } from 'vitest'
import { decodeMeta, encodeMeta } from '../../../../src/protocol/meta'

// The assets engineer's sample metas (assets/targets/*.json), as they will be stored in CRS.
const metas = import.meta.glob<unknown>('../../../../assets/targets/*.json', { eager: true, import: 'default' })

describe('sample target metas', () => {
  it('there are samples to check', () => {
    expect(Object.keys(metas).length).toBeGreaterThan(0)
  })

  it.each(Object.entries(metas))('%s decodes to a valid description', (_path, meta) => {
    const result = decodeMeta(encodeMeta(meta), { baseUrl: 'https://ar.example.com/' })
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value.url).toMatch(/^https:\/\/ar\.example\.com\/content\//)
  })
})
