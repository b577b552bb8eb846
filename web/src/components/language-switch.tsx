import { useTranslation } from 'react-i18next'
import { LANGUAGES, setLanguage } from '../lib/i18n.js'

/** ID | EN toggle; the choice is kept in localStorage for every page. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { t, i18n } = useTranslation()
  return (
    <div className={`lang-switch ${className ?? ''}`} role="group" aria-label={t('language')}>
      {LANGUAGES.map((lng) => (
        <button key={lng} type="button" lang={lng} data-testid={`lang-${lng}`} aria-pressed={i18n.language === lng} title={t(`languages.${lng}`)} onClick={() => setLanguage(lng)}>
          {lng.toUpperCase()}
        </button>
      ))}
    </div>
  )
}
