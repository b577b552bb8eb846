import type { IncidentStatus, Priority } from '@shared/incidents.js'
import type { TeamStatus } from '@shared/teams.js'

/**
 * Colours with meaning, one place for CSS and the map. Waiting cases are red, moving teams
 * blue, finished green, inactive grey; priority is also shown by shape so colour is never
 * the only cue (WCAG 1.4.1). Each is dark enough for text on white and white text on it
 * (4.5:1, WCAG 1.4.3; palette.test.ts): the console's chips and map labels use both.
 */
export const STATUS_COLOR: Record<IncidentStatus, string> = {
  reported: '#c62828',
  assigned: '#c04d00',
  acknowledged: '#946200',
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
  high: '#c04d00',
  normal: '#455a64',
}

export const TEAM_STATUS_COLOR: Record<TeamStatus, string> = {
  available: '#2e7d32',
  returning: '#4a7c27',
  assigned: '#c04d00',
  en_route: '#1565c0',
  on_scene: '#6a1b9a',
  transporting: '#00796b',
  at_handover: '#00695c',
  off_duty: '#757575',
}
