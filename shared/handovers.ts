import { z } from 'zod'
import { InstantSchema } from './dates.js'
import { multiLineText, singleLineText } from './text.js'

export const PersonSchema = z.object({
  name: singleLineText({ max: 200 }).optional(),
  sex: z.enum(['male', 'female', 'unknown']).default('unknown'),
  approxAge: z.number().int().min(0).max(130).optional(),
  condition: multiLineText({ min: 1, max: 1000 }),
  /** Nomor Induk Kependudukan: 16 digits, when the person or papers tell it. */
  nik: z.string().regex(/^\d{16}$/, 'NIK must be 16 digits').optional(),
})
export type Person = z.infer<typeof PersonSchema>

export const HandoverInputSchema = z.object({
  incidentId: z.uuid(),
  teamId: z.uuid(),
  destinationId: z.uuid(),
  person: PersonSchema,
  receivedBy: singleLineText({ min: 1, max: 200 }),
  handedOverAt: InstantSchema.optional(),
  notes: multiLineText({ max: 2000 }).optional(),
  /** Accept the person even though the destination is full (e.g. a hospital emergency). */
  overrideCapacity: z.boolean().default(false),
})
export type HandoverInput = z.infer<typeof HandoverInputSchema>

export const HandoverSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  teamId: z.uuid(),
  destinationId: z.uuid(),
  person: PersonSchema,
  receivedBy: z.string(),
  handedOverAt: z.string(),
  notes: z.string().nullable(),
  overrideCapacity: z.boolean(),
  createdAt: z.string(),
})
export type Handover = z.infer<typeof HandoverSchema>
