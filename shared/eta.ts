import { z } from 'zod'
import { distanceM, type Point } from './geo.js'

/** A place on the map, as the ETA needs it. */
export type LonLat = Point

/** Great-circle (straight-line) distance between two points, in metres. */
export const straightLineM = distanceM

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
