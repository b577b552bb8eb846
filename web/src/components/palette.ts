import type { IncidentStatus, Priority } from '../../../shared/incidents.js'
import type { TeamStatus } from '../../../shared/teams.js'

/**
 * Colours with meaning, one place for CSS and the map. Waiting cases are red, moving teams
 * blue, finished green, inactive grey; priority is also shown by shape so colour is never
 * the only cue (WCAG 1.4.1).
 */
export const STATUS_COLOR: Record<IncidentStatus, string> = {
  reported: '#c62828',
  assigned: '#e65100',
  acknowledged: '#b7791f',
  en_route: '#1565c0',
  on_scene: '#6a1b9a',
  transporting: '#00796b',
  handed_over: '#2e7d32',
  closed: '#616161',
  cancelled: '#757575',
  duplicate: '#757575',
  not_found: '#5d4037',
}

export const PRIORITY_COLOR: Record<Priority, string> = {
  critical: '#b71c1c',
  high: '#e65100',
  normal: '#455a64',
}

export const TEAM_STATUS_COLOR: Record<TeamStatus, string> = {
  available: '#2e7d32',
  returning: '#558b2f',
  assigned: '#e65100',
  en_route: '#1565c0',
  on_scene: '#6a1b9a',
  transporting: '#00796b',
  at_handover: '#00695c',
  off_duty: '#757575',
}
