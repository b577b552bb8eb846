import { API } from '@shared/api.js'
import { TRACKING_CODE_PATTERN, type TrackingView } from '@shared/incidents.js'
import { api } from '../../../lib/api.js'

/** GET /api/track/:code — public, no personal data. */
export const getTracking = (code: string) => api<TrackingView>('GET', `${API.track}/${encodeURIComponent(code)}`)

/** The server's format (server/incidents/incidents.routes.ts). */
export const TRACKING_CODE = TRACKING_CODE_PATTERN
