import { RequireSession } from '../components/require-session.js'
import { DispatchPage } from '../features/dispatch/components/dispatch-page.js'
import { dispatchLocales } from '../features/dispatch/locales.js'
import { mountPage } from './mount-page.js'

mountPage({
  bundles: { dispatch: dispatchLocales },
  title: 'dispatch:title',
  page: () => (
    <RequireSession roles={['dispatcher', 'admin', 'call_taker', 'viewer']} headingKey="dispatch:console">
      <DispatchPage />
    </RequireSession>
  ),
})
