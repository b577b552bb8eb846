import i18next, { type Resource } from 'i18next'
import { initReactI18next, useTranslation } from 'react-i18next'
import { commonId } from './locales/common.js'

/** Bahasa Indonesia first: the city's people and staff; English for visitors and partners. */
export const LANGUAGES = ['id', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
const STORAGE_KEY = 'trc.lang'

/** The English strings must have exactly the Indonesian keys (checked by tsc). */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> }

/** A namespace's strings in both languages (English mirrors the Indonesian keys). */
export interface Bundle {
  id: Record<string, unknown>
  en: Record<string, unknown>
}

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY)
    if (v && (LANGUAGES as readonly string[]).includes(v)) return v as Language
  } catch {
    /* storage may be blocked (private mode); fall back to the default */
  }
  return 'id'
}

/**
 * Sets up i18next with the common strings and the page's own namespaces. Each page passes
 * only its feature's bundle, so a phone never downloads the dispatcher's texts.
 */
export function initI18n(bundles: Record<string, Bundle>) {
  const resources: Resource = { id: { common: commonId }, en: {} }
  for (const [ns, b] of Object.entries(bundles)) {
    resources.id![ns] = b.id
    resources.en![ns] = b.en
  }
  const lng = storedLanguage()
  document.documentElement.lang = lng
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'id',
    supportedLngs: [...LANGUAGES],
    ns: ['common', ...Object.keys(bundles)],
    defaultNS: 'common',
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
  })
  i18next.on('languageChanged', (l) => void loadCommonStrings(l))
  return i18next
}

let english: Promise<void> | null = null
/**
 * The common strings for `lng`: Indonesian come with every page; English only when chosen, so
 * the citizen's page stays light (test/e2e/report-weight.test.ts). mountPage waits for them
 * when the page opens in English; a switch to English re-renders once they have arrived.
 */
export function loadCommonStrings(lng: string): Promise<void> {
  if (lng !== 'en') return Promise.resolve()
  english ??= import('./locales/common-en.js').then(
    ({ commonEn }) => {
      // Not over what is already there: the city's service name (mount-page.tsx) is set as appName.
      i18next.addResourceBundle('en', 'common', commonEn, true, false)
      if (i18next.language === 'en') void i18next.changeLanguage('en') // re-renders with them
    },
    (err: unknown) => {
      english = null
      throw err
    },
  )
  return english
}

export function setLanguage(lng: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lng)
  } catch {
    /* not persisted; the switch still applies to this page */
  }
  document.documentElement.lang = lng
  void i18next.changeLanguage(lng)
}

/** The current language as BCP 47 tag for Intl (dates, numbers). */
export function useLocale(): string {
  const { i18n } = useTranslation()
  return i18n.language === 'en' ? 'en-GB' : 'id-ID'
}
