import { Hono } from 'hono'
import { z } from 'zod'
import { RecommendedDestinationSchema } from '../../shared/destinations.js'
import { LogEventSchema } from '../../shared/events.js'
import {
  AssignRequestSchema,
  CallTakerReportSchema,
  IncidentFilterSchema,
  IncidentSchema,
  MergeRequestSchema,
  PriorityChangeSchema,
  ReportIncidentSchema,
  ReportReceiptSchema,
  TrackingViewSchema,
  TransitionRequestSchema,
} from '../../shared/incidents.js'
import { RankedTeamSchema } from '../../shared/teams.js'
import type { Database } from '../db/database.js'
import { respondWith } from '../db/transaction.js'
import { AppError } from '../errors.js'
import { DISPATCH_ROLES, READ_ROLES, requireRole, type IdentityEnv } from '../http/identity.js'
import { idempotent } from '../http/idempotency.js'
import type { ApiDocs } from '../http/openapi.js'
import { body, param, query } from '../http/validate.js'
import type { Services } from '../services.js'

const Id = z.uuid()
const TAG = 'Incidents'

export function incidentsRoutes(s: Services, db: Database, docs: ApiDocs) {
  const base = '/api/incidents'
  const describe = (spec: Omit<Parameters<ApiDocs['describe']>[0], 'tag'>) => docs.describe({ ...spec, tag: TAG, path: base + spec.path })

  describe({ method: 'post', path: '', summary: 'Report a case (citizens; no account)', roles: 'public', body: ReportIncidentSchema, response: ReportReceiptSchema, status: 201, idempotent: true })
  describe({ method: 'post', path: '/call-taker', summary: 'Report a case taken by phone, with the caller’s details', roles: ['dispatcher', 'call_taker', 'admin'], body: CallTakerReportSchema, response: IncidentSchema, status: 201, idempotent: true })
  describe({ method: 'get', path: '', summary: 'List incidents (filters: status, category, kecamatan, time range)', roles: READ_ROLES, query: IncidentFilterSchema, response: z.array(IncidentSchema) })
  describe({ method: 'get', path: '/queue', summary: 'Waiting incidents, most urgent then oldest first', roles: READ_ROLES, response: z.array(IncidentSchema) })
  describe({ method: 'get', path: '/:id', summary: 'One incident (a team sees only its own)', roles: [...READ_ROLES, 'team'], response: IncidentSchema })
  describe({ method: 'get', path: '/:id/timeline', summary: 'The incident’s events from the log', roles: READ_ROLES, response: z.array(LogEventSchema) })
  describe({ method: 'get', path: '/:id/recommendations', summary: 'Free teams with fresh positions, nearest first', roles: READ_ROLES, response: z.array(RankedTeamSchema) })
  describe({ method: 'get', path: '/:id/destinations', summary: 'Destinations that accept the case and have room, nearest first', roles: [...READ_ROLES, 'team'], response: z.array(RecommendedDestinationSchema) })
  describe({ method: 'post', path: '/:id/transitions', summary: 'Move the incident along its lifecycle', roles: [...DISPATCH_ROLES, 'team'], body: TransitionRequestSchema, response: IncidentSchema, idempotent: true })
  describe({ method: 'post', path: '/:id/assign', summary: 'Assign or reassign a chosen team', roles: DISPATCH_ROLES, body: AssignRequestSchema, response: IncidentSchema })
  describe({ method: 'post', path: '/:id/unassign', summary: 'Take the team off the incident (back to the queue)', roles: DISPATCH_ROLES, response: IncidentSchema })
  describe({ method: 'post', path: '/:id/priority', summary: 'Change the priority', roles: DISPATCH_ROLES, body: PriorityChangeSchema, response: IncidentSchema })
  describe({ method: 'post', path: '/:id/merge', summary: 'Merge a duplicate into another incident', roles: DISPATCH_ROLES, body: MergeRequestSchema, response: IncidentSchema })
  docs.describe({ method: 'get', path: '/api/track/:code', tag: TAG, summary: 'Public status of a report by its tracking code (no personal data)', roles: 'public', response: TrackingViewSchema })

  const incidents = new Hono<IdentityEnv>()
    .post('/', idempotent(db, 201), async (c) => {
      const input = await body(c, ReportIncidentSchema)
      respondWith<{ receipt: unknown }>((r) => r.receipt)
      const { receipt } = await s.incidents.report(input, c.get('identity').actor, 'citizen')
      return c.json(receipt, 201)
    })
    .post('/call-taker', requireRole('dispatcher', 'call_taker', 'admin'), idempotent(db, 201), async (c) => {
      const input = await body(c, CallTakerReportSchema)
      respondWith<{ incident: unknown }>((r) => r.incident)
      const { incident } = await s.incidents.report(input, c.get('identity').actor, 'call_taker')
      return c.json(incident, 201)
    })
    .get('/', requireRole(...READ_ROLES), async (c) => c.json(await s.incidents.list(query(c, IncidentFilterSchema))))
    .get('/queue', requireRole(...READ_ROLES), async (c) => c.json(await s.incidents.queue()))
    .get('/:id', requireRole(...READ_ROLES, 'team'), async (c) => {
      const incident = await s.incidents.get(param(c, 'id', Id))
      const who = c.get('identity')
      if (who.role === 'team' && incident.teamId !== who.teamId) throw new AppError('forbidden', 'This incident is not assigned to your team')
      return c.json(incident)
    })
    .get('/:id/timeline', requireRole(...READ_ROLES), async (c) => c.json(await s.incidents.timeline(param(c, 'id', Id))))
    .get('/:id/recommendations', requireRole(...READ_ROLES), async (c) => c.json(await s.dispatch.recommend(param(c, 'id', Id))))
    .get('/:id/destinations', requireRole(...READ_ROLES, 'team'), async (c) => {
      const incident = await s.incidents.get(param(c, 'id', Id))
      const who = c.get('identity')
      if (who.role === 'team' && incident.teamId !== who.teamId) throw new AppError('forbidden', 'This incident is not assigned to your team')
      const team = incident.teamId ? await s.teams.get(incident.teamId) : null
      return c.json(await s.destinations.recommend(team?.position ?? incident.location, incident.category))
    })
    .post('/:id/transitions', requireRole(...DISPATCH_ROLES, 'team'), idempotent(db, 200), async (c) => {
      const id = param(c, 'id', Id)
      const req = await body(c, TransitionRequestSchema)
      const who = c.get('identity')
      const actor = req.onBehalfOfTeam && who.role !== 'team' ? { ...who.actor, onBehalfOf: (await s.incidents.get(id)).teamId } : who.actor
      return c.json(await s.incidents.transition(id, req, actor))
    })
    .post('/:id/assign', requireRole(...DISPATCH_ROLES), async (c) => {
      const id = param(c, 'id', Id)
      const { teamId } = await body(c, AssignRequestSchema)
      return c.json(await s.dispatch.assign(id, teamId, c.get('identity').actor))
    })
    .post('/:id/unassign', requireRole(...DISPATCH_ROLES), async (c) => c.json(await s.dispatch.unassign(param(c, 'id', Id), c.get('identity').actor)))
    .post('/:id/priority', requireRole(...DISPATCH_ROLES), async (c) => {
      const id = param(c, 'id', Id)
      const { priority, note } = await body(c, PriorityChangeSchema)
      return c.json(await s.incidents.changePriority(id, priority, note, c.get('identity').actor))
    })
    .post('/:id/merge', requireRole(...DISPATCH_ROLES), async (c) => {
      const id = param(c, 'id', Id)
      const { into } = await body(c, MergeRequestSchema)
      return c.json(await s.incidents.merge(id, into, c.get('identity').actor))
    })

  const track = new Hono<IdentityEnv>().get('/:code', async (c) => {
    const code = param(c, 'code', z.string().regex(/^[0-9A-Z]{8,32}$/, 'not a tracking code'))
    return c.json(await s.incidents.track(code))
  })

  return { incidents, track }
}
