import { z } from 'zod'
import { API } from '../api.js'
import { DateRangeQuerySchema } from '../dates.js'
import { endpoint } from '../endpoint.js'
import { HandoverInputSchema, HandoverSchema } from '../handovers.js'

const tag = 'Handovers'
const ById = z.object({ id: z.uuid() })

export const handoverEndpoints = {
  log: endpoint({
    method: 'post',
    path: API.handovers,
    action: 'handover.create',
    tag,
    summary: 'Log the handover of the person to a destination',
    body: HandoverInputSchema,
    response: HandoverSchema,
    status: 201,
    idempotent: true,
  }),
  list: endpoint({
    method: 'get',
    path: API.handovers,
    action: 'handover.read',
    tag,
    summary: 'Handovers (personal data: dispatchers only)',
    query: DateRangeQuerySchema.extend({ destinationId: z.uuid().optional() }),
    response: z.array(HandoverSchema),
  }),
  confirmReceipt: endpoint({
    method: 'post',
    path: `${API.handovers}/:id/receipt`,
    action: 'handover.confirm',
    tag,
    summary: 'The receiving facility confirms it received the person',
    params: ById,
    response: HandoverSchema,
  }),
  read: endpoint({ method: 'get', path: `${API.handovers}/:id`, action: 'handover.read', tag, summary: 'One handover', params: ById, response: HandoverSchema }),
}
