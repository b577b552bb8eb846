import { RequireSession } from '../components/require-session.js'
import { ReportsPage } from '../features/reports/components/reports-page.js'
import { reportsLocales } from '../features/reports/locales.js'
import { mountPage } from './mount-page.js'

mountPage({
  bundles: { reports: reportsLocales },
  title: 'reports:title',
  page: () => (
    <RequireSession roles={['viewer', 'dispatcher', 'admin']} headingKey="reports:heading">
      <ReportsPage />
    </RequireSession>
  ),
})
