import { z } from 'zod'
import { IncidentCategorySchema } from './incidents.js'

/** GET /api/config: what the apps need to know about the city and the service. */
export const PublicConfigSchema = z.object({
  /** What the public knows the service as (Depok: "TRC Joss Gandos"). */
  serviceName: z.string(),
  city: z.string(),
  timezone: z.string(),
  center: z.object({ lon: z.number(), lat: z.number() }),
  zoom: z.number(),
  tileUrl: z.string(),
  tileAttribution: z.string(),
  dataAttribution: z.array(z.string()),
  categories: z.array(IncidentCategorySchema),
  assignmentMode: z.enum(['auto', 'manual']),
  ackTimeoutS: z.number(),
  stalePositionMin: z.number(),
  /** The console alerts when a case has waited this many minutes without a team. */
  waitAlertMin: z.number(),
})
export type PublicConfig = z.infer<typeof PublicConfigSchema>
