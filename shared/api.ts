/** Route paths shared by server and clients, so neither spells them on its own. */
export const API = {
  incidents: '/api/incidents',
  callTakerIncidents: '/api/incidents/call-taker',
  teams: '/api/teams',
  destinations: '/api/destinations',
  handovers: '/api/handovers',
  people: '/api/people',
  stays: '/api/stays',
  events: '/api/events',
  users: '/api/users',
  caseHistory: '/api/case-history',
  roster: '/api/roster',
  settings: '/api/settings',
  push: '/api/push',
  track: '/api/track',
  serviceArea: '/api/service-area',
  places: '/api/places',
  config: '/api/config',
  openapi: '/api/openapi.json',
} as const

export const HEADERS = {
  idempotencyKey: 'Idempotency-Key',
  requestId: 'X-Request-Id',
} as const
