import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { DestinationSchema } from '../../shared/destinations.js'
import { PersonRecordSchema } from '../../shared/people.js'
import { CheckInSchema, CheckOutInputSchema, IncomingCaseSchema, OccupancyAdjustmentInputSchema, StayAlertItemSchema, StaySchema } from '../../shared/stays.js'
import { PERMISSIONS } from '../auth/policy.js'
import { allow, type IdentityEnv } from '../http/identity.js'
import { idempotent, type FindAnswer } from '../http/idempotency.js'
import type { ApiDocs } from '../http/openapi.js'
import { body, param } from '../http/validate.js'
import type { Services } from '../services.js'

const caller = (c: Context<IdentityEnv>) => ({ who: c.get('identity'), requestId: c.get('requestId') })
const CountsSchema = z.object({
  open: z.array(z.object({ destinationId: z.string(), n: z.number() })),
  outcomes: z.array(z.object({ outcome: z.string(), n: z.number() })),
})

/** /api/stays: check-in, check-out, counts. */
export function staysRoutes(s: Services, findAnswer: FindAnswer, docs: ApiDocs) {
  const d = (spec: Omit<Parameters<ApiDocs['describe']>[0], 'tag'>) => docs.describe({ ...spec, tag: 'Stays', path: '/api/stays' + spec.path })
  d({ method: 'post', path: '', summary: 'Check a person in at a shelter, RPS or panti', roles: [...PERMISSIONS['stay.write']], body: CheckInSchema, response: StaySchema, status: 201, idempotent: true })
  d({ method: 'get', path: '/counts', summary: 'Open stays per destination and ended stays per outcome (counts only)', roles: [...PERMISSIONS['stay.counts']], response: CountsSchema })
  d({ method: 'get', path: '/alerts', summary: 'Open stays due soon or past their maximum, everywhere (logged)', roles: [...PERMISSIONS['stay.alerts']], response: z.array(StayAlertItemSchema) })
  d({ method: 'get', path: '/:id', summary: 'One stay (logged)', roles: [...PERMISSIONS['stay.read']], response: StaySchema })
  d({ method: 'post', path: '/:id/agreement', summary: 'Attach the family\'s signed release agreement: a JPEG, PNG, WebP photo or PDF scan as the raw body (judged by its bytes)', roles: [...PERMISSIONS['stay.write']], response: StaySchema, status: 201 })
  d({ method: 'get', path: '/:id/agreement', summary: 'The signed release agreement (the facility that held the stay, dispatchers, admins; every read logged, never cached)', roles: [...PERMISSIONS['stay.read']] })
  d({ method: 'post', path: '/:id/check-out', summary: 'End a stay with its outcome', roles: [...PERMISSIONS['stay.write']], body: CheckOutInputSchema, response: StaySchema, idempotent: true })

  return new Hono<IdentityEnv>()
    .post('/', allow('stay.write'), idempotent(findAnswer, 201), async (c) => c.json(await s.stays.checkIn(await body(c, CheckInSchema), caller(c)), 201))
    .get('/counts', allow('stay.counts'), async (c) => c.json(await s.stays.counts(c.get('identity'))))
    .get('/alerts', allow('stay.alerts'), async (c) => c.json(await s.stays.alerts(caller(c))))
    .get('/:id', allow('stay.read'), async (c) => c.json(await s.stays.get(param(c, 'id', z.uuid()), caller(c))))
    .post('/:id/agreement', allow('stay.write'), async (c) => {
      const id = param(c, 'id', z.uuid())
      return c.json(await s.stays.addAgreement(id, new Uint8Array(await c.req.arrayBuffer()), caller(c)), 201)
    })
    .get('/:id/agreement', allow('stay.read'), async (c) => {
      const file = await s.stays.agreement(param(c, 'id', z.uuid()), caller(c))
      c.header('Cache-Control', 'private, no-store')
      c.header('Content-Type', file.contentType)
      c.header('X-Content-Type-Options', 'nosniff')
      return c.body(new Uint8Array(file.bytes) as unknown as ArrayBuffer)
    })
    .post('/:id/check-out', allow('stay.write'), idempotent(findAnswer, 200), async (c) => {
      const id = param(c, 'id', z.uuid())
      return c.json(await s.stays.checkOut(id, await body(c, CheckOutInputSchema), caller(c)))
    })
}

const ResidentSchema = z.object({ stay: StaySchema, person: PersonRecordSchema })

/** Per-destination routes mounted under /api/destinations: residents and occupancy adjustments. */
export function destinationStaysRoutes(s: Services, docs: ApiDocs) {
  const d = (spec: Omit<Parameters<ApiDocs['describe']>[0], 'tag'>) => docs.describe({ ...spec, tag: 'Stays', path: '/api/destinations' + spec.path })
  d({ method: 'get', path: '/:id/incoming', summary: 'Cases on their way to the destination, and handovers there awaiting its sign-off (logged)', roles: [...PERMISSIONS['stay.read']], response: z.array(IncomingCaseSchema) })
  d({ method: 'get', path: '/:id/residents', summary: 'The people staying at a destination now (logged)', roles: [...PERMISSIONS['stay.read']], response: z.array(ResidentSchema) })
  d({ method: 'post', path: '/:id/occupancy-adjustments', summary: 'Change occupancy by hand, with a reason (logged as an event)', roles: [...PERMISSIONS['occupancy.adjust']], body: OccupancyAdjustmentInputSchema, response: DestinationSchema, status: 201 })
  return new Hono<IdentityEnv>()
    .get('/:id/incoming', allow('stay.read'), async (c) => c.json(await s.stays.incoming(param(c, 'id', z.uuid()), caller(c))))
    .get('/:id/residents', allow('stay.read'), async (c) => c.json(await s.stays.residents(param(c, 'id', z.uuid()), caller(c))))
    .post('/:id/occupancy-adjustments', allow('occupancy.adjust'), async (c) => {
      const id = param(c, 'id', z.uuid())
      return c.json(await s.stays.adjust(id, await body(c, OccupancyAdjustmentInputSchema), caller(c)), 201)
    })
}
