import { z } from 'zod'
import { DateRangeQuerySchema, InstantSchema } from './dates.js'
import { AreaLabelSchema, PointSchema } from './geo.js'
import { PhoneSchema } from './phone.js'
import { multiLineText, singleLineText } from './text.js'
import { INCIDENT_CATEGORIES } from './categories.js'

export { INCIDENT_CATEGORIES }

export const IncidentCategorySchema = z.enum(INCIDENT_CATEGORIES)
export type IncidentCategory = z.infer<typeof IncidentCategorySchema>

export const PRIORITIES = ['critical', 'high', 'normal'] as const
export const PrioritySchema = z.enum(PRIORITIES)
export type Priority = z.infer<typeof PrioritySchema>
/** Lower rank is more urgent; used to order the queue. */
export const PRIORITY_RANK: Record<Priority, number> = { critical: 0, high: 1, normal: 2 }

export const INCIDENT_STATUSES = ['reported', 'assigned', 'acknowledged', 'en_route', 'on_scene', 'transporting', 'handed_over', 'closed', 'cancelled', 'duplicate', 'not_found'] as const
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES)
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>

/** Statuses in which the incident still needs work from someone. */
export const OPEN_STATUSES: readonly IncidentStatus[] = ['reported', 'assigned', 'acknowledged', 'en_route', 'on_scene', 'transporting', 'handed_over', 'not_found']
/** Statuses in which the case is over: nothing changes it any more (not even its priority). */
export const CLOSED_STATUSES: readonly IncidentStatus[] = INCIDENT_STATUSES.filter((s) => !OPEN_STATUSES.includes(s))
/** Statuses in which a dispatcher may (re)assign the case: waiting, or a team not yet on scene. */
export const ASSIGNABLE_INCIDENT_STATUSES: readonly IncidentStatus[] = ['reported', 'assigned', 'acknowledged', 'en_route']
/** Statuses from which a dispatcher may take the team off and put the case back in the queue. */
export const UNASSIGNABLE_INCIDENT_STATUSES: readonly IncidentStatus[] = ['assigned', 'acknowledged', 'en_route']
/** Statuses in which a team is bound to the incident (an active assignment). */
export const ASSIGNED_STATUSES: readonly IncidentStatus[] = ['assigned', 'acknowledged', 'en_route', 'on_scene', 'transporting']

/**
 * The incident lifecycle. Moves to `assigned` and back to `reported` happen only through
 * assignment commands (assign, unassign, acknowledgement timeout), `handed_over` only
 * through a handover record and `duplicate` only through a merge, so that the side records
 * are always written; the table still lists them so every path is visible in one place.
 */
export const INCIDENT_TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  reported: ['assigned', 'cancelled', 'duplicate'],
  assigned: ['acknowledged', 'reported', 'cancelled', 'duplicate'],
  acknowledged: ['en_route', 'reported', 'cancelled', 'duplicate'],
  en_route: ['on_scene', 'not_found', 'reported', 'cancelled', 'duplicate'],
  on_scene: ['transporting', 'not_found', 'closed'],
  transporting: ['handed_over'],
  handed_over: ['closed'],
  not_found: ['closed', 'reported'],
  closed: [],
  cancelled: [],
  duplicate: [],
}

/** Transitions a caller may request through the generic transition endpoint. */
export const REQUESTABLE_STATUSES = ['acknowledged', 'en_route', 'on_scene', 'transporting', 'not_found', 'closed', 'cancelled', 'reported'] as const
export const RequestableStatusSchema = z.enum(REQUESTABLE_STATUSES)
export type RequestableStatus = z.infer<typeof RequestableStatusSchema>

/** Transitions a field team makes itself; the rest are the dispatcher's. */
export const TEAM_REQUESTABLE: readonly IncidentStatus[] = ['acknowledged', 'en_route', 'on_scene', 'transporting', 'not_found']

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return INCIDENT_TRANSITIONS[from].includes(to)
}

export const DISPOSITIONS = ['handed_over', 'released_on_scene', 'referred_other_agency', 'refused_help', 'not_found', 'duplicate', 'false_report', 'cancelled_by_reporter'] as const
export const DispositionSchema = z.enum(DISPOSITIONS)
export type Disposition = z.infer<typeof DispositionSchema>

/** Dispositions whose meaning is incomplete without a free-text note (which agency, why). */
export const DISPOSITIONS_NEEDING_NOTE: readonly Disposition[] = ['released_on_scene', 'referred_other_agency', 'refused_help', 'false_report']

/** Which dispositions fit the state an incident is closed or cancelled from. */
export const DISPOSITIONS_FROM: Partial<Record<IncidentStatus, readonly Disposition[]>> = {
  handed_over: ['handed_over'],
  on_scene: ['released_on_scene', 'referred_other_agency', 'refused_help'],
  not_found: ['not_found'],
  reported: ['false_report', 'cancelled_by_reporter', 'referred_other_agency'],
  assigned: ['false_report', 'cancelled_by_reporter', 'referred_other_agency'],
  acknowledged: ['false_report', 'cancelled_by_reporter', 'referred_other_agency'],
  en_route: ['false_report', 'cancelled_by_reporter', 'referred_other_agency'],
}

/** Answers the reporter gives; they set the priority (see derivePriority). */
/**
 * The yes/no questions a report asks, in the order forms show them. A plain list, not read off
 * the schema: the citizen's page imports it, and a value derived from a schema at the top level
 * would keep zod in that page's bundle (web/build/pure-shared-schemas.ts).
 */
export const PRIORITY_QUESTIONS = ['unconscious', 'injured', 'child', 'badWeather', 'aggressive'] as const
export type PriorityQuestion = (typeof PRIORITY_QUESTIONS)[number]
export const PriorityAnswersSchema = z.object(Object.fromEntries(PRIORITY_QUESTIONS.map((q) => [q, z.boolean().default(false)])) as Record<PriorityQuestion, z.ZodDefault<z.ZodBoolean>>)
export type PriorityAnswers = z.infer<typeof PriorityAnswersSchema>
/** Every question answered "no". */
export const NO_PRIORITY_ANSWERS: PriorityAnswers = { unconscious: false, injured: false, child: false, badWeather: false, aggressive: false }

/**
 * Triage rule: a person who does not respond is life-threatening; an injured child too.
 * Injury, a child, exposure to bad weather or a risk of violence make a case urgent, as do
 * sick people found in public. Everything else is normal. A dispatcher may override.
 */
export function derivePriority(category: IncidentCategory, a: PriorityAnswers): Priority {
  if (a.unconscious || (a.injured && a.child)) return 'critical'
  if (a.injured || a.child || a.badWeather || a.aggressive) return 'high'
  if (category === 'sick' || category === 'street_child') return 'high'
  return 'normal'
}

export const ReporterSchema = z.object({
  name: singleLineText({ min: 1, max: 120 }).optional(),
  phone: PhoneSchema.optional(),
})
export type Reporter = z.infer<typeof ReporterSchema>

export const ReportIncidentSchema = z.object({
  category: IncidentCategorySchema,
  location: PointSchema.extend({ accuracyM: z.number().min(0).max(100_000).optional() }),
  locationSource: z.enum(['gps', 'map_pin', 'address']).default('map_pin'),
  address: singleLineText({ max: 500 }).optional(),
  description: multiLineText({ max: 2000 }).default(''),
  answers: PriorityAnswersSchema.default(NO_PRIORITY_ANSWERS),
  reporter: ReporterSchema.optional(),
})
export type ReportIncident = z.infer<typeof ReportIncidentSchema>

/** A call-taker's report carries the caller's details and may set the priority directly. */
export const CallTakerReportSchema = ReportIncidentSchema.extend({
  reporter: ReporterSchema.extend({ name: singleLineText({ min: 1, max: 120 }), phone: PhoneSchema }),
  priority: PrioritySchema.optional(),
})
export type CallTakerReport = z.infer<typeof CallTakerReportSchema>

/**
 * Where a case came from: a citizen's report, a call taken by a call-taker, or a team that found
 * the person on patrol and started the case from its phone (docs/decisions/015-cases-found-on-patrol.md).
 */
export const INCIDENT_SOURCES = ['citizen', 'call_taker', 'patrol'] as const
export const IncidentSourceSchema = z.enum(INCIDENT_SOURCES)
export type IncidentSource = z.infer<typeof IncidentSourceSchema>

/**
 * A case a team found on patrol: what a citizen's report says, without a reporter (the team is
 * the reporter), at the phone's position (GPS, or the pin the member moved). The case starts
 * with the team on scene (decision 015).
 */
export const PatrolCaseSchema = ReportIncidentSchema.omit({ reporter: true, locationSource: true }).extend({
  locationSource: z.enum(['gps', 'map_pin']).default('gps'),
  /**
   * When the team started the case by the phone's clock (started in a dead zone and sent later
   * from the phone's outbox). Bounded by the server like a step: shared/device-time.ts.
   */
  deviceTime: InstantSchema.optional(),
})
export type PatrolCase = z.infer<typeof PatrolCaseSchema>

export const IncidentTimesSchema = z.object({
  reportedAt: z.string(),
  assignedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  enRouteAt: z.string().nullable(),
  onSceneAt: z.string().nullable(),
  transportingAt: z.string().nullable(),
  handedOverAt: z.string().nullable(),
  closedAt: z.string().nullable(),
})
export type IncidentTimes = z.infer<typeof IncidentTimesSchema>

export const IncidentSchema = z.object({
  id: z.uuid(),
  trackingCode: z.string(),
  category: IncidentCategorySchema,
  priority: PrioritySchema,
  /** The reporter's triage answers; null in a viewer's copy (they describe the person). */
  answers: PriorityAnswersSchema.nullable(),
  status: IncidentStatusSchema,
  location: PointSchema.extend({ accuracyM: z.number().nullable() }),
  locationSource: z.enum(['gps', 'map_pin', 'address']),
  address: z.string().nullable(),
  description: z.string(),
  area: AreaLabelSchema,
  source: IncidentSourceSchema,
  reporter: ReporterSchema.nullable(),
  teamId: z.uuid().nullable(),
  destinationId: z.uuid().nullable(),
  duplicateOf: z.uuid().nullable(),
  possibleDuplicates: z.array(z.uuid()),
  disposition: DispositionSchema.nullable(),
  dispositionNote: z.string().nullable(),
  times: IncidentTimesSchema,
  /** When the assigned team must acknowledge by; null when nothing is pending. */
  ackDeadline: z.string().nullable(),
})
export type Incident = z.infer<typeof IncidentSchema>

export const TransitionRequestSchema = z.object({
  to: RequestableStatusSchema,
  disposition: DispositionSchema.optional(),
  note: multiLineText({ max: 2000 }).optional(),
  /** Set when a dispatcher records a status for a team whose phone is out. */
  onBehalfOfTeam: z.boolean().optional(),
  /**
   * When the step happened by the phone's clock (a step pressed offline and sent later from the
   * phone's outbox). Bounded by the server: shared/device-time.ts.
   */
  deviceTime: InstantSchema.optional(),
  /** With `transporting`: where the team is taking the person, so the facility sees them coming. */
  destinationId: z.uuid().optional(),
})
export type TransitionRequest = z.infer<typeof TransitionRequestSchema>

export const AssignRequestSchema = z.object({ teamId: z.uuid() })
export const PriorityChangeSchema = z.object({ priority: PrioritySchema, note: multiLineText({ max: 500 }).optional() })
export const MergeRequestSchema = z.object({ into: z.uuid() })

export const IncidentFilterSchema = DateRangeQuerySchema.extend({
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.union([IncidentStatusSchema, z.literal('open')])))
    .optional(),
  category: IncidentCategorySchema.optional(),
  kecamatan: singleLineText({ max: 100 }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
export type IncidentFilter = z.infer<typeof IncidentFilterSchema>

/**
 * Open cases counted by the server (the console loads the queue in pages, so it cannot count
 * them itself). Waiting = reported, not yet given to a team.
 */
export const IncidentCountsSchema = z.object({
  waiting: z.object({ total: z.number().int(), byPriority: z.record(PrioritySchema, z.number().int()) }),
  active: z.object({ total: z.number().int(), byStatus: z.partialRecord(IncidentStatusSchema, z.number().int()) }),
})
export type IncidentCounts = z.infer<typeof IncidentCountsSchema>

/** How many waiting cases one page of the queue holds at most. */
export const QUEUE_PAGE_MAX = 500

/**
 * One page of the waiting queue in queue order (priority, then oldest first). `after` is the
 * last case of the previous page as `priority,reportedAt,id` (keyset paging: a page does not
 * shift when cases ahead of it are taken).
 */
export const QueuePageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(QUEUE_PAGE_MAX).optional(),
  after: z
    .string()
    .max(200)
    .transform((v) => v.split(','))
    .pipe(z.tuple([PrioritySchema, InstantSchema, z.uuid()]))
    .transform(([priority, reportedAt, id]) => ({ priority, reportedAt, id }))
    .optional(),
})
export type QueuePageQuery = z.infer<typeof QueuePageQuerySchema>
/** The `after` value for the page that follows `last`. */
export const queueCursorOf = (last: Pick<Incident, 'priority' | 'id'> & { times: { reportedAt: string } }) => `${last.priority},${last.times.reportedAt},${last.id}`

/** A report's tracking code as the server makes it (server/ids.ts: Crockford base32, upper case). */
/** A tracking code as typed or linked (the server makes 16 symbols of Crockford's base32: server/ids.ts). */
export const TRACKING_CODE_PATTERN = /^[0-9A-Z]{8,32}$/
export const TrackingCodeSchema = z.string().regex(TRACKING_CODE_PATTERN, 'not a tracking code')

/** What the public tracking page may see: status and times, nothing personal, no team position. */
export const TrackingViewSchema = z.object({
  trackingCode: z.string(),
  category: IncidentCategorySchema,
  status: IncidentStatusSchema,
  kecamatan: z.string().nullable(),
  times: IncidentTimesSchema,
})
export type TrackingView = z.infer<typeof TrackingViewSchema>

export const ReportReceiptSchema = z.object({
  id: z.uuid(),
  trackingCode: z.string(),
  trackingUrl: z.string(),
  status: IncidentStatusSchema,
  priority: PrioritySchema,
  area: AreaLabelSchema,
})
export type ReportReceipt = z.infer<typeof ReportReceiptSchema>
