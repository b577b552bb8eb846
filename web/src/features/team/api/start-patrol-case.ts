import { API } from '@shared/api.js'
import type { Incident, PatrolCase } from '@shared/incidents.js'
import { api } from '../../../lib/api.js'

/**
 * POST /api/incidents/patrol — the team starts a case it found on patrol, for itself (on scene,
 * no dispatch). The key makes a retry after a lost answer return the same case.
 */
export const startPatrolCase = (input: PatrolCase, idempotencyKey: string) => api<Incident>('POST', `${API.incidents}/patrol`, { body: input, idempotencyKey })

/** POST /api/incidents/:id/photo — the team that found the person adds the photo (no tracking code needed). */
export const uploadPatrolPhoto = (incidentId: string, jpeg: Blob) => api<unknown>('POST', `${API.incidents}/${incidentId}/photo`, { raw: { data: jpeg, contentType: 'image/jpeg' } })
