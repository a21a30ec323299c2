import { describe, expect, it } from 'vitest'
import { isEasyArCloud, privacyNote } from '../../../../src/ui/privacyNote'

describe('privacyNote', () => {
  it('says frames go to EasyAR when the Client-end URL is EasyAR’s cloud', () => {
    expect(isEasyArCloud('https://0123456789abcdef0123456789abcdef.cn1.crs.easyar.com:8443')).toBe(true)
    expect(privacyNote('https://x.na1.crs.easyar.com:8443')).toMatch(/sent to EasyAR/)
  })

  it('says frames are compared and never stored with the local recognizer (same origin or self-hosted)', () => {
    for (const url of ['', '/crs', 'https://ar.example.com:8787', 'https://easyar.com.evil.example']) {
      expect(isEasyArCloud(url)).toBe(false)
      expect(privacyNote(url)).toMatch(/never stored/)
    }
  })
})
