import type { LogEvent } from '../../shared/events.js'
import type { Handover } from '../../shared/handovers.js'
import type { Incident } from '../../shared/incidents.js'
import type { Identity } from '../http/identity.js'
import { PERSONAL_DATA_ROLES } from './policy.js'

/** An incident without anything that identifies or describes a person (for viewers). */
export function redactIncident(i: Incident): Incident {
  return { ...i, trackingCode: '', reporter: null, description: '', address: i.address ? '' : null, dispositionNote: i.dispositionNote ? '' : null }
}

/** An event fit for a role without access to personal data. */
export function redactEvent(e: LogEvent): LogEvent {
  switch (e.type) {
    case 'incident.reported':
      return { ...e, after: redactIncident(e.after) }
    case 'incident.assigned':
    case 'incident.unassigned':
    case 'incident.transitioned':
    case 'incident.merged':
      return { ...e, before: redactIncident(e.before), after: redactIncident(e.after) }
    case 'incident.priority_changed':
      // The dispatcher's note may describe the person.
      return { ...e, before: redactIncident(e.before), after: redactIncident(e.after), data: { ...e.data, note: null } }
    case 'handover.logged': {
      const { person: _person, receivedBy: _by, notes: _notes, ...rest } = e.after as Handover
      return { ...e, after: rest }
    }
    case 'incident.duplicate_flagged':
    case 'incident.ack_timeout':
    case 'incident.queued':
    case 'incident.photo_added':
    case 'assignment.delivered':
    case 'team.created':
    case 'team.status_changed':
    case 'destination.created':
    case 'destination.updated':
      return e
    default: {
      const unknown: never = e
      return unknown
    }
  }
}

export function seesPersonalData(who: Identity): boolean {
  return PERSONAL_DATA_ROLES.includes(who.role)
}
