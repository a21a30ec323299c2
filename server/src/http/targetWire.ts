/**
 * @module
 * Engine `TargetRecord` → EasyAR wire target. EasyAR's types are kept exactly: `active`, `size`,
 * `grade`, `allowSimilar` and the inner `date` (epoch ms) are strings; rates and `modified` are
 * numbers (docs/crs-protocol.md §1.3, from EasyAR's web guide).
 */
import type { CrsTarget } from '../../../src/protocol/types.ts'
import type { GradeReport, TargetRecord } from '../engine/types.ts'

export function toWireTarget(record: TargetRecord, trackingImage?: Uint8Array): CrsTarget {
  const target: CrsTarget = {
    // Custom fields first, so they can never shadow a protocol field.
    ...record.extra,
    targetId: record.targetId,
    name: record.name,
    meta: record.meta,
    size: record.size,
    type: 'ImageTarget',
    active: record.active ? '1' : '0',
    allowSimilar: record.allowSimilar ? '1' : '0',
    grade: String(record.grade),
    detectableRate: record.grade,
    trackableRate: record.grade,
    date: String(record.created),
    modified: record.modified,
  }
  if (trackingImage !== undefined) target.trackingImage = Buffer.from(trackingImage).toString('base64')
  return target
}

const GRADE_WORDS: Record<string, string> = {
  '-1': 'unusable: the image cannot be recognized (corrupt, blank or far too small)',
  '0': 'excellent: very easy to recognize',
  '1': 'very good: easy to recognize',
  '2': 'good: recognizes reliably',
  '3': 'fair: may be slow or miss at angles; consider a richer image',
  '4': 'poor: not suitable for production',
}

/** Plain words for a grade report, used by `/grade/*` and `crs grade`. */
export function explainGrade(report: GradeReport): string {
  const verdict = GRADE_WORDS[String(report.grade)] ?? `grade ${report.grade}`
  const facts = `${report.featureCount} features, ${Math.round(report.spread * 100)}% of the image covered, contrast ${report.contrast.toFixed(1)}`
  const reasons = report.reasons.length > 0 ? `; ${report.reasons.join('; ')}` : ''
  return `Grade ${report.grade} (${verdict}): ${facts}${reasons}.`
}
