import type { incidentEndpoints } from '@shared/endpoints/incidents.js'
import type { TransitionRequest } from '@shared/incidents.js'
import { newIdempotencyKey } from '../../../lib/api.js'
import { call } from '../../../lib/call.js'

/** POST /api/incidents/:id/transitions — close, cancel, or record a step for a team. */
export const transitionIncident = (incidentId: string, req: TransitionRequest, idempotencyKey = newIdempotencyKey()) =>
  call<typeof incidentEndpoints.transition>({ method: 'post', path: '/api/incidents/:id/transitions' }, { params: { id: incidentId }, body: req }, { idempotencyKey })
