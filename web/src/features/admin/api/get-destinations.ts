import { API } from '@shared/api.js'
import type { Destination } from '@shared/destinations.js'
import { api } from '../../../lib/api.js'

/** GET /api/destinations?all=true — every destination, withdrawn ones too. */
export const getAllDestinations = () => api<Destination[]>('GET', `${API.destinations}?all=true`)
