import { z } from 'zod'

/** A place on the map, as the ETA needs it. */
export interface LonLat {
  lon: number
  lat: number
}

/** Mean Earth radius (IUGG), in metres. */
const EARTH_RADIUS_M = 6_371_008.8

/** Great-circle (straight-line) distance between two points, in metres (haversine). */
export function straightLineM(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * An estimate of when a team arrives: the straight-line distance at the city's average urban
 * speed (city.json `eta.averageSpeedKmh`). Roads are longer than the straight line and traffic
 * varies, so screens call it "perkiraan" (an estimate); it is recomputed at every position fix.
 */
export function estimateArrival(from: LonLat, to: LonLat, averageSpeedKmh: number): { distanceM: number; etaS: number } {
  const distanceM = straightLineM(from, to)
  return { distanceM: Math.round(distanceM), etaS: Math.round(distanceM / ((averageSpeedKmh * 1000) / 3600)) }
}

/** A team on its way to a facility moved: its newest fix and the new estimate (facility screens). */
export const FacilityEtaSchema = z.object({
  incidentId: z.uuid(),
  teamId: z.uuid(),
  position: z.object({ lon: z.number(), lat: z.number(), receivedAt: z.string() }),
  /** Straight-line distance to the facility, in metres. */
  distanceM: z.number(),
  /** Seconds to arrival at the average urban speed (an estimate). */
  etaS: z.number(),
})
export type FacilityEta = z.infer<typeof FacilityEtaSchema>
