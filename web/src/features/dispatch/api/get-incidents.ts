import { API } from '../../../../../shared/api.js'
import type { Incident } from '../../../../../shared/incidents.js'
import { api } from '../../../lib/api.js'

/** GET /api/incidents?status=open — every case someone still has to act on. */
export const getOpenIncidents = () => api<Incident[]>('GET', `${API.incidents}?status=open&limit=1000`)
