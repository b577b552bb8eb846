import { API } from '@shared/api.js'
import type { Place } from '@shared/places.js'
import { api } from '../../../lib/api.js'

let pending: Promise<Place[]> | null = null

/**
 * GET /api/places: the city's named places, fetched once per page (and cached by the browser
 * for an hour); the search then runs on the phone with no further requests.
 */
export function getPlaces(): Promise<Place[]> {
  pending ??= api<Place[]>('GET', API.places).catch((err) => {
    pending = null
    throw err
  })
  return pending
}
