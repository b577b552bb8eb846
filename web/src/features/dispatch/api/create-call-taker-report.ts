import type { z } from 'zod'
import { API } from '../../../../../shared/api.js'
import type { CallTakerReportSchema, Incident } from '../../../../../shared/incidents.js'
import { api } from '../../../lib/api.js'

export type CallTakerInput = z.input<typeof CallTakerReportSchema>

/** POST /api/incidents/call-taker — a report taken by phone, with the caller's name and number. */
export const createCallTakerReport = (input: CallTakerInput, idempotencyKey: string) => api<Incident>('POST', API.callTakerIncidents, { body: input, idempotencyKey })
