import { permits } from '@shared/permissions.js'
import { useSession } from '../../../components/require-session.js'

/** What the signed-in role may do here, to show only the commands that will work (the server decides). */
export function usePermissions() {
  const role = useSession().session.user.role
  return {
    dispatch: permits(role, 'incident.assign'),
    reportByPhone: permits(role, 'incident.report_by_phone'),
    history: permits(role, 'incident.history'),
    reports: permits(role, 'stats.read'),
    admin: permits(role, 'users.manage'),
    roster: permits(role, 'roster.read'),
    rosterNote: permits(role, 'roster.note'),
    stayAlerts: permits(role, 'stay.alerts'),
  }
}
