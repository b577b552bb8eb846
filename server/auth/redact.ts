import type { User } from '@shared/auth.js'
import { isIncidentChange, type LogEvent, type LogEventOf } from '@shared/events.js'
import type { Handover } from '@shared/handovers.js'
import type { Team } from '@shared/teams.js'
import type { Incident } from '@shared/incidents.js'
import type { Role } from '@shared/permissions.js'
import type { Identity } from '../http/identity.js'
import { PERSONAL_DATA_ROLES, permits } from './policy.js'

/**
 * Decimal places kept of a viewer's coordinates: 2 decimals is about 1.1 km north–south at
 * Depok's latitude (https://en.wikipedia.org/wiki/Decimal_degrees#Precision), enough to
 * map cases per neighbourhood and too coarse to walk up to a person.
 */
export const COARSE_DECIMALS = 2
const coarse = (v: number) => Math.round(v * 10 ** COARSE_DECIMALS) / 10 ** COARSE_DECIMALS

/**
 * An incident as a viewer (statistics) sees it: category, priority, status, disposition,
 * times, kecamatan/kelurahan and a coarse location. Nothing that identifies, describes or
 * finds the person: no reporter, description, address, exact point, triage answers,
 * tracking code or the destination they were taken to.
 */
export function redactIncident(i: Incident): Incident {
  return {
    ...i,
    trackingCode: '',
    answers: null,
    location: { lon: coarse(i.location.lon), lat: coarse(i.location.lat), accuracyM: null },
    address: null,
    description: '',
    reporter: null,
    destinationId: null,
    dispositionNote: null,
  }
}

type HandoverView = LogEventOf<'handover.logged'>['after']

/** A team record: its position at a scene is the person's position, so viewers get it coarse. */
export function coarseTeam(t: Team): Team {
  // The accuracy goes too, as for incidents; Team's schema has no null accuracy, hence the cast.
  return t.position ? { ...t, position: { ...t.position, lon: coarse(t.position.lon), lat: coarse(t.position.lat), accuracyM: null as unknown as number } } : t
}

/** A handover without the person, who received them and the notes (the rest is bookkeeping). */
function handoverWithoutPerson(h: HandoverView): HandoverView {
  // Logged handovers no longer hold the person (decision 016), but do name who received them.
  const { person: _person, receivedBy: _by, notes: _notes, ...rest } = h as Partial<Handover>
  return rest as HandoverView
}

/** Where a person went is personal; which destination filled up is not, but the handover id beside it would tie the two together. */
function withoutHandoverId<D extends { handoverId?: string } | null>(data: D): D {
  if (!data || !('handoverId' in data)) return data
  const { handoverId: _h, ...rest } = data
  return rest as D
}

/** A staff account without its names (the relay sends account events to no one; this is for any other path). */
function anonymousUser(u: User): User {
  return { ...u, username: '', displayName: '' }
}

/** An event fit for a viewer: records as redactIncident, handovers without person or destination. */
export function redactEvent(e: LogEvent): LogEvent {
  switch (e.type) {
    case 'incident.reported':
      return { ...e, destinationId: null, after: redactIncident(e.after) }
    case 'incident.assigned':
    case 'incident.unassigned':
    case 'incident.merged':
      return { ...e, destinationId: null, before: redactIncident(e.before), after: redactIncident(e.after) }
    case 'incident.transitioned':
      return { ...e, destinationId: null, before: redactIncident(e.before), after: redactIncident(e.after), data: withoutHandoverId(e.data) }
    case 'incident.priority_changed':
      // The dispatcher's note may describe the person.
      return { ...e, destinationId: null, before: redactIncident(e.before), after: redactIncident(e.after), data: { ...e.data, note: null } }
    case 'incident.duplicate_flagged':
    case 'incident.ack_timeout':
    case 'incident.queued':
    case 'incident.photo_added':
      return { ...e, destinationId: e.incidentId !== null ? null : e.destinationId }
    case 'handover.logged': {
      const rest = handoverWithoutPerson(e.after)
      const { destinationId: _dest, ...redacted } = rest as Omit<Handover, 'person' | 'receivedBy' | 'notes'>
      return { ...e, destinationId: null, after: redacted }
    }
    case 'team.created':
      return { ...e, after: coarseTeam(e.after) }
    case 'team.status_changed':
    case 'team.updated':
      return { ...e, before: coarseTeam(e.before), after: coarseTeam(e.after) }
    case 'destination.updated':
      return { ...e, data: withoutHandoverId(e.data) }
    case 'assignment.delivered':
    case 'destination.created':
    case 'destination.imported':
    case 'occupancy.adjusted':
    case 'log.redacted':
    case 'handover.receipt_confirmed':
      return e
    case 'account.created':
    case 'account.password_reset':
      return { ...e, after: anonymousUser(e.after) }
    case 'account.updated':
    case 'account.role_changed':
    case 'account.disabled':
    case 'account.enabled':
      return { ...e, before: anonymousUser(e.before), after: anonymousUser(e.after) }
    case 'person.created':
    case 'person.updated':
    case 'stay.checked_in':
    case 'stay.checked_out':
    case 'stay.alerted':
    case 'stay.agreement_added':
      // Counts, not who: the person's id would let a viewer follow one person between places.
      return { ...e, data: { ...e.data, personId: null } } as LogEvent
    case 'roster.updated':
      // Who works when is the office's business; a viewer sees that the roster changed.
      return { ...e, before: e.before && { ...e.before, supervisorId: null, teams: [] }, after: { ...e.after, supervisorId: null, teams: [] } }
    case 'roster.note_written':
      return { ...e, data: { ...e.data, text: null } }
    case 'roster.shift_started':
    case 'alarm.raised':
    case 'alarm.cleared':
    case 'settings.changed':
      return e
    default: {
      const unknown: never = e
      return unknown
    }
  }
}

/**
 * Handover events without the person's name, NIK, condition, the receiver and the notes: the
 * same fields GET /api/handovers refuses to roles without `handover.read`.
 */
export function withoutHandoverPersonalData(e: LogEvent): LogEvent {
  return e.type === 'handover.logged' ? { ...e, after: handoverWithoutPerson(e.after) } : e
}

/**
 * The destinations an event concerns: its own `destinationId`, and for a change of a case the
 * destination the case is headed to or was (the team chooses it when it starts transporting).
 */
export function destinationsOf(e: LogEvent): string[] {
  const ids = new Set<string>()
  if (e.destinationId) ids.add(e.destinationId)
  if (isIncidentChange(e)) {
    if (e.after.destinationId) ids.add(e.after.destinationId)
    if (e.before && 'destinationId' in e.before && e.before.destinationId) ids.add(e.before.destinationId)
  }
  return [...ids]
}

/**
 * What a receiving facility's staff see of an event at their destination: the case without
 * who reported it or how to reach them, and the handover with the person they receive.
 */
export function facilityView(e: LogEvent): LogEvent {
  const strip = (i: Incident): Incident => ({ ...i, trackingCode: '', reporter: null, answers: null })
  switch (e.type) {
    case 'incident.reported':
      return { ...e, after: strip(e.after) }
    case 'incident.assigned':
    case 'incident.unassigned':
    case 'incident.transitioned':
    case 'incident.priority_changed':
    case 'incident.merged':
      return { ...e, before: strip(e.before), after: strip(e.after) }
    default:
      return e
  }
}

/** How much of an event a role sees, whichever path it reads by (HTTP or socket). */
export type EventView = 'full' | 'no_handover_person' | 'redacted'

export function eventViewOf(role: Role): EventView {
  if (!PERSONAL_DATA_ROLES.includes(role)) return 'redacted'
  if (!permits(role, 'handover.read')) return 'no_handover_person'
  return 'full'
}

export function viewEvent(e: LogEvent, view: EventView): LogEvent {
  if (view === 'redacted') return redactEvent(e)
  if (view === 'no_handover_person') return withoutHandoverPersonalData(e)
  return e
}

export function eventForRole(role: Role, e: LogEvent): LogEvent {
  return viewEvent(e, eventViewOf(role))
}

export function seesPersonalData(who: Identity): boolean {
  return PERSONAL_DATA_ROLES.includes(who.role)
}
