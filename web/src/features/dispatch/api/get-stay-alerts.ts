import type { stayEndpoints } from '@shared/endpoints/stays.js'
import { call } from '../../../lib/call.js'

/** GET /api/stays/alerts — open stays due soon or past their maximum, everywhere (logged). */
export const getStayAlerts = () => call<typeof stayEndpoints.alerts>({ method: 'get', path: '/api/stays/alerts' }, {})
