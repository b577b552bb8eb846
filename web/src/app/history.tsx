import { RequireSession } from '../components/require-session.js'
import { HistoryPage } from '../features/history/components/history-page.js'
import { historyLocales } from '../features/history/locales.js'
import { mountPage } from './mount-page.js'

mountPage({
  bundles: { history: historyLocales },
  title: 'history:title',
  page: () => (
    // The roles with `incident.history` (shared/permissions.ts).
    <RequireSession roles={['call_taker', 'dispatcher', 'admin']} headingKey="history:signInHeading">
      <HistoryPage />
    </RequireSession>
  ),
})
