/**
 * Words of the dev preview page (src/preview/main.ts), as pure functions so they are tested
 * without a browser. Everything ends up in textContent.
 */
import type { MetaResult } from '../protocol/meta'

export type PreviewTone = 'ok' | 'warn' | 'error'

export interface GradeAnswer {
  grade: number
  explanation: string
}

export interface SimilarAnswer {
  name: string
  score: number
}

export function describeMetaResult(result: MetaResult): { text: string; tone: PreviewTone } {
  if (!result.ok) return { text: `Visitors would see: “this target has content we can’t read: ${result.error.message}”`, tone: 'error' }
  const d = result.value
  const what = d.items ? `${d.items.length} pieces` : `${d.type} ${d.url}`
  const extras = [
    d.title && `title “${d.title}”`,
    d.actions && `${d.actions.length} call(s) to action`,
    d.alpha && `transparent (${d.alpha.mode})`,
    d.audio && 'with sound',
  ]
  return { text: `Valid meta: ${what}${extras.filter(Boolean).length ? `, ${extras.filter(Boolean).join(', ')}` : ''}.`, tone: 'ok' }
}

export function describeGrade(answer: GradeAnswer): { text: string; tone: PreviewTone } {
  const tone: PreviewTone = answer.grade === -1 || answer.grade >= 3 ? (answer.grade === -1 ? 'error' : 'warn') : 'ok'
  return { text: answer.explanation, tone }
}

export function describeSimilar(results: readonly SimilarAnswer[]): string[] {
  if (results.length === 0) return []
  return results.map((r) => `Looks like “${r.name}” (score ${r.score.toFixed(2)}): visitors pointing at one may get the other's content.`)
}
