import { z } from 'zod'
import { multiLineText, singleLineText } from './text.js'

/**
 * A person the service has helped, kept beyond the incident that brought them (pickups,
 * handovers and stays link to it). Everything is "as known": a person found on the street
 * often has no papers, an unsure name and an age guessed by the team.
 */
export const SexSchema = z.enum(['male', 'female', 'unknown'])

/** A PPKS category: its number in the national list (Permensos 08/2012), see GET /api/people/ppks. */
export const PpksNoSchema = z.number().int().min(1).max(99)

const fields = {
  name: singleLineText({ max: 200 }).nullable(),
  aliases: z.array(singleLineText({ min: 1, max: 200 })).max(20),
  /** Nomor Induk Kependudukan; its shape (region, birth date) is checked by the service (shared/nik.ts). */
  nik: z.string().regex(/^\d{16}$/, 'NIK must be 16 digits').nullable(),
  sex: SexSchema,
  birthYear: z.number().int().min(1890).max(2100).nullable(),
  /** True when the birth year comes from a guessed age rather than papers. */
  birthYearEstimated: z.boolean(),
  /** Where the person says they come from (kabupaten/kota, kecamatan…), free text. */
  homeRegion: singleLineText({ max: 200 }).nullable(),
  /** Distinguishing features: scars, clothing, how they speak; helps recognise a returning person. */
  features: multiLineText({ max: 2000 }).nullable(),
  ppks: z.array(PpksNoSchema).max(26),
}

/** What a form sends to create a person; `approxAge` is turned into an estimated birth year. */
export const PersonInputSchema = z.object({
  name: fields.name.optional(),
  aliases: fields.aliases.default([]),
  nik: fields.nik.optional(),
  sex: fields.sex.default('unknown'),
  birthYear: fields.birthYear.optional(),
  approxAge: z.number().int().min(0).max(130).optional(),
  homeRegion: fields.homeRegion.optional(),
  features: fields.features.optional(),
  /** When left out at a handover, the city's mapping from the incident category fills it. */
  ppks: fields.ppks.optional(),
})
export type PersonInput = z.infer<typeof PersonInputSchema>

export const PersonPatchSchema = z.object(fields).omit({ birthYearEstimated: true }).partial().extend({ approxAge: z.number().int().min(0).max(130).optional() })
export type PersonPatch = z.infer<typeof PersonPatchSchema>

export const PersonRecordSchema = z.object({
  id: z.uuid(),
  ...fields,
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type PersonRecord = z.infer<typeof PersonRecordSchema>

export const PpksCategorySchema = z.object({ no: z.number().int(), nameId: z.string(), nameEn: z.string() })
export type PpksCategory = z.infer<typeof PpksCategorySchema>
