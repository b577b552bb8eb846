import { API } from '@shared/api.js'
import type { LogEvent } from '@shared/events.js'
import type { Incident } from '@shared/incidents.js'
import { api } from '../../../lib/api.js'

/** GET /api/incidents/:id — the full record (access-logged). */
export const getCase = (id: string) => api<Incident>('GET', `${API.incidents}/${id}`)

/** GET /api/incidents/:id/timeline — its events from the log (access-logged). */
export const getCaseTimeline = (id: string) => api<LogEvent[]>('GET', `${API.incidents}/${id}/timeline`)
