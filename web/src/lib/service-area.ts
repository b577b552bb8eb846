import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { API } from '@shared/api.js'
import { api } from './api.js'

/** GET /api/service-area: the city boundary and its kecamatan, as GeoJSON. */
export interface ServiceArea {
  boundary: FeatureCollection<Polygon | MultiPolygon> | Feature<Polygon | MultiPolygon>
  kecamatan: FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>>
}

let pending: Promise<ServiceArea> | null = null

/** Fetched once per page (the server lets the browser cache it for an hour). */
export function getServiceArea(): Promise<ServiceArea> {
  pending ??= api<ServiceArea>('GET', API.serviceArea).catch((err) => {
    pending = null
    throw err
  })
  return pending
}
