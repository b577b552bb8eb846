import { z } from 'zod'

export const PhotoMetaSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  contentType: z.string(),
  size: z.number(),
  createdAt: z.string(),
})
export type PhotoMeta = z.infer<typeof PhotoMetaSchema>
