import { RequireSession } from '../components/require-session.js'
import { TeamPage } from '../features/team/components/team-page.js'
import { teamLocales } from '../features/team/locales.js'
import { mountPage } from './mount-page.js'

mountPage({
  bundles: { team: teamLocales },
  title: 'team:title',
  page: () => (
    <RequireSession roles={['team']} headingKey="team:signInHeading">
      <TeamPage />
    </RequireSession>
  ),
})
