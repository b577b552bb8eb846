import { z } from 'zod'
import { DaySchema, InstantSchema } from './dates.js'
import { PhoneSchema } from './phone.js'
import { multiLineText, singleLineText } from './text.js'

/** How a stay ended. */
export const STAY_OUTCOMES = ['released_to_family', 'referred_to_panti', 'hospital', 'returned_home_region', 'left', 'transferred', 'died'] as const
export const StayOutcomeSchema = z.enum(STAY_OUTCOMES)
export type StayOutcome = z.infer<typeof StayOutcomeSchema>

const note = multiLineText({ max: 2000 }).optional()
const nik = z.string().regex(/^\d{16}$/, 'NIK must be 16 digits')

/** The check-out form: each outcome asks for what the office must be able to show later. */
export const CheckOutSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('released_to_family'),
    family: z.object({
      name: singleLineText({ min: 1, max: 200 }),
      relationship: singleLineText({ min: 1, max: 100 }),
      nik: nik.optional(),
      address: singleLineText({ min: 1, max: 500 }),
      phone: PhoneSchema.optional(),
    }),
    note,
  }),
  z.object({
    outcome: z.literal('referred_to_panti'),
    /** The panti, when it is one of the destinations; its name otherwise. */
    destinationId: z.uuid().optional(),
    pantiName: singleLineText({ min: 1, max: 200 }).optional(),
    letterNumber: singleLineText({ min: 1, max: 100 }),
    letterDate: DaySchema,
    note,
  }),
  z.object({ outcome: z.literal('hospital'), destinationId: z.uuid().optional(), hospitalName: singleLineText({ min: 1, max: 200 }).optional(), note }),
  z.object({ outcome: z.literal('returned_home_region'), homeRegion: singleLineText({ min: 1, max: 200 }), note }),
  z.object({ outcome: z.literal('left'), note }),
  z.object({ outcome: z.literal('transferred'), destinationId: z.uuid(), note }),
  z.object({ outcome: z.literal('died'), note }),
])
export type CheckOut = z.infer<typeof CheckOutSchema>
export const CheckOutInputSchema = z.intersection(CheckOutSchema, z.object({ checkedOutAt: InstantSchema.optional() }))

type WithoutOutcome<T> = T extends unknown ? Omit<T, 'outcome'> : never
/**
 * What a check-out keeps beside its outcome: the form's own fields (family, letter…) and, once
 * uploaded, which signed agreement there is (not the file). Sent as `Stay.outcomeDetails`.
 */
export type StayOutcomeDetails = WithoutOutcome<CheckOut> & { agreement?: { contentType: string; size: number; uploadedAt: string } }

/** Where a stay stands against the destination kind's maximum (city data). */
export const StayAlertSchema = z.enum(['none', 'due_soon', 'overdue'])
export type StayAlert = z.infer<typeof StayAlertSchema>

export const StaySchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  destinationId: z.uuid(),
  handoverId: z.uuid().nullable(),
  checkedInAt: z.string(),
  checkedOutAt: z.string().nullable(),
  outcome: StayOutcomeSchema.nullable(),
  /** The check-out form as sent (family, letter…); personal data. */
  outcomeDetails: z.record(z.string(), z.unknown()).nullable(),
  overrideCapacity: z.boolean(),
  /** Whole days since check-in (to check-out when closed), by the service's clock. */
  daysStayed: z.number().int(),
  /** The last day the stay may last (null when the kind has no maximum). */
  dueAt: z.string().nullable(),
  alert: StayAlertSchema,
})
export type Stay = z.infer<typeof StaySchema>

export const CheckInSchema = z
  .object({
    personId: z.uuid(),
    destinationId: z.uuid(),
    /** Admit the person even though the destination is full; needs a reason. */
    overrideCapacity: z.boolean().default(false),
    overrideReason: singleLineText({ min: 1, max: 500 }).optional(),
    checkedInAt: InstantSchema.optional(),
  })
  .refine((c) => !c.overrideCapacity || c.overrideReason, { message: 'an override needs a reason', path: ['overrideReason'] })
export type CheckIn = z.infer<typeof CheckInSchema>

/** A stay nearing or past its maximum, as the dispatch console lists it. */
export const StayAlertItemSchema = z.object({
  stay: StaySchema,
  destinationName: z.string(),
  /** The person's name as recorded (null when unknown or anonymised). */
  personName: z.string().nullable(),
  /** The case that brought the person, when a team handed them over. */
  incidentId: z.uuid().nullable(),
})
export type StayAlertItem = z.infer<typeof StayAlertItemSchema>

/** A manual change to a destination's occupancy (people not tracked as stays), with why. */
export const OccupancyAdjustmentInputSchema = z.object({
  delta: z
    .number()
    .int()
    .min(-1000)
    .max(1000)
    .refine((n) => n !== 0, 'must not be 0'),
  reason: singleLineText({ min: 3, max: 500 }),
})
export type OccupancyAdjustmentInput = z.infer<typeof OccupancyAdjustmentInputSchema>

/** A case on its way to a facility, or handed over there and waiting for the facility's sign-off. */
export const IncomingCaseSchema = z.object({
  incidentId: z.uuid(),
  category: z.string(),
  priority: z.string(),
  status: z.string(),
  /** What the reporter saw (the person's condition); no reporter details. */
  description: z.string(),
  transportingAt: z.string().nullable(),
  team: z.object({ id: z.uuid(), callSign: z.string(), position: z.object({ lon: z.number(), lat: z.number(), receivedAt: z.string() }).nullable() }).nullable(),
  /** Straight-line distance from the team's last position, in metres (null without a position). */
  distanceM: z.number().nullable(),
  /** Seconds to arrival at the city's average urban speed, an estimate (null unless on its way with a position). */
  etaS: z.number().nullable(),
  handover: z
    .object({ id: z.uuid(), handedOverAt: z.string(), personId: z.uuid().nullable(), personName: z.string().nullable(), condition: z.string().nullable(), receiptConfirmedAt: z.string().nullable() })
    .nullable(),
})
export type IncomingCase = z.infer<typeof IncomingCaseSchema>
