import type { EndpointInput } from '@shared/endpoint.js'
import type { incidentEndpoints } from '@shared/endpoints/incidents.js'
import { call } from '../../../lib/call.js'

type ReportByPhone = typeof incidentEndpoints.reportByPhone
export type CallTakerInput = EndpointInput<ReportByPhone>['body']

/** POST /api/incidents/call-taker — a report taken by phone, with the caller's name and number. */
export const createCallTakerReport = (input: CallTakerInput, idempotencyKey: string) => call<ReportByPhone>({ method: 'post', path: '/api/incidents/call-taker' }, { body: input }, { idempotencyKey })
