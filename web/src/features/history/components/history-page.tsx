import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from '../../../components/language-switch.js'
import { useSession } from '../../../components/require-session.js'
import { CaseHistory } from './case-history.js'

/** The /history page: the case search for call-takers, dispatchers and admins. */
export function HistoryPage() {
  const { t } = useTranslation('history')
  const { session, signOut } = useSession()
  return (
    <div className="history-page">
      <header className="history-head">
        <div>
          <div className="brand">{t('common:appName')}</div>
        </div>
        <span className="spacer" />
        <span className="muted">{session.user.displayName}</span>
        <LanguageSwitch />
        <button type="button" className="btn btn-small" onClick={signOut}>
          {t('signOut')}
        </button>
      </header>
      <CaseHistory />
    </div>
  )
}
