import { z } from 'zod'
import { InstantSchema } from './dates.js'
import { multiLineText, singleLineText } from './text.js'

export const PersonSchema = z.object({
  name: singleLineText({ max: 200 }).optional(),
  sex: z.enum(['male', 'female', 'unknown']).default('unknown'),
  approxAge: z.number().int().min(0).max(130).optional(),
  condition: multiLineText({ min: 1, max: 1000 }),
  /** Nomor Induk Kependudukan: 16 digits, when the person or papers tell it. */
  nik: z
    .string()
    .regex(/^\d{16}$/, 'NIK must be 16 digits')
    .optional(),
  /** What else is known, for the person record (shared/people.ts) the handover creates. */
  aliases: z
    .array(singleLineText({ min: 1, max: 200 }))
    .max(20)
    .optional(),
  birthYear: z.number().int().min(1890).max(2100).optional(),
  homeRegion: singleLineText({ max: 200 }).optional(),
  features: multiLineText({ max: 2000 }).optional(),
  /** PPKS numbers; when left out, the city's mapping from the incident category. */
  ppks: z.array(z.number().int().min(1).max(99)).max(26).optional(),
})
export type Person = z.infer<typeof PersonSchema>

export const HandoverInputSchema = z.object({
  incidentId: z.uuid(),
  teamId: z.uuid(),
  destinationId: z.uuid(),
  /** A person already on record (picked from a match); without it the handover creates one. */
  personId: z.uuid().optional(),
  person: PersonSchema,
  receivedBy: singleLineText({ min: 1, max: 200 }),
  handedOverAt: InstantSchema.optional(),
  notes: multiLineText({ max: 2000 }).optional(),
  /** Why the person goes elsewhere than the city's rule for a returning person recommends. */
  ruleOverrideReason: singleLineText({ min: 3, max: 500 }).optional(),
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
  /** The person record this handover is linked to (null for handovers before people were kept). */
  personId: z.uuid().nullable().optional(),
  /** The receiving side's sign-off (the facility confirmed it received the person). */
  receiptConfirmedAt: z.string().nullable().optional(),
  /** Why staff did not follow the city's rule for a returning person. */
  ruleOverrideReason: z.string().nullable().optional(),
})
export type Handover = z.infer<typeof HandoverSchema>
