/**
 * Who may do what: the one table of access rules. The server enforces it on HTTP routes and
 * socket handlers alike (server/auth/policy.ts); the apps read it only to hide commands that
 * would be refused.
 */
export const ROLES = ['citizen', 'call_taker', 'dispatcher', 'team', 'viewer', 'admin', 'facility'] as const
export type Role = (typeof ROLES)[number]

export const PERMISSIONS = {
  'incident.report': ['citizen', 'call_taker', 'dispatcher', 'admin', 'team', 'viewer'],
  'incident.report_by_phone': ['call_taker', 'dispatcher', 'admin'],
  /** A team starts a case it found on patrol, for itself (decision 015). */
  'incident.report_on_patrol': ['team'],
  'incident.list': ['call_taker', 'dispatcher', 'admin', 'viewer'],
  'incident.read': ['call_taker', 'dispatcher', 'admin', 'viewer', 'team'],
  'incident.timeline': ['call_taker', 'dispatcher', 'admin', 'viewer'],
  /** Search every case, open or closed (personal data: staff who take and handle cases). */
  'incident.history': ['call_taker', 'dispatcher', 'admin'],
  'incident.recommend': ['dispatcher', 'admin'],
  'incident.destinations': ['dispatcher', 'admin', 'team'],
  'incident.transition': ['dispatcher', 'admin', 'team'],
  'incident.assign': ['dispatcher', 'admin'],
  'incident.priority': ['dispatcher', 'admin'],
  'incident.merge': ['dispatcher', 'admin'],
  'photo.read': ['dispatcher', 'admin', 'team'],
  'team.list': ['call_taker', 'dispatcher', 'admin', 'viewer'],
  'team.read': ['call_taker', 'dispatcher', 'admin', 'viewer', 'team'],
  'team.create': ['admin'],
  'team.update': ['admin'],
  'team.status': ['dispatcher', 'admin', 'team'],
  'team.position': ['team'],
  'team.assignment': ['dispatcher', 'admin', 'team'],
  /** A team phone's Web Push subscription (its own account's only). */
  'push.subscribe': ['team'],
  'destination.list': ['call_taker', 'dispatcher', 'admin', 'viewer', 'team', 'facility'],
  'destination.create': ['admin'],
  'destination.update': ['admin', 'dispatcher'],
  /** Load a list of destinations (CSV or GeoJSON) in one go. */
  'destination.import': ['admin'],
  /** Withdraw the example ("CONTOH") shelters once real ones exist. */
  'destination.replace_examples': ['admin'],
  'handover.create': ['dispatcher', 'admin', 'team'],
  'handover.read': ['dispatcher', 'admin'],
  'events.read': ['dispatcher', 'admin'],
  /** People records (facility staff: only people who are or were at their facility). */
  'person.read': ['dispatcher', 'admin', 'facility'],
  'person.write': ['dispatcher', 'admin', 'facility'],
  /** Searching every person record: the office's own staff only, and logged. */
  'person.search': ['dispatcher', 'admin'],
  /** Likely earlier records of the person being picked up or checked in (logged). */
  'person.match': ['dispatcher', 'admin', 'team', 'facility'],
  /** Stays, check-in and check-out (facility staff: at their facility only). */
  'stay.read': ['dispatcher', 'admin', 'facility'],
  'stay.write': ['dispatcher', 'admin', 'facility'],
  /** Stays nearing or past their maximum, everywhere (the dispatch console's alert list; logged). */
  'stay.alerts': ['dispatcher', 'admin'],
  /** How many people stay where, and how many stays ended how: no one named. */
  'stay.counts': ['dispatcher', 'admin', 'viewer', 'facility'],
  /** Manual occupancy corrections, with a reason (facility staff: their facility only). */
  'occupancy.adjust': ['dispatcher', 'admin', 'facility'],
  /** Printable papers (handover record, release agreement; facility staff: their own facility's). */
  'paper.read': ['dispatcher', 'admin', 'facility'],
  /** The receiving side signs the handover off (facility staff: at their facility only). */
  'handover.confirm': ['admin', 'facility'],
  'stats.read': ['dispatcher', 'admin', 'viewer'],
  /** The duty roster and handover notes: staff names, for the office's own staff. */
  'roster.read': ['call_taker', 'dispatcher', 'admin'],
  /** Plan who is on duty in which shift. */
  'roster.plan': ['admin'],
  /** Write a shift's handover note (the outgoing dispatcher or supervisor). */
  'roster.note': ['dispatcher', 'admin'],
  /** The city's run-time settings (timeouts, targets, stay limits, shifts). */
  'settings.read': ['dispatcher', 'admin'],
  'settings.write': ['admin'],
  'users.manage': ['admin'],
  'access_log.read': ['admin'],
  /** Live feed of every event with personal data. */
  'live.full': ['call_taker', 'dispatcher', 'admin'],
  /** Live feed of every event with personal data removed. */
  'live.redacted': ['viewer'],
  /** Live feed of the team's own events and assignment offers. */
  'live.team': ['team'],
  /** Live feed of the events at the account's own facility. */
  'live.facility': ['facility'],
} as const satisfies Record<string, readonly Role[]>

export type Action = keyof typeof PERMISSIONS

export function permits(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role)
}

/** Roles that may see personal data (names, phone numbers, NIK, photos) at all. */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['call_taker', 'dispatcher', 'admin', 'team', 'facility']
