import { API } from '@shared/api.js'
import { api } from '../../../lib/api.js'

/**
 * POST /api/incidents/:id/photo with the JPEG as the body; the tracking code proves the
 * uploader made the report. (Endpoint announced, being built on the server.)
 */
export const uploadPhoto = (incidentId: string, trackingCode: string, jpeg: Blob, idempotencyKey?: string) =>
  api<unknown>('POST', `${API.incidents}/${incidentId}/photo`, {
    raw: { data: jpeg, contentType: 'image/jpeg' },
    headers: { 'X-TRC-Tracking-Code': trackingCode },
    ...(idempotencyKey ? { idempotencyKey } : {}),
  })
