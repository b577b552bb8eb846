import { API } from '../../../../../shared/api.js'
import type { Incident, Priority } from '../../../../../shared/incidents.js'
import { api } from '../../../lib/api.js'

/** POST /api/incidents/:id/priority */
export const changePriority = (incidentId: string, priority: Priority) => api<Incident>('POST', `${API.incidents}/${incidentId}/priority`, { body: { priority } })
