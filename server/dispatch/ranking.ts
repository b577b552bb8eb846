import { distance } from '@turf/turf'
import type { Point } from '@shared/geo.js'

/**
 * The cost of sending a team from `from` to `to`. Today: straight-line metres (turf's
 * haversine). A travel-time model over the road network replaces this one function.
 */
export type TravelCost = (from: Point, to: Point) => number

export const straightLineMetres: TravelCost = (a, b) => distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' })

/** Sorts items by travel cost to `target`, nearest first. */
export function rankByCost<T>(target: Point, items: T[], pos: (t: T) => Point, cost: TravelCost = straightLineMetres) {
  return items.map((item) => ({ item, distanceM: Math.round(cost(pos(item), target)) })).sort((a, b) => a.distanceM - b.distanceM)
}

/** A box around a point, wide enough to hold a circle of `radiusM` (for index-friendly pre-filters). */
export function boxAround(p: Point, radiusM: number) {
  const dLat = radiusM / 111_320
  const dLon = radiusM / (111_320 * Math.max(0.01, Math.cos((p.lat * Math.PI) / 180)))
  return { minLon: p.lon - dLon, maxLon: p.lon + dLon, minLat: p.lat - dLat, maxLat: p.lat + dLat }
}

/**
 * The order to offer a case to ranked candidates (nearest first), by ASSIGN_REACHABLE:
 * - `ignore`: as ranked;
 * - `only`: only teams whose phone is connected;
 * - `prefer`: connected teams first, but only those at most `preferWithinM` farther than the
 *   nearest candidate: a connected team 30 km away must not beat a silent one 200 m away (its
 *   phone may be closed for a moment; an unacknowledged offer moves on after ACK_TIMEOUT_S,
 *   while the far team's drive is lost time for certain). Then everyone else, nearest first.
 */
export function reachabilityOrder(ranked: ReadonlyArray<{ id: string; distanceM: number }>, connected: ReadonlySet<string>, mode: 'prefer' | 'only' | 'ignore', preferWithinM: number): string[] {
  if (mode === 'ignore' || ranked.length === 0) return ranked.map((r) => r.id)
  if (mode === 'only') return ranked.filter((r) => connected.has(r.id)).map((r) => r.id)
  const limit = ranked[0]!.distanceM + preferWithinM
  const first = ranked.filter((r) => connected.has(r.id) && r.distanceM <= limit)
  const chosen = new Set(first.map((r) => r.id))
  return [...first, ...ranked.filter((r) => !chosen.has(r.id))].map((r) => r.id)
}
