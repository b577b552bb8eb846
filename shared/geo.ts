import { z } from 'zod'

/** A WGS84 point. Longitude first, as in GeoJSON. */
export const PointSchema = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
})
export type Point = z.infer<typeof PointSchema>

/** Mean Earth radius (IUGG), in metres, as turf uses on the server. */
const EARTH_RADIUS_M = 6_371_008.8

/**
 * Great-circle (straight-line) distance in metres (haversine), matching the server's
 * straight-line ranking: for the browser (no turf there) and the arrival estimate.
 */
export function distanceM(a: Point, b: Point): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** A distance as people read it: metres under a kilometre, then kilometres (one decimal under 10 km). */
export function formatDistance(m: number): string {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(m < 10_000 ? 1 : 0)} km`
}

export const AreaLabelSchema = z.object({
  kecamatanCode: z.string().nullable(),
  kecamatan: z.string().nullable(),
  kelurahanCode: z.string().nullable(),
  kelurahan: z.string().nullable(),
})
export type AreaLabel = z.infer<typeof AreaLabelSchema>
