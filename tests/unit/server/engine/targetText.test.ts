import { describe, expect, it } from 'vitest'
import { MAX_NAME_LENGTH, nameProblem, sizeProblem, validSize } from '../../../../server/src/engine/targetText.ts'

describe('targetText: the rules every path into the store applies', () => {
  it('names: 1-64 characters, no control characters, no lone surrogates, not blank', () => {
    expect(nameProblem('Tea box')).toBeNull()
    expect(nameProblem('お茶')).toBeNull()
    expect(nameProblem('')).toMatch(/characters/)
    expect(nameProblem('x'.repeat(MAX_NAME_LENGTH + 1))).toMatch(/characters/)
    expect(nameProblem('a\nb')).toBe('control characters')
    expect(nameProblem('a\u001b[2J')).toBe('control characters')
    expect(nameProblem('a\ud800b')).toMatch(/surrogate/)
    expect(nameProblem('   ')).toBe('only spaces')
    expect(nameProblem(42)).toMatch(/characters/)
  })

  it('size: a positive width in cm written as digits (what HTTP, crs add and crs import accept alike)', () => {
    for (const ok of ['20', '12.5', '0.5', '300']) expect(sizeProblem(ok)).toBeNull()
    for (const bad of ['abc', '0', '0.0', '-5', '1e9', 'Infinity', '12.5cm', '', ' 20']) expect(sizeProblem(bad), bad).not.toBeNull()
    expect(() => validSize('abc')).toThrow(expect.objectContaining({ statusCode: 414 }))
  })
})
