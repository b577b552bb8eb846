import { z } from 'zod'
import { InstantSchema } from './dates.js'
import { PointSchema } from './geo.js'
import type { IncidentStatus } from './incidents.js'
import { singleLineText } from './text.js'

export const TEAM_STATUSES = ['off_duty', 'available', 'assigned', 'en_route', 'on_scene', 'transporting', 'at_handover', 'returning'] as const
export const TeamStatusSchema = z.enum(TEAM_STATUSES)
export type TeamStatus = z.infer<typeof TeamStatusSchema>

/**
 * Statuses in which a team can take a new case. A team driving back from a handover is free
 * and often closest to the next case, as in most CAD systems ("available mobile").
 */
export const ASSIGNABLE_TEAM_STATUSES: readonly TeamStatus[] = ['available', 'returning']

/** Statuses in which a team holds no incident (every other status holds exactly one). */
export const FREE_TEAM_STATUSES: readonly TeamStatus[] = ['off_duty', 'available', 'returning']

/** Statuses a team (or a dispatcher on its behalf) may set directly, when it has no open case. */
export const SELF_SET_TEAM_STATUSES = ['off_duty', 'available', 'returning', 'at_handover'] as const
export const SelfSetTeamStatusSchema = z.enum(SELF_SET_TEAM_STATUSES)

/** The team status that follows from its incident's status. */
export const TEAM_STATUS_FOR_INCIDENT: Partial<Record<IncidentStatus, TeamStatus>> = {
  assigned: 'assigned',
  acknowledged: 'assigned',
  en_route: 'en_route',
  on_scene: 'on_scene',
  transporting: 'transporting',
}

export const TeamPositionSchema = PointSchema.extend({
  accuracyM: z.number().min(0).max(100_000),
  headingDeg: z.number().min(0).max(360).nullable().optional(),
  speedMps: z.number().min(0).max(200).nullable().optional(),
  deviceTime: InstantSchema,
})
export type TeamPositionInput = z.infer<typeof TeamPositionSchema>

/**
 * What `POST /api/teams/:id/positions` answers: that the fix was stored, when, and the phone's
 * time as kept (bounded against clock skew). Small on purpose: a phone posts one every few
 * seconds, and the team's state reaches screens over the socket.
 */
export const PositionReceiptSchema = z.object({ teamId: z.uuid(), deviceTime: z.string(), receivedAt: z.string() })
export type PositionReceipt = z.infer<typeof PositionReceiptSchema>

/** Team members as written by the office: at most MAX_TEAM_MEMBERS names (a car seats far fewer). */
export const MAX_TEAM_MEMBERS = 20
const MembersSchema = z.array(singleLineText({ min: 1, max: 120 })).max(MAX_TEAM_MEMBERS)
export const TeamBaseSchema = PointSchema.extend({ name: singleLineText({ min: 1, max: 200 }) })
export type TeamBase = z.infer<typeof TeamBaseSchema>

export const TeamSchema = z.object({
  id: z.uuid(),
  callSign: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  status: TeamStatusSchema,
  position: z
    .object({
      lon: z.number(),
      lat: z.number(),
      accuracyM: z.number(),
      headingDeg: z.number().nullable(),
      speedMps: z.number().nullable(),
      deviceTime: z.string(),
      receivedAt: z.string(),
      stale: z.boolean(),
    })
    .nullable(),
  currentIncidentId: z.uuid().nullable(),
  statusChangedAt: z.string(),
  /** Who is in the team, as the office writes it (free text, one entry per person). */
  members: z.array(z.string()),
  /** Where the team starts and ends its shift. */
  base: TeamBaseSchema.nullable(),
  /**
   * Whether a phone of the team has a live connection now (any server process). In lists;
   * absent in event snapshots (presence is not a log change; consoles hear `team:presence`).
   */
  phoneConnected: z.boolean().optional(),
})
export type Team = z.infer<typeof TeamSchema>

export const CreateTeamSchema = z.object({
  callSign: singleLineText({ min: 1, max: 40 }),
  name: singleLineText({ min: 1, max: 120 }),
  phone: singleLineText({ max: 30 }).optional(),
  onDuty: z.boolean().default(false),
  members: MembersSchema.default([]),
  base: TeamBaseSchema.nullable().default(null),
})
export type CreateTeam = z.infer<typeof CreateTeamSchema>

/** An admin's change to a team; what is not sent stays as it was. Status has its own endpoint. */
export const UpdateTeamSchema = z
  .object({
    callSign: singleLineText({ min: 1, max: 40 }),
    name: singleLineText({ min: 1, max: 120 }),
    phone: singleLineText({ max: 30 }).nullable(),
    members: MembersSchema,
    base: TeamBaseSchema.nullable(),
  })
  .partial()
export type UpdateTeam = z.infer<typeof UpdateTeamSchema>

export const TeamStatusRequestSchema = z.object({
  status: SelfSetTeamStatusSchema,
  onBehalfOfTeam: z.boolean().optional(),
  /** When the team pressed it, by the phone's clock (sent later from its outbox); bounded by shared/device-time.ts. */
  deviceTime: InstantSchema.optional(),
})

export const RankedTeamSchema = z.object({
  team: TeamSchema,
  distanceM: z.number(),
})
export type RankedTeam = z.infer<typeof RankedTeamSchema>
