import type { GeoJSON } from 'geojson'
import { distanceM, formatDistance, type Point } from '@shared/geo.js'

/** Great-circle distance in metres, and a distance as people read it (shared/geo.ts). */
export { distanceM, formatDistance }

type Ring = number[][]

function inRing(p: Point, ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number]
    const [xj, yj] = ring[j] as [number, number]
    if (yi > p.lat !== yj > p.lat && p.lon < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

function inPolygon(p: Point, rings: Ring[]): boolean {
  const [outer, ...holes] = rings
  return !!outer && inRing(p, outer) && !holes.some((h) => inRing(p, h))
}

/**
 * Whether a point lies in a (Multi)Polygon GeoJSON object or collection. Only a hint for the
 * form: the server (turf) decides and answers `outside_service_area`.
 */
export function containsPoint(geo: GeoJSON | null | undefined, p: Point): boolean {
  if (!geo) return true
  switch (geo.type) {
    case 'FeatureCollection':
      return geo.features.some((f) => containsPoint(f, p))
    case 'Feature':
      return containsPoint(geo.geometry, p)
    case 'Polygon':
      return inPolygon(p, geo.coordinates)
    case 'MultiPolygon':
      return geo.coordinates.some((poly) => inPolygon(p, poly))
    default:
      return false
  }
}
