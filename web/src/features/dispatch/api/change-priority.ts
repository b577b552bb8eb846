import type { incidentEndpoints } from '@shared/endpoints/incidents.js'
import type { Priority } from '@shared/incidents.js'
import { call } from '../../../lib/call.js'

/** POST /api/incidents/:id/priority */
export const changePriority = (incidentId: string, priority: Priority) =>
  call<typeof incidentEndpoints.priority>({ method: 'post', path: '/api/incidents/:id/priority' }, { params: { id: incidentId }, body: { priority } })
