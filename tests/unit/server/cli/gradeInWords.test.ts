/**
 * `crs add`'s warning: a poor grade is "will be hard to recognize"; a good grade with a repetitive
 * pattern (a tiled print, a page of small text) "may be hard … despite its grade", so the line does
 * not call an image both hard and very easy to recognize; neither, no warning.
 */
import { describe, expect, it } from 'vitest'
import type { GradeReport } from '../../../../server/src/engine/types.ts'
import { gradeWarning } from '../../../../server/src/cli/gradeInWords.ts'
import type { FeatureReport } from '../../../../server/src/grade/featureReport.ts'

const report = (grade: number, reasons: string[] = []): GradeReport => ({ grade, featureCount: 500, spread: 1, contrast: 40, reasons })
const features = (repetitive: boolean): FeatureReport => ({
  features: { width: 1, height: 1, keypoints: new Float32Array(), descriptors: new Uint8Array() },
  repeatedShare: repetitive ? 0.31 : 0.05,
  repetitive,
})

describe('gradeWarning', () => {
  it('says nothing for a good grade without a repeat', () => {
    expect(gradeWarning('poster', report(0), features(false))).toBeNull()
  })

  it('says a poor grade will be hard to recognize, with what to change', () => {
    const warning = gradeWarning('flat', report(3, ['very low contrast (8)']), features(false))
    expect(warning).toMatch(/^crs: warning: flat will be hard to recognize: Grade 3 .*To improve: raise the contrast/)
    expect(warning?.endsWith('\n')).toBe(true)
    expect(warning?.trimEnd()).not.toContain('\n')
  })

  it('says a well-graded repetitive print may be hard despite its grade, and how to break the repeat up', () => {
    const warning = gradeWarning('page', report(0), features(true))
    expect(warning).toMatch(/^crs: warning: page may be hard to recognize despite its grade: Grade 0 .*Repetitive pattern: 31%/)
    expect(warning).toMatch(/small text.*a picture, a logo or a large heading/)
    expect(warning).not.toMatch(/will be hard/)
  })
})
