import type { z } from 'zod'
import { API } from '@shared/api.js'
import type { ReportIncidentSchema, ReportReceipt } from '@shared/incidents.js'
import { api } from '../../../lib/api.js'

export type ReportInput = z.input<typeof ReportIncidentSchema>

/** POST /api/incidents. Reuse `idempotencyKey` when retrying the same report. */
export const createReport = (input: ReportInput, idempotencyKey: string) => api<ReportReceipt>('POST', API.incidents, { body: input, idempotencyKey })
