import { Hono } from 'hono'
import { z } from 'zod'
import { DateRangeQuerySchema } from '../../shared/dates.js'
import { HandoverInputSchema, HandoverSchema } from '../../shared/handovers.js'
import { PERMISSIONS } from '../auth/policy.js'
import { allow, type IdentityEnv } from '../http/identity.js'
import { idempotent, type FindAnswer } from '../http/idempotency.js'
import type { ApiDocs } from '../http/openapi.js'
import { body, param, query } from '../http/validate.js'
import type { Services } from '../services.js'

const ListQuery = DateRangeQuerySchema.extend({ destinationId: z.uuid().optional() })

export function handoversRoutes(s: Services, findAnswer: FindAnswer, docs: ApiDocs) {
  const d = (spec: Omit<Parameters<ApiDocs['describe']>[0], 'tag'>) => docs.describe({ ...spec, tag: 'Handovers', path: '/api/handovers' + spec.path })
  d({ method: 'post', path: '', summary: 'Log the handover of the person to a destination', roles: [...PERMISSIONS['handover.create']], body: HandoverInputSchema, response: HandoverSchema, status: 201, idempotent: true })
  d({ method: 'get', path: '', summary: 'Handovers (personal data: dispatchers only)', roles: [...PERMISSIONS['handover.read']], query: ListQuery, response: z.array(HandoverSchema) })
  d({ method: 'post', path: '/:id/receipt', summary: 'The receiving facility confirms it received the person', roles: [...PERMISSIONS['handover.confirm']], response: HandoverSchema })
  d({ method: 'get', path: '/:id', summary: 'One handover', roles: [...PERMISSIONS['handover.read']], response: HandoverSchema })

  return new Hono<IdentityEnv>()
    .post('/', allow('handover.create'), idempotent(findAnswer, 201), async (c) =>
      c.json(await s.handovers.log(await body(c, HandoverInputSchema), c.get('identity').actor), 201),
    )
    .get('/', allow('handover.read'), async (c) => {
      const q = query(c, ListQuery)
      const list = await s.handovers.list({ from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, destinationId: q.destinationId })
      await s.auth.logAccess(c.get('identity'), 'handover', list.map((h) => h.id), 'list', c.get('requestId'))
      return c.json(list)
    })
    .post('/:id/receipt', allow('handover.confirm'), async (c) => c.json(await s.handovers.confirmReceipt(param(c, 'id', z.uuid()), c.get('identity'))))
    .get('/:id', allow('handover.read'), async (c) => {
      const h = await s.handovers.get(param(c, 'id', z.uuid()))
      await s.auth.logAccess(c.get('identity'), 'handover', [h.id], 'read', c.get('requestId'))
      return c.json(h)
    })
}
