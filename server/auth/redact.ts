import type { LogEvent } from '../../shared/events.js'
import type { Incident } from '../../shared/incidents.js'
import type { Role } from '../../shared/permissions.js'
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

const isIncident = (v: unknown): v is Incident => typeof v === 'object' && v !== null && 'trackingCode' in v && 'reporter' in v
const isHandover = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && 'person' in v && 'receivedBy' in v
/** A team record: its position at a scene is the person's position, so viewers get it coarse. */
const hasPosition = (v: unknown): v is { position: { lon: number; lat: number } | null } =>
  typeof v === 'object' && v !== null && 'position' in v && 'callSign' in v

/** A handover without the person, who received them and the notes (the rest is bookkeeping). */
function handoverWithoutPerson(h: Record<string, unknown>): Record<string, unknown> {
  const { person: _person, receivedBy: _by, notes: _notes, ...rest } = h
  return rest
}

/** An event fit for a viewer: records as redactIncident, handovers without person or destination. */
export function redactEvent(e: LogEvent): LogEvent {
  const strip = (v: unknown) => {
    if (isIncident(v)) return redactIncident(v)
    if (isHandover(v)) {
      const { destinationId: _dest, ...rest } = handoverWithoutPerson(v)
      return rest
    }
    if (hasPosition(v) && v.position) return { ...v, position: { ...v.position, lon: coarse(v.position.lon), lat: coarse(v.position.lat), accuracyM: null } }
    return v
  }
  let data = e.data
  if (data && 'note' in data) data = { ...data, note: null }
  // Where a person went is personal; which destination filled up is not, but the handover id
  // beside it would tie the two together.
  if (data && 'handoverId' in data) {
    const { handoverId: _h, ...rest } = data
    data = rest
  }
  const personal = e.type === 'handover.logged' || (e.incidentId !== null && e.type.startsWith('incident.'))
  return { ...e, destinationId: personal ? null : e.destinationId, before: strip(e.before), after: strip(e.after), data }
}

/**
 * Handover events without the person's name, NIK, condition, the receiver and the notes: the
 * same fields GET /api/handovers refuses to roles without `handover.read`.
 */
export function withoutHandoverPersonalData(e: LogEvent): LogEvent {
  if (!isHandover(e.after) && !isHandover(e.before)) return e
  const strip = (v: unknown) => (isHandover(v) ? handoverWithoutPerson(v) : v)
  return { ...e, before: strip(e.before), after: strip(e.after) }
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
