/**
 * The visitor's language: the first of the browser's languages (`navigator.languages`, best
 * first) whose primary subtag we have a table for, else English. `?lang=ja` on the page URL wins
 * when it names a language we have (a booth laptop, a support call). English is in the entry
 * chunk; every other table is its own chunk, loaded before the page is built.
 *
 * Adding a language: see README "Languages" (a `strings.xx.ts` typed `Strings`, one line in
 * LOADERS below).
 */
import { en, type Strings } from './strings'

/** Other languages than English, each a chunk of its own (the Record makes every one listed). */
const LOADERS = {
  ja: () => import('./strings.ja').then((m) => m.ja),
} satisfies Record<string, () => Promise<Strings>>

export type Language = 'en' | keyof typeof LOADERS
export const LANGUAGES: readonly Language[] = ['en', ...(Object.keys(LOADERS) as (keyof typeof LOADERS)[])]

/** `en-GB` → `en`, `zh_Hant_TW` → `zh`; '' for nonsense. */
export function primarySubtag(tag: string): string {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? ''
  return /^[a-z]{2,3}$/.test(primary) ? primary : ''
}

/** The first of `preferred` (best first) that we have, by primary subtag; English when none. */
export function pickLanguage(preferred: readonly string[], supported: readonly string[] = LANGUAGES): Language {
  for (const tag of preferred) {
    const primary = primarySubtag(tag)
    if (primary && supported.includes(primary)) return primary as Language
  }
  return 'en'
}

/** `?lang=` first (when given), then the browser's list; `navigator.language` where `languages` is missing. */
export function visitorLanguages(nav: Pick<Navigator, 'language'> & { languages?: readonly string[] }, search = ''): string[] {
  const override = new URLSearchParams(search).get('lang')
  const browser = nav.languages && nav.languages.length > 0 ? [...nav.languages] : nav.language ? [nav.language] : []
  return override ? [override, ...browser] : browser
}

/** The table for `language` (English at once; the others fetched as their chunk). */
export function loadStrings(language: Language): Promise<Strings> {
  return language === 'en' ? Promise.resolve(en) : LOADERS[language]()
}
