import { z } from 'zod'

/** A WGS84 point. Longitude first, as in GeoJSON. */
export const PointSchema = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
})
export type Point = z.infer<typeof PointSchema>

export const AreaLabelSchema = z.object({
  kecamatanCode: z.string().nullable(),
  kecamatan: z.string().nullable(),
  kelurahanCode: z.string().nullable(),
  kelurahan: z.string().nullable(),
})
export type AreaLabel = z.infer<typeof AreaLabelSchema>
