import { RequireSession } from '../components/require-session.js'
import { FacilityPage } from '../features/facility/components/facility-page.js'
import { facilityLocales } from '../features/facility/locales.js'
import { mountPage } from './mount-page.js'

mountPage({
  bundles: { facility: facilityLocales },
  title: 'facility:title',
  page: () => (
    <RequireSession roles={['facility', 'admin']} headingKey="facility:signInHeading">
      <FacilityPage />
    </RequireSession>
  ),
})
