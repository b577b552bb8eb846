import { API } from '../../../../../shared/api.js'
import type { LogEvent } from '../../../../../shared/events.js'
import { api } from '../../../lib/api.js'

/** GET /api/incidents/:id/timeline — the incident's events from the log, in order. */
export const getTimeline = (incidentId: string) => api<LogEvent[]>('GET', `${API.incidents}/${incidentId}/timeline`)
