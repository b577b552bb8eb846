import { Hono } from 'hono'
import { z } from 'zod'
import { IncidentSchema } from '../../shared/incidents.js'
import { CreateTeamSchema, PositionReceiptSchema, TeamPositionSchema, TeamSchema, TeamStatusRequestSchema, UpdateTeamSchema } from '../../shared/teams.js'
import { AppError } from '../errors.js'
import { PERMISSIONS } from '../auth/policy.js'
import { allow, type Identity, type IdentityEnv } from '../http/identity.js'
import { idempotent, type FindAnswer } from '../http/idempotency.js'
import type { ApiDocs } from '../http/openapi.js'
import { body, param, validParams } from '../http/validate.js'
import type { Services } from '../services.js'
import { coarseTeam, seesPersonalData } from '../auth/redact.js'

const Id = z.uuid()

/** A team member acts only for their own team; dispatchers for any. */
function ownTeam(who: Identity, teamId: string) {
  if (who.role === 'team' && who.teamId !== teamId) throw new AppError('forbidden', 'A team member can act only for their own team')
}

export function teamsRoutes(s: Services, findAnswer: FindAnswer, docs: ApiDocs) {
  const d = (spec: Omit<Parameters<ApiDocs['describe']>[0], 'tag'>) => docs.describe({ ...spec, tag: 'Teams', path: '/api/teams' + spec.path })
  d({ method: 'get', path: '', summary: 'All teams with status and live position (stale positions flagged)', roles: [...PERMISSIONS['team.list']], response: z.array(TeamSchema) })
  d({ method: 'post', path: '', summary: 'Create a team', roles: [...PERMISSIONS['team.create']], body: CreateTeamSchema, response: TeamSchema, status: 201 })
  d({ method: 'patch', path: '/:id', summary: 'Change a team’s call sign, name, phone, members or base', roles: [...PERMISSIONS['team.update']], body: UpdateTeamSchema, response: TeamSchema })
  d({ method: 'get', path: '/:id', summary: 'One team', roles: [...PERMISSIONS['team.read']], response: TeamSchema })
  d({ method: 'post', path: '/:id/status', summary: 'On/off duty, returning, available, at handover', roles: [...PERMISSIONS['team.status']], body: TeamStatusRequestSchema, response: TeamSchema, idempotent: true })
  d({ method: 'post', path: '/:id/positions', summary: 'Post a position fix (accuracy, heading, speed, device time)', roles: [...PERMISSIONS['team.position']], body: TeamPositionSchema, response: PositionReceiptSchema, idempotent: true })
  d({ method: 'get', path: '/:id/assignment', summary: 'The team’s current incident, or null', roles: [...PERMISSIONS['team.assignment']], response: IncidentSchema.nullable() })

  return new Hono<IdentityEnv>()
    .get('/', allow('team.list'), async (c) => {
      const teams = await s.teams.list()
      return c.json(seesPersonalData(c.get('identity')) ? teams : teams.map(coarseTeam))
    })
    .post('/', allow('team.create'), async (c) => c.json(await s.teams.create(await body(c, CreateTeamSchema), c.get('identity').actor), 201))
    .patch('/:id', allow('team.update'), async (c) => {
      const id = param(c, 'id', Id)
      return c.json(await s.teams.update(id, await body(c, UpdateTeamSchema), c.get('identity').actor))
    })
    .get('/:id', allow('team.read'), async (c) => {
      const id = param(c, 'id', Id)
      ownTeam(c.get('identity'), id)
      const team = await s.teams.get(id)
      return c.json(seesPersonalData(c.get('identity')) ? team : coarseTeam(team))
    })
    .post('/:id/status', allow('team.status'), validParams({ id: Id }), idempotent(findAnswer, 200), async (c) => {
      const id = param(c, 'id', Id)
      const who = c.get('identity')
      ownTeam(who, id)
      const req = await body(c, TeamStatusRequestSchema)
      const actor = who.role !== 'team' && req.onBehalfOfTeam ? { ...who.actor, onBehalfOf: id } : who.actor
      return c.json(await s.teams.setOwnStatus(id, req.status, actor, req.deviceTime))
    })
    // Idempotent when the phone's outbox replays fixes recorded offline (live fixes send no key).
    .post('/:id/positions', allow('team.position'), validParams({ id: Id }), idempotent(findAnswer, 200), async (c) => {
      const id = param(c, 'id', Id)
      ownTeam(c.get('identity'), id)
      return c.json(await s.teams.postPosition(id, await body(c, TeamPositionSchema)))
    })
    .get('/:id/assignment', allow('team.assignment'), async (c) => {
      const id = param(c, 'id', Id)
      const who = c.get('identity')
      ownTeam(who, id)
      const team = await s.teams.get(id)
      if (!team.currentIncidentId) return c.json(null)
      await s.auth.logAccess(who, 'incident', [team.currentIncidentId], 'read', c.get('requestId'))
      return c.json(await s.incidents.get(team.currentIncidentId))
    })
}
