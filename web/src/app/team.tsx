import { RequireSession } from '../components/require-session.js'
import { TeamPage } from '../features/team/components/team-page.js'
import { teamLocales } from '../features/team/locales.js'
import { mountPage } from './mount-page.js'

// The installable, offline team app (web/build/team-pwa.ts): its worker controls /team only.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/team-sw.js', { scope: '/team' }).catch(() => {}))
}

mountPage({
  bundles: { team: teamLocales },
  title: 'team:title',
  page: () => (
    <RequireSession roles={['team']} headingKey="team:signInHeading">
      <TeamPage />
    </RequireSession>
  ),
})
