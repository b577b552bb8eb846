import type { LogEvent } from '../../shared/events.js'
import type { Incident } from '../../shared/incidents.js'
import type { Identity } from '../http/identity.js'
import { PERSONAL_DATA_ROLES } from './policy.js'

/** An incident without anything that identifies or describes a person (for viewers). */
export function redactIncident(i: Incident): Incident {
  return { ...i, trackingCode: '', reporter: null, description: '', address: i.address ? '' : null, dispositionNote: i.dispositionNote ? '' : null }
}

const isIncident = (v: unknown): v is Incident => typeof v === 'object' && v !== null && 'trackingCode' in v && 'reporter' in v

/** An event fit for a role without access to personal data. */
export function redactEvent(e: LogEvent): LogEvent {
  const strip = (v: unknown) => {
    if (isIncident(v)) return redactIncident(v)
    if (typeof v === 'object' && v !== null && 'person' in v) {
      const { person: _person, receivedBy: _by, notes: _notes, ...rest } = v as Record<string, unknown>
      return rest
    }
    return v
  }
  return { ...e, before: strip(e.before), after: strip(e.after), data: e.data && 'note' in e.data ? { ...e.data, note: null } : e.data }
}

export function seesPersonalData(who: Identity): boolean {
  return PERSONAL_DATA_ROLES.includes(who.role)
}
