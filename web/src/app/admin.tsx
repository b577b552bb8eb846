import { RequireSession } from '../components/require-session.js'
import { AdminPage } from '../features/admin/components/admin-page.js'
import { adminLocales } from '../features/admin/locales.js'
import { CaseHistory } from '../features/history/components/case-history.js'
import { historyLocales } from '../features/history/locales.js'
import { mountPage } from './mount-page.js'

mountPage({
  bundles: { admin: adminLocales, history: historyLocales },
  title: 'admin:title',
  page: () => (
    <RequireSession roles={['admin']} headingKey="admin:signInHeading">
      <AdminPage history={<CaseHistory />} />
    </RequireSession>
  ),
})
