import { describe, expect, it } from 'vitest'
import { ALLOCATOR_ENV, allocatorHint } from '../../../server/src/allocatorHint.ts'

describe('allocatorHint', () => {
  it('tells a glibc server how to start for long runs, naming the variable and the README section', () => {
    const hint = allocatorHint({}, '2.36')
    expect(hint).toContain(`${ALLOCATOR_ENV}=131072`)
    expect(hint).toContain('Running for days')
  })

  it('says nothing once the variable is set, or where the C library is not glibc (macOS, musl, Windows)', () => {
    expect(allocatorHint({ [ALLOCATOR_ENV]: '131072' }, '2.36')).toBeNull()
    expect(allocatorHint({ [ALLOCATOR_ENV]: '0' }, '2.36')).toBeNull()
    expect(allocatorHint({}, null)).toBeNull()
  })
})
