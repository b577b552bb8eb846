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
  nik: z
    .string()
    .regex(/^\d{16}$/, 'NIK must be 16 digits')
    .nullable(),
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

export const PersonPatchSchema = z
  .object(fields)
  .omit({ birthYearEstimated: true })
  .partial()
  .extend({ approxAge: z.number().int().min(0).max(130).optional() })
export type PersonPatch = z.infer<typeof PersonPatchSchema>

export const PersonRecordSchema = z.object({
  id: z.uuid(),
  ...fields,
  /** Set once the retention period passed and the identifying fields were cleared. */
  anonymisedAt: z.string().nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type PersonRecord = z.infer<typeof PersonRecordSchema>

/** A photo of a person on file (the file itself: GET /api/people/:id/photos/:photoId, logged). */
export const PersonPhotoSchema = z.object({ id: z.uuid(), personId: z.uuid(), contentType: z.string(), size: z.number().int(), uploadedAt: z.string() })
export type PersonPhoto = z.infer<typeof PersonPhotoSchema>

/** What is known of someone being picked up or checked in, to look for earlier records of them. */
export const MatchQuerySchema = z.object({
  name: singleLineText({ min: 1, max: 200 }).optional(),
  nik: z
    .string()
    .regex(/^\d{16}$/, 'NIK must be 16 digits')
    .optional(),
  sex: SexSchema.optional(),
  approxAge: z.number().int().min(0).max(130).optional(),
  birthYear: z.number().int().min(1890).max(2100).optional(),
  /** Where they were found: earlier pickups nearby count for the match. */
  location: z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).optional(),
})
export type MatchQuery = z.infer<typeof MatchQuerySchema>

const MatchReasonSchema = z.enum(['nik', 'name', 'sex', 'age', 'nearby'])
const RecommendationSchema = z.object({ destinationKind: z.string(), because: z.string() }).nullable()

/**
 * What anyone allowed to look for matches learns: that a likely earlier record exists, why
 * (the signals that matched) and the city's rule for a returning person. `personId` is what a
 * handover sends to confirm the match; it opens nothing by itself (reading a person is
 * `person.read`, which teams do not have).
 */
export const PersonMatchHintSchema = z.object({
  personId: z.uuid(),
  /** 0–1: 1 for the same NIK; otherwise name similarity weighed with sex, age and place. */
  score: z.number(),
  reasons: z.array(MatchReasonSchema),
  /** The city's rule for a returning person, when it applies (city.json `returning`). */
  recommendation: RecommendationSchema,
})
export type PersonMatchHint = z.infer<typeof PersonMatchHintSchema>

/**
 * A likely earlier record of the person with the record itself and its history: for
 * dispatchers and admins, and facility staff for people who are or were at their facility
 * (decision 016). A team, or a facility for anyone else, gets the hint alone.
 */
export const PersonMatchSchema = PersonMatchHintSchema.extend({
  person: PersonRecordSchema,
  pickups: z.number().int(),
  lastSeenAt: z.string().nullable(),
  lastOutcome: z.string().nullable(),
})
export type PersonMatch = z.infer<typeof PersonMatchSchema>

/** What `POST /api/people/matches` answers, per match: the whole record, or the hint. */
export const PersonMatchViewSchema = z.union([PersonMatchSchema, PersonMatchHintSchema])
export type PersonMatchView = PersonMatch | PersonMatchHint

export const PpksCategorySchema = z.object({ no: z.number().int(), nameId: z.string(), nameEn: z.string() })
export type PpksCategory = z.infer<typeof PpksCategorySchema>
