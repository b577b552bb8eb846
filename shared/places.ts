import { z } from 'zod'

/** What a named place is; the search lists named spots before whole areas. */
export const PLACE_KINDS = ['landmark', 'facility', 'kelurahan', 'kecamatan'] as const

/**
 * A place a reporter can find by name without GPS or a network: from the city's own data
 * (kelurahan and kecamatan at a point inside them, facilities, landmarks). GET /api/places.
 */
export const PlaceSchema = z.object({
  name: z.string(),
  kind: z.enum(PLACE_KINDS),
  /** What it is, in the data's own words (market, school, hospital, government…), if known. */
  subkind: z.string().nullable(),
  /** Where it is, for telling places of the same name apart. */
  kelurahan: z.string().nullable(),
  kecamatan: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
})
export type Place = z.infer<typeof PlaceSchema>
