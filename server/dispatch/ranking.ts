import { distance } from '@turf/turf'
import type { Point } from '../../shared/geo.js'

/**
 * The cost of sending a team from `from` to `to`. Today: straight-line metres (turf's
 * haversine). A travel-time model over the road network replaces this one function.
 */
export type TravelCost = (from: Point, to: Point) => number

export const straightLineMetres: TravelCost = (a, b) =>
  distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' })

/** Sorts items by travel cost to `target`, nearest first. */
export function rankByCost<T>(target: Point, items: T[], pos: (t: T) => Point, cost: TravelCost = straightLineMetres) {
  return items
    .map((item) => ({ item, distanceM: Math.round(cost(pos(item), target)) }))
    .sort((a, b) => a.distanceM - b.distanceM)
}

/** A box around a point, wide enough to hold a circle of `radiusM` (for index-friendly pre-filters). */
export function boxAround(p: Point, radiusM: number) {
  const dLat = radiusM / 111_320
  const dLon = radiusM / (111_320 * Math.max(0.01, Math.cos((p.lat * Math.PI) / 180)))
  return { minLon: p.lon - dLon, maxLon: p.lon + dLon, minLat: p.lat - dLat, maxLat: p.lat + dLat }
}
