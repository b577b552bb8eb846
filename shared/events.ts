import { z } from 'zod'
import { InstantSchema } from './dates.js'
import type { ErrorBody } from './errors.js'
import { TrackingCodeSchema, type Incident, type TrackingView } from './incidents.js'
import type { Team } from './teams.js'

/** Who caused a change. `onBehalfOf` is set when a dispatcher records a team's status. */
export const ActorSchema = z.object({
  kind: z.enum(['citizen', 'call_taker', 'dispatcher', 'team', 'admin', 'viewer', 'system']),
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
  'team.status_changed',
  'destination.created',
  'destination.updated',
  'handover.logged',
] as const
export const EventTypeSchema = z.enum(EVENT_TYPES)
export type EventType = z.infer<typeof EventTypeSchema>

/** One row of the append-only event log. `before`/`after` are snapshots of the changed record. */
export const LogEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  type: EventTypeSchema,
  actor: ActorSchema,
  incidentId: z.string().nullable(),
  teamId: z.string().nullable(),
  destinationId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
})
export type LogEvent = z.infer<typeof LogEventSchema>

/** A team's latest position fix, for dispatch screens. */
export type TeamPositionUpdate = { teamId: string; position: NonNullable<Team['position']> }
/** Latest fix per team that moved since the last batch (a few batches a second at most). */
export type TeamPositionsBatch = TeamPositionUpdate[]

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
  /** Sent to a team's phones until one acknowledges it. */
  'assignment:offer': (offer: AssignmentOffer, ack: (res: { received: true }) => void) => void
  'track:update': (view: TrackingView) => void
}

export const SocketPositionSchema = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  accuracyM: z.number().min(0).max(100_000),
  headingDeg: z.number().min(0).max(360).nullable().optional(),
  speedMps: z.number().min(0).max(200).nullable().optional(),
  deviceTime: InstantSchema,
})

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
