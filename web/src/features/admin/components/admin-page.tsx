import { useEffect, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from '../../../components/language-switch.js'
import { useSession } from '../../../components/require-session.js'
import '../admin.css'
import { AccountsTab } from './accounts-tab.js'
import { DestinationsTab } from './destinations-tab.js'
import { RosterTab } from './roster-tab.js'
import { SettingsTab } from './settings-tab.js'
import { TeamsTab } from './teams-tab.js'

const TABS = ['accounts', 'teams', 'roster', 'destinations', 'settings', 'history'] as const
type Tab = (typeof TABS)[number]
const tabFromHash = (): Tab => {
  const h = location.hash.slice(1)
  return (TABS as readonly string[]).includes(h) ? (h as Tab) : 'accounts'
}

/**
 * The office's admin screens: accounts, teams, duty roster, destinations, settings, case history, one tab each (kept in
 * the URL's #). The case history is its own feature (also the /history page); the app shell
 * passes it in, so features do not import each other.
 */
export function AdminPage({ history }: { history: ReactNode }) {
  const { t } = useTranslation('admin')
  const { session, signOut } = useSession()
  const [tab, setTab] = useState<Tab>(tabFromHash)
  useEffect(() => {
    const onHash = () => setTab(tabFromHash())
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
  return (
    <div className="admin">
      <header className="admin-head">
        <div>
          <div className="brand">{t('common:appName')}</div>
          <h1>{t('heading')}</h1>
        </div>
        <span className="spacer" />
        <span className="muted admin-user" data-testid="admin-user">
          {session.user.displayName}
        </span>
        <LanguageSwitch />
        <button type="button" className="btn btn-small" onClick={signOut} data-testid="sign-out">
          {t('signOut')}
        </button>
      </header>
      <nav className="admin-tabs" role="tablist">
        {TABS.map((k) => (
          <a key={k} href={`#${k}`} role="tab" aria-selected={tab === k} className={tab === k ? 'is-active' : ''} data-testid={`tab-${k}`}>
            {t(`tabs.${k}`)}
          </a>
        ))}
      </nav>
      <main className="admin-main" role="tabpanel">
        {tab === 'accounts' && <AccountsTab />}
        {tab === 'teams' && <TeamsTab />}
        {tab === 'roster' && <RosterTab />}
        {tab === 'destinations' && <DestinationsTab />}
        {tab === 'settings' && <SettingsTab />}
        {tab === 'history' && history}
      </main>
    </div>
  )
}
