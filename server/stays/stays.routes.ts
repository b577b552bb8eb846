import { stayEndpoints as api } from '@shared/endpoints/stays.js'
import type { Bind } from '../http/endpoint.js'
import type { Services } from '../services.js'

/** /api/stays (check-in, check-out, counts) and, under /api/destinations, residents and occupancy adjustments. */
export function staysRoutes(on: Bind, s: Services) {
  on(api.checkIn, ({ body, caller }) => s.stays.checkIn(body, caller))
  on(api.counts, ({ who }) => s.stays.counts(who))
  on(api.alerts, ({ caller }) => s.stays.alerts(caller))
  on(api.read, ({ params, caller }) => s.stays.get(params.id, caller))
  on(api.addAgreement, async ({ params, caller, c }) => s.stays.addAgreement(params.id, new Uint8Array(await c.req.arrayBuffer()), caller))
  on(api.agreement, async ({ params, caller, c }) => {
    const file = await s.stays.agreement(params.id, caller)
    c.header('Cache-Control', 'private, no-store')
    c.header('Content-Type', file.contentType)
    c.header('X-Content-Type-Options', 'nosniff')
    return c.body(new Uint8Array(file.bytes) as unknown as ArrayBuffer)
  })
  on(api.checkOut, ({ params, body, caller }) => s.stays.checkOut(params.id, body, caller))
  on(api.incoming, ({ params, caller }) => s.stays.incoming(params.id, caller))
  on(api.residents, ({ params, caller }) => s.stays.residents(params.id, caller))
  on(api.adjustOccupancy, ({ params, body, caller }) => s.stays.adjust(params.id, body, caller))
}
