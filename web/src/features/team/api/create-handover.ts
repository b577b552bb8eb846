import type { z } from 'zod'
import { API } from '@shared/api.js'
import type { Handover, HandoverInputSchema } from '@shared/handovers.js'
import { api } from '../../../lib/api.js'

export type HandoverInput = z.input<typeof HandoverInputSchema>

/** POST /api/handovers — the person is handed over: the incident, the team and the occupancy change together. */
export const createHandover = (input: HandoverInput, idempotencyKey: string) => api<Handover>('POST', API.handovers, { body: input, idempotencyKey })
