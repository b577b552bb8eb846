import { API } from '@shared/api.js'
import type { Incident } from '@shared/incidents.js'
import { api } from '../../../lib/api.js'

/** How many waiting cases the console fetches at a time. */
export const QUEUE_PAGE_SIZE = 200

/** GET /api/incidents/queue?limit&after — the next page of waiting cases in queue order. */
export const getQueuePage = (after: string | null) => api<Incident[]>('GET', `${API.incidents}/queue?limit=${QUEUE_PAGE_SIZE}${after ? `&after=${encodeURIComponent(after)}` : ''}`)
