import { incidentEndpoints as api, TRACKING_CODE_HEADER } from '@shared/endpoints/incidents.js'
import type { Config } from '../config.js'
import { respondWith } from '../db/transaction.js'
import type { Bind } from '../http/endpoint.js'
import { clientIp } from '../http/rate-limit.js'
import type { Services } from '../services.js'

export function incidentsRoutes(on: Bind, s: Services, config: Config) {
  on(api.report, async ({ body, who, c }) => {
    await s.limits.report(clientIp(c, config.TRUST_PROXY), body.reporter?.phone)
    // What an Idempotency-Key replay answers: the receipt, as this request does.
    respondWith<{ receipt: unknown }>((r) => r.receipt)
    return (await s.incidents.report(body, who.actor, 'citizen')).receipt
  })
  on(api.reportByPhone, async ({ body, who }) => {
    respondWith<{ incident: unknown }>((r) => r.incident)
    return (await s.incidents.report(body, who.actor, 'call_taker')).incident
  })
  on(api.reportOnPatrol, ({ body, caller }) => s.incidents.reportOnPatrolFor(caller, body))
  on(api.list, ({ query, caller }) => s.incidents.listFor(caller, query))
  on(api.queue, ({ query, caller }) => s.incidents.queueFor(caller, query))
  on(api.counts, () => s.incidents.counts())
  on(api.read, ({ params, caller }) => s.incidents.read(caller, params.id))
  on(api.timeline, ({ params, caller }) => s.incidents.timelineFor(caller, params.id))
  on(api.recommendations, ({ params }) => s.dispatch.recommend(params.id))
  on(api.destinations, ({ params, caller }) => s.incidents.destinationsFor(caller, params.id))
  on(api.transition, ({ params, body, caller }) => s.incidents.requestTransition(caller, params.id, body))
  on(api.assign, ({ params, body, who }) => s.dispatch.assign(params.id, body.teamId, who.actor))
  on(api.unassign, ({ params, who }) => s.dispatch.unassign(params.id, who.actor))
  on(api.priority, ({ params, body, who }) => s.incidents.changePriority(params.id, body.priority, body.note, who.actor))
  on(api.merge, ({ params, body, who }) => s.incidents.merge(params.id, body.into, who.actor))
  on(api.addPhoto, async ({ params, who, c }) => s.photos.add(params.id, new Uint8Array(await c.req.arrayBuffer()), who, c.req.header(TRACKING_CODE_HEADER)))
  on(api.photos, ({ params, caller }) => s.photos.listFor(caller, params.id))
  on(api.photo, async ({ params, caller, c }) => {
    const photo = await s.photos.read(caller, params.id)
    c.header('Cache-Control', 'private, no-store')
    c.header('Content-Type', photo.contentType)
    return c.body(new Uint8Array(photo.bytes) as unknown as ArrayBuffer)
  })
  on(api.track, ({ params }) => s.incidents.track(params.code))
}
