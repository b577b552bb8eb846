import { z } from 'zod'
import type { ErrorBody } from './errors.js'
import { AccountRoleSchema, UserSchema } from './auth.js'
import { DestinationSchema } from './destinations.js'
import { HandoverSchema } from './handovers.js'
import { IncidentSchema, IncidentStatusSchema, PrioritySchema, TrackingCodeSchema, type Incident, type TrackingView } from './incidents.js'
import { AlarmSchema, ShiftPlanSchema } from './roster.js'
import { RuntimeSettingsSchema } from './settings.js'
import { StayOutcomeSchema } from './stays.js'
import type { FacilityEta } from './eta.js'
import { TeamPositionSchema, TeamSchema, type Team } from './teams.js'

/** Who caused a change. `onBehalfOf` is set when a dispatcher records a team's status. */
export const ActorSchema = z.object({
  kind: z.enum(['citizen', 'call_taker', 'dispatcher', 'team', 'admin', 'viewer', 'facility', 'system']),
  /** The user; for a team, the team's id (the member is in `userId`). */
  id: z.string().nullable(),
  userId: z.string().nullable().optional(),
  /** The account's display name, so timelines read as people, not ids. */
  name: z.string().nullable().optional(),
  onBehalfOf: z.string().nullable().optional(),
})
export type Actor = z.infer<typeof ActorSchema>

export const EVENT_TYPES = [
  'incident.reported',
  'incident.duplicate_flagged',
  'incident.assigned',
  'incident.unassigned',
  'incident.ack_timeout',
  'incident.transitioned',
  'incident.priority_changed',
  'incident.merged',
  'incident.queued',
  'incident.photo_added',
  'assignment.delivered',
  'team.created',
  'team.updated',
  'team.status_changed',
  'destination.created',
  'destination.updated',
  'destination.imported',
  'handover.logged',
  'account.created',
  'account.updated',
  'account.role_changed',
  'account.disabled',
  'account.enabled',
  'account.password_reset',
  'handover.receipt_confirmed',
  'person.created',
  'person.updated',
  'stay.checked_in',
  'stay.checked_out',
  'stay.alerted',
  'stay.agreement_added',
  'occupancy.adjusted',
  'roster.updated',
  'roster.note_written',
  'roster.shift_started',
  'alarm.raised',
  'alarm.cleared',
  'settings.changed',
  'log.redacted',
] as const
export const EventTypeSchema = z.enum(EVENT_TYPES)
export type EventType = z.infer<typeof EventTypeSchema>

const LogEventBaseSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: ActorSchema,
  incidentId: z.string().nullable(),
  teamId: z.string().nullable(),
  destinationId: z.string().nullable(),
})

/** One event type's payload: the snapshots before and after the change, and what else it says. */
function event<T extends EventType, B extends z.ZodType, A extends z.ZodType, D extends z.ZodType>(type: T, payload: { before: B; after: A; data: D }) {
  return LogEventBaseSchema.extend({ type: z.literal(type), before: payload.before, after: payload.after, data: payload.data })
}

/** A handover for roles without `handover.read`: no person, receiver or notes. */
/**
 * A handover as the log keeps it (decision 016): without the person and the notes, which stay
 * in `handovers` where the retention job can clear them; the id leads there.
 */
export const HandoverLoggedSchema = HandoverSchema.omit({ person: true, notes: true })
export type HandoverLogged = z.infer<typeof HandoverLoggedSchema>
export const HandoverWithoutPersonSchema = HandoverSchema.omit({ person: true, receivedBy: true, notes: true })
/** What viewers get of a handover: not even where the person went. */
export const RedactedHandoverSchema = HandoverWithoutPersonSchema.omit({ destinationId: true })
export type RedactedHandover = z.infer<typeof RedactedHandoverSchema>

const none = z.null()
const AssignmentRefSchema = z.object({ assignmentId: z.string() })
/** Data fields a reader may rely on; older rows and future fields may carry more (loose objects). */
const loose = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape)

/**
 * One row of the append-only event log, as a union discriminated on `type`: each type says
 * what its `before`/`after` snapshots are (incidents carry Incident snapshots, team events
 * Team snapshots, …) so readers `switch (event.type)` and the compiler checks every case.
 * The wire shape is the same for every type: seq, at, type, actor, the three ids, before,
 * after, data.
 */
export const LogEventSchema = z.discriminatedUnion('type', [
  /** A case found on patrol is created with its team on scene: `to` says so (decision 015); a report has no data. */
  event('incident.reported', {
    before: none,
    after: IncidentSchema,
    // A patrol case sent later from the phone's outbox also keeps the phone's raw time, as a step does.
    data: loose({ to: IncidentStatusSchema, deviceTime: z.string().optional(), deviceTimeAdjusted: z.boolean().optional() }).nullable(),
  }),
  event('incident.duplicate_flagged', { before: none, after: none, data: loose({ possibleDuplicates: z.array(z.string()) }) }),
  event('incident.assigned', {
    before: IncidentSchema,
    after: IncidentSchema,
    data: loose({ assignmentId: z.string(), mode: z.enum(['auto', 'manual', 'queue']).optional(), distanceM: z.number().optional(), reassignedFrom: z.string().nullable().optional() }),
  }),
  event('incident.unassigned', { before: IncidentSchema, after: IncidentSchema, data: loose({ reason: z.string() }) }),
  event('incident.ack_timeout', { before: none, after: none, data: AssignmentRefSchema.extend({ ackDeadline: z.string().nullable() }) }),
  event('incident.transitioned', {
    before: IncidentSchema,
    after: IncidentSchema,
    data: loose({
      from: IncidentStatusSchema,
      to: IncidentStatusSchema,
      onBehalfOfTeam: z.boolean().optional(),
      handoverId: z.string().optional(),
      /** The phone's own time for the step, as sent (the event's `at` is when it was received). */
      deviceTime: z.string().optional(),
      /** The phone's time was outside the bounds (shared/device-time.ts) and was moved into them. */
      deviceTimeAdjusted: z.boolean().optional(),
    }),
  }),
  event('incident.priority_changed', { before: IncidentSchema, after: IncidentSchema, data: loose({ from: PrioritySchema, to: PrioritySchema, note: z.string().nullable() }) }),
  event('incident.merged', { before: IncidentSchema, after: IncidentSchema, data: loose({ into: z.string() }) }),
  event('incident.queued', { before: none, after: none, data: loose({ reason: z.string() }) }),
  event('incident.photo_added', { before: none, after: none, data: loose({ photoId: z.string(), contentType: z.string(), size: z.number() }) }),
  event('assignment.delivered', { before: none, after: none, data: AssignmentRefSchema }),
  event('team.created', { before: none, after: TeamSchema, data: none }),
  event('team.updated', { before: TeamSchema, after: TeamSchema, data: loose({ fields: z.array(z.string()) }) }),
  event('team.status_changed', {
    before: TeamSchema,
    after: TeamSchema,
    data: loose({ incidentId: z.string().optional(), reason: z.string().optional(), deviceTime: z.string().optional(), deviceTimeAdjusted: z.boolean().optional() }).nullable(),
  }),
  event('destination.created', { before: none, after: DestinationSchema, data: none }),
  event('destination.updated', {
    before: DestinationSchema,
    after: DestinationSchema,
    data: loose({ reason: z.string().optional(), handoverId: z.string().optional(), override: z.boolean().optional() }).nullable(),
  }),
  /** One import of a list of destinations; each row also has its own destination.created. */
  event('destination.imported', { before: none, after: none, data: loose({ format: z.enum(['csv', 'geojson']), count: z.number().int(), destinationIds: z.array(z.string()) }) }),
  event('handover.logged', { before: none, after: z.union([HandoverLoggedSchema, HandoverSchema, HandoverWithoutPersonSchema, RedactedHandoverSchema]), data: none }),
  /** The one-off rewrite of older events (a migration, decision 016): which type, which fields, how many rows. */
  event('log.redacted', { before: none, after: none, data: loose({ eventType: z.string(), fields: z.array(z.string()), rows: z.number(), decision: z.string() }) }),
  // Accounts: snapshots never hold the password hash. Not sent on live feeds (server/realtime/relay.ts).
  event('account.created', { before: none, after: UserSchema, data: none }),
  event('account.updated', { before: UserSchema, after: UserSchema, data: loose({ fields: z.array(z.string()) }) }),
  event('account.role_changed', { before: UserSchema, after: UserSchema, data: loose({ from: AccountRoleSchema, to: AccountRoleSchema }) }),
  event('account.disabled', { before: UserSchema, after: UserSchema, data: none }),
  event('account.enabled', { before: UserSchema, after: UserSchema, data: none }),
  event('account.password_reset', { before: none, after: UserSchema, data: none }),
  // People and stays: ids and bookkeeping only, never the person's details (decision 009), so
  // a record can be corrected or anonymised while the log stays append-only. Viewers get the
  // person ids blanked (null): they see counts, not who.
  event('handover.receipt_confirmed', { before: none, after: none, data: loose({ handoverId: z.string(), receivedAt: z.string() }) }),
  event('person.created', { before: none, after: none, data: loose({ personId: z.string().nullable() }) }),
  event('person.updated', { before: none, after: none, data: loose({ personId: z.string().nullable(), fields: z.array(z.string()) }) }),
  event('stay.checked_in', {
    before: none,
    after: none,
    data: loose({ stayId: z.string(), personId: z.string().nullable(), handoverId: z.string().nullable(), override: z.boolean(), occupancy: z.number() }),
  }),
  event('stay.checked_out', {
    before: none,
    after: none,
    data: loose({ stayId: z.string(), personId: z.string().nullable(), outcome: StayOutcomeSchema, toDestinationId: z.string().nullable(), daysStayed: z.number(), occupancy: z.number() }),
  }),
  event('stay.alerted', { before: none, after: none, data: loose({ stayId: z.string(), personId: z.string().nullable(), alert: z.enum(['due_soon', 'overdue']), dueAt: z.string() }) }),
  event('stay.agreement_added', { before: none, after: none, data: loose({ stayId: z.string(), personId: z.string().nullable(), contentType: z.string(), size: z.number() }) }),
  event('occupancy.adjusted', { before: none, after: none, data: loose({ delta: z.number(), reason: z.string(), occupancy: z.number() }) }),
  // The duty roster (decision 013): staff ids, never names; a note's text goes to staff screens only.
  event('roster.updated', { before: ShiftPlanSchema.nullable(), after: ShiftPlanSchema, data: loose({ date: z.string(), shiftId: z.string() }) }),
  event('roster.note_written', { before: none, after: none, data: loose({ date: z.string(), shiftId: z.string(), text: z.string().nullable() }) }),
  /** A shift began: which teams the roster put on duty, took off, or will take off when their case ends. */
  event('roster.shift_started', {
    before: none,
    after: none,
    data: loose({ date: z.string(), shiftId: z.string(), planned: z.boolean(), onDuty: z.array(z.string()), offDuty: z.array(z.string()), offAfterCase: z.array(z.string()) }),
  }),
  event('alarm.raised', { before: none, after: none, data: loose({ alarm: AlarmSchema }) }),
  event('alarm.cleared', { before: none, after: none, data: loose({ alarm: AlarmSchema }) }),
  event('settings.changed', { before: RuntimeSettingsSchema, after: RuntimeSettingsSchema, data: loose({ fields: z.array(z.string()) }) }),
])
export type LogEvent = z.infer<typeof LogEventSchema>
/** The event of one type. */
export type LogEventOf<T extends EventType> = Extract<LogEvent, { type: T }>

/** Events whose `after` is the incident as it stands after the change. */
/** Events about staff accounts (admin changes); they go to no live feed. */
export type AccountEvent = LogEventOf<'account.created' | 'account.updated' | 'account.role_changed' | 'account.disabled' | 'account.enabled' | 'account.password_reset'>
export function isAccountEvent(e: LogEvent): e is AccountEvent {
  return e.type.startsWith('account.')
}

/** Roster plans and handover notes: staff ids and free text, for staff screens only. */
export function isRosterPlanEvent(e: LogEvent): e is LogEventOf<'roster.updated' | 'roster.note_written'> {
  return e.type === 'roster.updated' || e.type === 'roster.note_written'
}

export type IncidentChangeEvent = LogEventOf<'incident.reported' | 'incident.assigned' | 'incident.unassigned' | 'incident.transitioned' | 'incident.priority_changed' | 'incident.merged'>

/**
 * Whether an event carries the incident's new snapshot (the others only annotate the timeline;
 * the incident's own change comes as its own event). The one place that knows which events these
 * are: the relay's tracking updates and the team phone read it.
 */
export function isIncidentChange(e: LogEvent): e is IncidentChangeEvent {
  switch (e.type) {
    case 'incident.reported':
    case 'incident.assigned':
    case 'incident.unassigned':
    case 'incident.transitioned':
    case 'incident.priority_changed':
    case 'incident.merged':
      return true
    case 'incident.duplicate_flagged':
    case 'incident.ack_timeout':
    case 'incident.queued':
    case 'incident.photo_added':
    case 'assignment.delivered':
    case 'team.created':
    case 'team.updated':
    case 'team.status_changed':
    case 'destination.created':
    case 'destination.updated':
    case 'destination.imported':
    case 'handover.logged':
    case 'account.created':
    case 'account.updated':
    case 'account.role_changed':
    case 'account.disabled':
    case 'account.enabled':
    case 'account.password_reset':
    case 'handover.receipt_confirmed':
    case 'person.created':
    case 'person.updated':
    case 'stay.checked_in':
    case 'stay.checked_out':
    case 'stay.alerted':
    case 'stay.agreement_added':
    case 'occupancy.adjusted':
    case 'roster.updated':
    case 'roster.note_written':
    case 'roster.shift_started':
    case 'alarm.raised':
    case 'alarm.cleared':
    case 'settings.changed':
    case 'log.redacted':
      return false
    default: {
      // The compiler checks every type is handled.
      const unknown: never = e
      return unknown
    }
  }
}

/** Fields that may be null become optional, so a writer names only what the event has. */
type NullableOptional<T> = { [K in keyof T as null extends T[K] ? K : never]?: T[K] } & { [K in keyof T as null extends T[K] ? never : K]: T[K] }
/** An event as a transaction logs it: the log gives it `seq` and `at`. */
export type NewEvent = LogEvent extends infer E ? (E extends LogEvent ? NullableOptional<Omit<E, 'seq' | 'at'>> : never) : never

/** A team's latest position fix, for dispatch screens. */
export type TeamPositionUpdate = { teamId: string; position: NonNullable<Team['position']> }
/** Latest fix per team that moved since the last batch (a few batches a second at most). */
export type TeamPositionsBatch = TeamPositionUpdate[]

/** Whether any phone of the team has a live connection (any server process). */
export type TeamPresenceUpdate = { teamId: string; connected: boolean }

export type AssignmentOffer = { assignmentId: string; incident: Incident; ackDeadline: string | null }

export type Ack<T = null> = { ok: true; data: T } | { ok: false; error: ErrorBody['error'] }

/** Events the server sends. */
export interface ServerToClientEvents {
  /** A committed log event, in sequence order, filtered to what the socket may see. */
  'log:event': (event: LogEvent) => void
  /** Sent after the catch-up on connect: everything up to `seq` has been delivered. */
  'log:synced': (info: { seq: number }) => void
  /** Dispatch screens: the latest position of each team that moved since the last batch. */
  'team:positions': (batch: TeamPositionsBatch) => void
  /** Dispatch screens: a team's phone connected or went away. */
  'team:presence': (update: TeamPresenceUpdate) => void
  /** Sent to a team's phones until one acknowledges it. */
  'assignment:offer': (offer: AssignmentOffer, ack: (res: { received: true }) => void) => void
  'track:update': (view: TrackingView) => void
  /** A facility's screen: a team on its way there moved, with the new arrival estimate. */
  'facility:eta': (eta: FacilityEta) => void
}

/** A position fix sent over the socket: the same as over HTTP. */
export const SocketPositionSchema = TeamPositionSchema

/** Events a client sends. */
export interface ClientToServerEvents {
  'team:position': (position: z.input<typeof SocketPositionSchema>, ack: (res: Ack) => void) => void
}

/** What a client passes when it connects (`io(url, { auth })`). */
export const SocketAuthSchema = z.object({
  /** Last sequence number this client has seen; the server sends everything after it. */
  lastSeq: z.number().int().min(0).optional(),
  trackingCode: TrackingCodeSchema.optional(),
  /** A session token, for clients that do not send the session cookie (phone apps, tools). */
  token: z.string().max(200).optional(),
})
