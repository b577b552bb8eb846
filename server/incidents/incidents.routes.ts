import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { RecommendedDestinationSchema } from '../../shared/destinations.js'
import { LogEventSchema, type LogEvent } from '../../shared/events.js'
import {
  AssignRequestSchema,
  CallTakerReportSchema,
  IncidentCountsSchema,
  IncidentFilterSchema,
  IncidentSchema,
  MergeRequestSchema,
  PatrolCaseSchema,
  PriorityChangeSchema,
  QueuePageQuerySchema,
  ReportIncidentSchema,
  ReportReceiptSchema,
  TrackingViewSchema,
  TransitionRequestSchema,
  type Incident,
} from '../../shared/incidents.js'
import { RankedTeamSchema } from '../../shared/teams.js'
import { PERMISSIONS, type Action } from '../auth/policy.js'
import { eventForRole, redactIncident, seesPersonalData } from '../auth/redact.js'
import type { Config } from '../config.js'
import { respondWith } from '../db/transaction.js'
import { AppError } from '../errors.js'
import { allow, type IdentityEnv } from '../http/identity.js'
import { idempotent, type FindAnswer } from '../http/idempotency.js'
import type { ApiDocs } from '../http/openapi.js'
import { clientIp } from '../http/rate-limit.js'
import { body, param, query, validParams } from '../http/validate.js'
import type { Services } from '../services.js'

const Id = z.uuid()
const TAG = 'Incidents'
export const TRACKING_CODE_HEADER = 'X-TRC-Tracking-Code'

export function incidentsRoutes(s: Services, findAnswer: FindAnswer, docs: ApiDocs, config: Config) {
  const base = '/api/incidents'
  const describe = (action: Action, spec: Omit<Parameters<ApiDocs['describe']>[0], 'tag' | 'roles'>) =>
    docs.describe({ ...spec, tag: TAG, path: base + spec.path, roles: action === 'incident.report' ? 'public' : [...PERMISSIONS[action]] })

  describe('incident.report', { method: 'post', path: '', summary: 'Report a case (citizens; no account). Rate-limited per IP and phone number', body: ReportIncidentSchema, response: ReportReceiptSchema, status: 201, idempotent: true })
  describe('incident.report_by_phone', { method: 'post', path: '/call-taker', summary: 'Report a case taken by phone, with the caller’s details', body: CallTakerReportSchema, response: IncidentSchema, status: 201, idempotent: true })
  describe('incident.report_on_patrol', { method: 'post', path: '/patrol', summary: 'A team starts a case it found on patrol, for itself: at its position, on scene, no dispatch (409 when off duty or holding an open case)', body: PatrolCaseSchema, response: IncidentSchema, status: 201, idempotent: true })
  describe('incident.list', { method: 'get', path: '', summary: 'List incidents (filters: status, category, kecamatan, time range); personal data hidden from viewers', query: IncidentFilterSchema, response: z.array(IncidentSchema) })
  describe('incident.list', { method: 'get', path: '/queue', summary: 'Waiting incidents, most urgent then oldest first; with limit/after, one page of them (after = the last case of the previous page as priority,reportedAt,id)', query: QueuePageQuerySchema, response: z.array(IncidentSchema) })
  describe('incident.list', { method: 'get', path: '/counts', summary: 'Open incidents counted: waiting by priority, active by status', response: IncidentCountsSchema })
  describe('incident.read', { method: 'get', path: '/:id', summary: 'One incident (a team only its current case)', response: IncidentSchema })
  describe('incident.timeline', { method: 'get', path: '/:id/timeline', summary: 'The incident’s events from the log', response: z.array(LogEventSchema) })
  describe('incident.recommend', { method: 'get', path: '/:id/recommendations', summary: 'Free teams with fresh positions, nearest first', response: z.array(RankedTeamSchema) })
  describe('incident.destinations', { method: 'get', path: '/:id/destinations', summary: 'Destinations that accept the case and have room, nearest first', response: z.array(RecommendedDestinationSchema) })
  describe('incident.transition', { method: 'post', path: '/:id/transitions', summary: 'Move the incident along its lifecycle', body: TransitionRequestSchema, response: IncidentSchema, idempotent: true })
  describe('incident.assign', { method: 'post', path: '/:id/assign', summary: 'Assign or reassign a chosen team', body: AssignRequestSchema, response: IncidentSchema })
  describe('incident.assign', { method: 'post', path: '/:id/unassign', summary: 'Take the team off the incident (back to the queue)', response: IncidentSchema })
  describe('incident.priority', { method: 'post', path: '/:id/priority', summary: 'Change the priority', body: PriorityChangeSchema, response: IncidentSchema })
  describe('incident.merge', { method: 'post', path: '/:id/merge', summary: 'Merge a duplicate into another incident', body: MergeRequestSchema, response: IncidentSchema })
  describe('incident.report', { method: 'post', path: '/:id/photo', summary: `Add a photo (JPEG/PNG/WebP as the raw body) to a report: the reporter sends the tracking code in ${TRACKING_CODE_HEADER}` , status: 201 })
  describe('photo.read', { method: 'get', path: '/:id/photos', summary: 'The photos of a report (dispatchers, admins and the team holding the case)' })
  docs.describe({ method: 'get', path: '/api/track/:code', tag: TAG, summary: 'Public status of a report by its tracking code (no personal data)', roles: 'public', response: TrackingViewSchema })

  /** Viewers get records without personal data; everyone else's reads of it are logged. */
  const shareIncidents = async (c: Context<IdentityEnv>, incidents: Incident[], action: string) => {
    const who = c.get('identity')
    if (!seesPersonalData(who)) return incidents.map(redactIncident)
    await s.auth.logAccess(who, 'incident', incidents.map((i) => i.id), action, c.get('requestId'))
    return incidents
  }
  const shareEvents = async (c: Context<IdentityEnv>, events: LogEvent[], incidentId: string) => {
    const who = c.get('identity')
    // One rule for every path: a call-taker sees a handover's person here no more than at /api/handovers.
    const shown = events.map((e) => eventForRole(who.role, e))
    if (seesPersonalData(who)) await s.auth.logAccess(who, 'incident', [incidentId], 'timeline', c.get('requestId'))
    return shown
  }

  const incidents = new Hono<IdentityEnv>()
    .post('/', allow('incident.report'), idempotent(findAnswer, 201), async (c) => {
      const input = await body(c, ReportIncidentSchema)
      await s.limits.report(clientIp(c, config.TRUST_PROXY), input.reporter?.phone)
      respondWith<{ receipt: unknown }>((r) => r.receipt)
      const { receipt } = await s.incidents.report(input, c.get('identity').actor, 'citizen')
      return c.json(receipt, 201)
    })
    .post('/call-taker', allow('incident.report_by_phone'), idempotent(findAnswer, 201), async (c) => {
      const input = await body(c, CallTakerReportSchema)
      respondWith<{ incident: unknown }>((r) => r.incident)
      const { incident } = await s.incidents.report(input, c.get('identity').actor, 'call_taker')
      return c.json(incident, 201)
    })
    .post('/patrol', allow('incident.report_on_patrol'), idempotent(findAnswer, 201), async (c) => {
      const input = await body(c, PatrolCaseSchema)
      const who = c.get('identity')
      if (!who.teamId) throw new AppError('forbidden', 'This account belongs to no team')
      return c.json(await s.incidents.reportOnPatrol(input, who.actor, who.teamId), 201)
    })
    .get('/', allow('incident.list'), async (c) => c.json(await shareIncidents(c, await s.incidents.list(query(c, IncidentFilterSchema)), 'list')))
    .get('/queue', allow('incident.list'), async (c) => c.json(await shareIncidents(c, await s.incidents.queue(query(c, QueuePageQuerySchema)), 'list')))
    .get('/counts', allow('incident.list'), async (c) => c.json(await s.incidents.counts()))
    .get('/:id', allow('incident.read'), async (c) => {
      const incident = await s.incidents.get(param(c, 'id', Id))
      await s.scope.assertCanRead(c.get('identity'), incident)
      return c.json((await shareIncidents(c, [incident], 'read'))[0])
    })
    .get('/:id/timeline', allow('incident.timeline'), async (c) => {
      const id = param(c, 'id', Id)
      return c.json(await shareEvents(c, await s.incidents.timeline(id), id))
    })
    .get('/:id/recommendations', allow('incident.recommend'), async (c) => c.json(await s.dispatch.recommend(param(c, 'id', Id))))
    .get('/:id/destinations', allow('incident.destinations'), async (c) => {
      const incident = await s.incidents.get(param(c, 'id', Id))
      await s.scope.assertCanRead(c.get('identity'), incident)
      const team = incident.teamId ? await s.teams.get(incident.teamId) : null
      return c.json(await s.destinations.recommend(team?.position ?? incident.location, incident.category))
    })
    .post('/:id/transitions', allow('incident.transition'), validParams({ id: Id }), idempotent(findAnswer, 200), async (c) => {
      const id = param(c, 'id', Id)
      const req = await body(c, TransitionRequestSchema)
      const who = c.get('identity')
      const actor = req.onBehalfOfTeam && who.role !== 'team' ? { ...who.actor, onBehalfOf: (await s.incidents.get(id)).teamId } : who.actor
      return c.json(await s.incidents.transition(id, req, actor))
    })
    .post('/:id/assign', allow('incident.assign'), async (c) => {
      const id = param(c, 'id', Id)
      const { teamId } = await body(c, AssignRequestSchema)
      return c.json(await s.dispatch.assign(id, teamId, c.get('identity').actor))
    })
    .post('/:id/unassign', allow('incident.assign'), async (c) => c.json(await s.dispatch.unassign(param(c, 'id', Id), c.get('identity').actor)))
    .post('/:id/priority', allow('incident.priority'), async (c) => {
      const id = param(c, 'id', Id)
      const { priority, note } = await body(c, PriorityChangeSchema)
      return c.json(await s.incidents.changePriority(id, priority, note, c.get('identity').actor))
    })
    .post('/:id/merge', allow('incident.merge'), async (c) => {
      const id = param(c, 'id', Id)
      const { into } = await body(c, MergeRequestSchema)
      return c.json(await s.incidents.merge(id, into, c.get('identity').actor))
    })
    .post('/:id/photo', allow('incident.report'), async (c) => {
      const id = param(c, 'id', Id)
      const bytes = new Uint8Array(await c.req.arrayBuffer())
      return c.json(await s.photos.add(id, bytes, c.get('identity'), c.req.header(TRACKING_CODE_HEADER)), 201)
    })
    .get('/:id/photos', allow('photo.read'), async (c) => {
      const incident = await s.incidents.get(param(c, 'id', Id))
      await s.scope.assertCanRead(c.get('identity'), incident)
      return c.json(await s.photos.list(incident.id))
    })

  const track = new Hono<IdentityEnv>().get('/:code', async (c) => {
    const code = param(c, 'code', z.string().regex(/^[0-9A-Z]{8,32}$/, 'not a tracking code'))
    return c.json(await s.incidents.track(code))
  })

  const photos = new Hono<IdentityEnv>().get('/:id', allow('photo.read'), async (c) => {
    const photo = await s.photos.get(param(c, 'id', Id))
    if (!photo) throw new AppError('not_found', 'No such photo')
    const who = c.get('identity')
    await s.scope.assertCanRead(who, await s.incidents.get(photo.incidentId))
    await s.auth.logAccess(who, 'photo', [photo.incidentId], 'photo', c.get('requestId'))
    c.header('Cache-Control', 'private, no-store')
    c.header('Content-Type', photo.contentType)
    return c.body(new Uint8Array(photo.bytes) as unknown as ArrayBuffer)
  })
  docs.describe({ method: 'get', path: '/api/photos/:id', tag: TAG, summary: 'A report photo (dispatchers, admins and the team holding the case; every read is logged)', roles: [...PERMISSIONS['photo.read']] })

  return { incidents, track, photos }
}
