import type { z } from 'zod'
import { API } from '@shared/api.js'
import type { SocketPositionSchema } from '@shared/events.js'
import type { PositionReceipt } from '@shared/teams.js'
import { api } from '../../../lib/api.js'

export type PositionFix = z.input<typeof SocketPositionSchema>

/** POST /api/teams/:id/positions — used when the socket is down, and by the outbox (with a key). */
export const postPosition = (teamId: string, fix: PositionFix, idempotencyKey?: string) =>
  api<PositionReceipt>('POST', `${API.teams}/${teamId}/positions`, { body: fix, ...(idempotencyKey ? { idempotencyKey } : {}) })
