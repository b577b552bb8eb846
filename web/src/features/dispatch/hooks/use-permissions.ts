import { useSession } from '../../../components/require-session.js'

/**
 * What the signed-in role may do here, to show only the commands that will work. The server
 * decides (server/auth/policy.ts); this mirrors it for the UI until the table moves to shared/.
 */
export function usePermissions() {
  const role = useSession().session.user.role
  return {
    dispatch: role === 'dispatcher' || role === 'admin',
    reportByPhone: role === 'dispatcher' || role === 'admin' || role === 'call_taker',
  }
}
