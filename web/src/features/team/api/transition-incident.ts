import { API } from '@shared/api.js'
import type { Incident } from '@shared/incidents.js'
import { api } from '../../../lib/api.js'

export type TeamStep = 'acknowledged' | 'en_route' | 'on_scene' | 'transporting' | 'not_found'

/** POST /api/incidents/:id/transitions — a lifecycle step the team records itself, at the phone's time (and, when transporting starts, where to). */
export const transitionIncident = (incidentId: string, to: TeamStep, idempotencyKey: string, deviceTime?: string, extra: { destinationId?: string } = {}) =>
  api<Incident>('POST', `${API.incidents}/${incidentId}/transitions`, { body: { to, ...(deviceTime ? { deviceTime } : {}), ...extra }, idempotencyKey })
