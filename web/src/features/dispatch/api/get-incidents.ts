import { API } from '@shared/api.js'
import { OPEN_STATUSES, type Incident } from '@shared/incidents.js'
import { api } from '../../../lib/api.js'

/**
 * GET /api/incidents?status=… — the open cases a team is working on (not the waiting queue,
 * which comes in pages: get-queue-page.ts). There are at most a few per team.
 */
export const getActiveIncidents = () => api<Incident[]>('GET', `${API.incidents}?status=${OPEN_STATUSES.filter((s) => s !== 'reported').join(',')}&limit=1000`)
