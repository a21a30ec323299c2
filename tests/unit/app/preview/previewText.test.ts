import { describe, expect, it } from 'vitest'
import { decodeMeta, encodeMeta } from '../../../../src/protocol/meta'
import { describeGrade, describeMetaResult, describeSimilar } from '../../../../src/preview/previewText'

const base = { baseUrl: 'http://localhost:5173/' }

describe('dev preview words', () => {
  it('says what a valid meta shows, and what visitors would read for an invalid one', () => {
    expect(describeMetaResult(decodeMeta(encodeMeta({ url: 'a.mp4', title: 'T', alpha: { mode: 'packed' } }), base))).toEqual({
      text: 'Valid meta: video http://localhost:5173/a.mp4, title “T”, transparent (packed).',
      tone: 'ok',
    })
    const bad = describeMetaResult(decodeMeta(encodeMeta({ url: 'javascript:alert(1)', type: 'video' }), base))
    expect(bad.tone).toBe('error')
    expect(bad.text).toContain('refused scheme')
  })

  it('warns on hard grades and on look-alikes', () => {
    expect(describeGrade({ grade: 1, explanation: 'Grade 1 (good)' }).tone).toBe('ok')
    expect(describeGrade({ grade: 3, explanation: 'x' }).tone).toBe('warn')
    expect(describeGrade({ grade: -1, explanation: 'x' }).tone).toBe('error')
    expect(describeSimilar([])).toEqual([])
    expect(describeSimilar([{ name: 'tea-box', score: 0.876 }])[0]).toContain('“tea-box” (score 0.88)')
  })
})
