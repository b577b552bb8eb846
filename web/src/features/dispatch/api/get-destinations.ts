import type { destinationEndpoints } from '@shared/endpoints/destinations.js'
import { call } from '../../../lib/call.js'

/** GET /api/destinations — active shelters, RPS, panti, hospitals with live occupancy. */
export const getDestinations = () => call<typeof destinationEndpoints.list>({ method: 'get', path: '/api/destinations' }, {})
