import { describe, expect, it } from 'vitest'
import { readConfig } from '../../../../src/core/config'

describe('config.smartCapture', () => {
  it('is on by default', () => {
    expect(readConfig('').smartCapture).toBe(true)
  })
  it('?smart=0 (or off/false/no) switches it off; ?smart and ?smart=1 keep it on', () => {
    for (const value of ['0', 'off', 'false', 'no']) expect(readConfig(`?smart=${value}`).smartCapture).toBe(false)
    expect(readConfig('?smart').smartCapture).toBe(true)
    expect(readConfig('?smart=1&interval=1000').smartCapture).toBe(true)
  })
})
