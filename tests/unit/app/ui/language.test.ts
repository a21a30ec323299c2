import { describe, expect, it } from 'vitest'
import { LANGUAGES, loadStrings, pickLanguage, primarySubtag, visitorLanguages } from '../../../../src/ui/language'
import { en, strings, useStrings, type Strings } from '../../../../src/ui/strings'

describe('pickLanguage', () => {
  it('takes the first browser language we have, by primary subtag', () => {
    expect(pickLanguage(['ja-JP', 'en-US'])).toBe('ja')
    expect(pickLanguage(['fr-FR', 'ja', 'en'])).toBe('ja')
    expect(pickLanguage(['en-GB', 'ja-JP'])).toBe('en')
    expect(pickLanguage(['JA_jp'])).toBe('ja')
  })

  it('falls back to English when nothing matches or the list is empty', () => {
    expect(pickLanguage(['fr-FR', 'de'])).toBe('en')
    expect(pickLanguage([])).toBe('en')
    expect(pickLanguage(['', '*', 'x-klingon', 'jap'])).toBe('en')
  })

  it('honours ?lang= before the browser list, and ignores a language we do not have', () => {
    expect(pickLanguage(visitorLanguages({ language: 'en-US', languages: ['en-US'] }, '?lang=ja'))).toBe('ja')
    expect(pickLanguage(visitorLanguages({ language: 'ja-JP', languages: ['ja-JP'] }, '?lang=en'))).toBe('en')
    expect(pickLanguage(visitorLanguages({ language: 'ja-JP', languages: ['ja-JP'] }, '?lang=xx'))).toBe('ja')
  })

  it('uses navigator.language where navigator.languages is missing or empty', () => {
    expect(visitorLanguages({ language: 'ja-JP' })).toEqual(['ja-JP'])
    expect(visitorLanguages({ language: 'ja-JP', languages: [] })).toEqual(['ja-JP'])
    expect(visitorLanguages({ language: '' })).toEqual([])
  })

  it('reads the primary subtag of BCP 47 tags', () => {
    expect(primarySubtag('zh-Hant-TW')).toBe('zh')
    expect(primarySubtag(' pt_BR ')).toBe('pt')
    expect(primarySubtag('i-klingon')).toBe('')
  })
})

/** Every key path of a table, with the kind of its value ('string' or the function's arity). */
function shape(table: object, prefix = ''): string[] {
  return Object.entries(table).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? shape(value as object, `${prefix}${key}.`)
      : [`${prefix}${key}:${typeof value === 'function' ? `fn${(value as (...a: unknown[]) => string).length}` : typeof value}`],
  )
}

/** Every text of a table, functions called with sample values. */
function texts(table: object): string[] {
  return Object.values(table).flatMap((value) =>
    typeof value === 'object' && value !== null
      ? texts(value as object)
      : [typeof value === 'function' ? (value as (...a: unknown[]) => string)('X', 'Y') : String(value)],
  )
}

describe('language tables', () => {
  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every key of English, of the same kind, and no other', async (language) => {
    const table = await loadStrings(language)
    expect(shape(table).sort()).toEqual(shape(en).sort())
  })

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has no empty text and puts the interpolated values in', async (language) => {
    const table = await loadStrings(language)
    for (const text of texts(table)) expect(text.trim()).not.toBe('')
    expect(table.status.recognized('Volt')).toContain('Volt')
    expect(table.status.badMeta('Volt', 'why')).toMatch(/Volt.*why/)
  })

  it('Japanese is Japanese (not English left in by mistake)', async () => {
    const ja = await loadStrings('ja')
    expect(ja.start.button).toBe('タップして開始')
    // Every sentence carries kana or kanji.
    for (const text of texts(ja).filter((t) => t !== 'PrintAR' && !/^「?X」?$/.test(t)))
      expect(text, text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
  })

  it('useStrings swaps the live table in place', async () => {
    const ja: Strings = await loadStrings('ja')
    useStrings(ja)
    expect(strings.buttons.retry).toBe('もう一度試す')
    useStrings(en)
    expect(strings.buttons.retry).toBe('Try again')
  })
})
