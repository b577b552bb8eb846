import { RequireSession } from '../components/require-session.js'
import { AdminPage } from '../features/admin/components/admin-page.js'
import { adminLocales } from '../features/admin/locales.js'
import { mountPage } from './mount-page.js'

mountPage({
  bundles: { admin: adminLocales },
  title: 'admin:title',
  page: () => (
    <RequireSession roles={['admin']} headingKey="admin:signInHeading">
      <AdminPage />
    </RequireSession>
  ),
})
