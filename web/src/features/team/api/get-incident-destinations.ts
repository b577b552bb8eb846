import { API } from '@shared/api.js'
import type { RecommendedDestination } from '@shared/destinations.js'
import { api } from '../../../lib/api.js'

/** GET /api/incidents/:id/destinations — places that take the case and have room, nearest first. */
export const getIncidentDestinations = (incidentId: string) => api<RecommendedDestination[]>('GET', `${API.incidents}/${incidentId}/destinations`)
