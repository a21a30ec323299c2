/**
 * @module
 * The grade in words for `crs grade` and `crs add`: the engine's explanation, a repetitive pattern
 * (measured outside the engine, grade/featureReport.ts), and what to change.
 */
import type { GradeReport } from '../engine/types.ts'
import type { FeatureReport } from '../grade/featureReport.ts'
import { explainGrade } from '../http/targetWire.ts'

/** The engine's grade in words, plus what it does not measure: a repetitive pattern. */
export function gradeInWords(report: GradeReport, features: FeatureReport | null): string {
  const lines = [explainGrade(report)]
  if (features?.repetitive) {
    lines.push(
      `Repetitive pattern: ${Math.round(features.repeatedShare * 100)}% of the features have a look-alike elsewhere in the image ` +
        '(a tiled pattern, or small text: its letters repeat); they match each other as well as the print, which confuses ' +
        'recognition, most when the print is seen small or tilted. Break the repeat up: different pictures in each tile; ' +
        'on a page of text, a picture, a logo or a large heading.',
    )
  }
  const advice = adviceFor(report)
  if (advice) lines.push(advice)
  return lines.join('\n')
}

function adviceFor(report: GradeReport): string | null {
  const tips: string[] = []
  const text = report.reasons.join(' ')
  if (report.grade === -1 || /few features/.test(text)) tips.push('add detail: texture, text, illustrations with corners')
  if (/bunched|unevenly/.test(text)) tips.push('spread the detail over the whole image (empty areas give nothing to match)')
  if (/contrast/.test(text)) tips.push('raise the contrast (dark on light, not mid-grey on grey)')
  return tips.length > 0 ? `To improve: ${tips.join('; ')}.` : null
}

/** Warnings for `crs add`: a hard-to-recognize image is added anyway, with the reasons said. */
export function gradeWarning(name: string, report: GradeReport, features: FeatureReport | null): string | null {
  const poor = report.grade >= 3 || report.grade === -1
  if (!poor && !features?.repetitive) return null
  // A good grade with a repeat: the grade counts features, the repeat is why they mislead.
  const verdict = poor ? 'will be hard to recognize' : 'may be hard to recognize despite its grade'
  return `crs: warning: ${name} ${verdict}: ${gradeInWords(report, features).replace(/\n/g, ' ')}\n`
}
