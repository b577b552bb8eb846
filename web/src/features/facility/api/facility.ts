import type { z } from 'zod'
import { API } from '@shared/api.js'
import type { Destination } from '@shared/destinations.js'
import type { Handover } from '@shared/handovers.js'
import type { PersonRecord } from '@shared/people.js'
import type { CheckOutInputSchema, IncomingCase, Stay } from '@shared/stays.js'
import { api } from '../../../lib/api.js'

export type Resident = { stay: Stay; person: PersonRecord }
export type CheckOutInput = z.input<typeof CheckOutInputSchema>

/** GET /api/destinations/:id — the facility with its bed counts. */
export const getDestination = (id: string) => api<Destination>('GET', `${API.destinations}/${id}`)
/** GET /api/destinations/:id/incoming — cases on their way, and handovers awaiting sign-off. */
export const getIncoming = (id: string) => api<IncomingCase[]>('GET', `${API.destinations}/${id}/incoming`)
/** GET /api/destinations/:id/residents — the people staying now. */
export const getResidents = (id: string) => api<Resident[]>('GET', `${API.destinations}/${id}/residents`)
/** POST /api/handovers/:id/receipt — the facility signs the handover off. */
export const confirmReceipt = (handoverId: string) => api<Handover>('POST', `${API.handovers}/${handoverId}/receipt`)
/** POST /api/stays/:id/agreement — the family's signed agreement (photo or PDF scan) as the body. */
export const uploadAgreement = (stayId: string, file: File) => api<Stay>('POST', `${API.stays}/${stayId}/agreement`, { raw: { data: file, contentType: file.type || 'application/octet-stream' } })
/** POST /api/stays/:id/check-out — the stay ends with its outcome. */
export const checkOut = (stayId: string, input: CheckOutInput, idempotencyKey: string) => api<Stay>('POST', `${API.stays}/${stayId}/check-out`, { body: input, idempotencyKey })
