import { API } from '../../../../../shared/api.js'
import type { Destination } from '../../../../../shared/destinations.js'
import { api } from '../../../lib/api.js'

/** GET /api/destinations — active shelters, RPS, panti, hospitals with live occupancy. */
export const getDestinations = () => api<Destination[]>('GET', API.destinations)
