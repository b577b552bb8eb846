import { API } from '../../../../../shared/api.js'
import type { Incident, TransitionRequest } from '../../../../../shared/incidents.js'
import { api, newIdempotencyKey } from '../../../lib/api.js'

/** POST /api/incidents/:id/transitions — close, cancel, or record a step for a team. */
export const transitionIncident = (incidentId: string, req: TransitionRequest, idempotencyKey = newIdempotencyKey()) =>
  api<Incident>('POST', `${API.incidents}/${incidentId}/transitions`, { body: req, idempotencyKey })
