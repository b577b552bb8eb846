import { z } from 'zod'
import { IncidentCategorySchema } from './incidents.js'
import { PointSchema } from './geo.js'
import { singleLineText } from './text.js'

export const DESTINATION_KINDS = [
  'rps', // Rumah Perlindungan Sosial
  'shelter', // shelter / rumah singgah
  'panti', // panti sosial
  'hospital',
  'puskesmas',
  'family',
] as const
/**
 * Kinds whose people stay and are counted: their occupancy is the open stays plus logged
 * adjustments. The other kinds (hospitals, puskesmas, a family) do not report occupancy to
 * the office, so theirs is unknown (null), which is not the same as "no limit".
 */
export const RESIDENTIAL_KINDS = ['rps', 'shelter', 'panti'] as const satisfies readonly (typeof DESTINATION_KINDS)[number][]
export const isResidential = (kind: DestinationKind): boolean => (RESIDENTIAL_KINDS as readonly string[]).includes(kind)
export const DestinationKindSchema = z.enum(DESTINATION_KINDS)
export type DestinationKind = z.infer<typeof DestinationKindSchema>

/** "24h" or "HH:MM-HH:MM" in the city's time zone (a range may pass midnight). */
export const OpeningHoursSchema = z.string().regex(/^(24h|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'must be "24h" or "HH:MM-HH:MM"')

const fields = {
  name: singleLineText({ min: 1, max: 200 }),
  kind: DestinationKindSchema,
  location: PointSchema,
  address: singleLineText({ max: 500 }).optional(),
  /** Beds or places; null when the destination does not track capacity (e.g. a family). */
  capacity: z.number().int().min(0).max(100_000).nullable(),
  occupancy: z.number().int().min(0).max(100_000),
  accepts: z.array(IncidentCategorySchema).min(1),
  openingHours: OpeningHoursSchema,
  contact: singleLineText({ max: 200 }).optional(),
  /** Demo data that is not a real address; shown as "example" everywhere. */
  isExample: z.boolean(),
  source: singleLineText({ max: 300 }).optional(),
}

export const DestinationInputSchema = z.object({
  ...fields,
  capacity: fields.capacity.default(null),
  occupancy: fields.occupancy.default(0),
  openingHours: fields.openingHours.default('24h'),
  isExample: fields.isExample.default(false),
})
export type DestinationInput = z.infer<typeof DestinationInputSchema>
/** A change to some fields; no defaults, so what is not sent stays as it was. */
export const DestinationPatchSchema = z
  .object(fields)
  .partial()
  .extend({
    active: z.boolean().optional(),
    /** Why occupancy is set by hand (it is logged as an adjustment); required with `occupancy`. */
    occupancyReason: singleLineText({ min: 3, max: 500 }).optional(),
  })
export type DestinationPatch = z.infer<typeof DestinationPatchSchema>

export const DestinationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: DestinationKindSchema,
  location: PointSchema,
  address: z.string().nullable(),
  capacity: z.number().nullable(),
  /** Null when unknown (a hospital): see RESIDENTIAL_KINDS. */
  occupancy: z.number().nullable(),
  free: z.number().nullable(),
  accepts: z.array(IncidentCategorySchema),
  openingHours: z.string(),
  contact: z.string().nullable(),
  isExample: z.boolean(),
  source: z.string().nullable(),
  active: z.boolean(),
})
export type Destination = z.infer<typeof DestinationSchema>

export const RecommendedDestinationSchema = z.object({
  destination: DestinationSchema,
  distanceM: z.number(),
  openNow: z.boolean(),
  /** Place of the destination's kind in the city's list for the category (0 = best); null when not listed. */
  fitRank: z.number().int().nullable().optional(),
})
export type RecommendedDestination = z.infer<typeof RecommendedDestinationSchema>
