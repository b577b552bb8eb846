import { Hono } from 'hono'
import { z } from 'zod'
import { IncidentSchema } from '../../shared/incidents.js'
import { CreateTeamSchema, TeamPositionSchema, TeamSchema, TeamStatusRequestSchema } from '../../shared/teams.js'
import type { Database } from '../db/database.js'
import { AppError } from '../errors.js'
import { DISPATCH_ROLES, READ_ROLES, requireRole, type Identity, type IdentityEnv } from '../http/identity.js'
import { idempotent } from '../http/idempotency.js'
import type { ApiDocs } from '../http/openapi.js'
import { body, param } from '../http/validate.js'
import type { Services } from '../services.js'

const Id = z.uuid()

/** A team member acts only for their own team; dispatchers for any. */
function ownTeam(who: Identity, teamId: string) {
  if (who.role === 'team' && who.teamId !== teamId) throw new AppError('forbidden', 'A team member can act only for their own team')
}

export function teamsRoutes(s: Services, db: Database, docs: ApiDocs) {
  const d = (spec: Omit<Parameters<ApiDocs['describe']>[0], 'tag'>) => docs.describe({ ...spec, tag: 'Teams', path: '/api/teams' + spec.path })
  d({ method: 'get', path: '', summary: 'All teams with status and live position (stale positions flagged)', roles: [...READ_ROLES], response: z.array(TeamSchema) })
  d({ method: 'post', path: '', summary: 'Create a team', roles: DISPATCH_ROLES, body: CreateTeamSchema, response: TeamSchema, status: 201 })
  d({ method: 'get', path: '/:id', summary: 'One team', roles: [...READ_ROLES, 'team'], response: TeamSchema })
  d({ method: 'post', path: '/:id/status', summary: 'On/off duty, returning, available, at handover', roles: [...DISPATCH_ROLES, 'team'], body: TeamStatusRequestSchema, response: TeamSchema, idempotent: true })
  d({ method: 'post', path: '/:id/positions', summary: 'Post a position fix (accuracy, heading, speed, device time)', roles: [...DISPATCH_ROLES, 'team'], body: TeamPositionSchema, response: TeamSchema })
  d({ method: 'get', path: '/:id/assignment', summary: 'The team’s current incident, or null', roles: [...DISPATCH_ROLES, 'team'], response: IncidentSchema.nullable() })

  return new Hono<IdentityEnv>()
    .get('/', requireRole(...READ_ROLES), async (c) => c.json(await s.teams.list()))
    .post('/', requireRole(...DISPATCH_ROLES), async (c) => c.json(await s.teams.create(await body(c, CreateTeamSchema), c.get('identity').actor), 201))
    .get('/:id', requireRole(...READ_ROLES, 'team'), async (c) => {
      const id = param(c, 'id', Id)
      ownTeam(c.get('identity'), id)
      return c.json(await s.teams.get(id))
    })
    .post('/:id/status', requireRole(...DISPATCH_ROLES, 'team'), idempotent(db, 200), async (c) => {
      const id = param(c, 'id', Id)
      const who = c.get('identity')
      ownTeam(who, id)
      const req = await body(c, TeamStatusRequestSchema)
      const actor = who.role !== 'team' && req.onBehalfOfTeam ? { ...who.actor, onBehalfOf: id } : who.actor
      return c.json(await s.teams.setOwnStatus(id, req.status, actor))
    })
    .post('/:id/positions', requireRole(...DISPATCH_ROLES, 'team'), async (c) => {
      const id = param(c, 'id', Id)
      ownTeam(c.get('identity'), id)
      return c.json(await s.teams.postPosition(id, await body(c, TeamPositionSchema)))
    })
    .get('/:id/assignment', requireRole(...DISPATCH_ROLES, 'team'), async (c) => {
      const id = param(c, 'id', Id)
      ownTeam(c.get('identity'), id)
      const team = await s.teams.get(id)
      return c.json(team.currentIncidentId ? await s.incidents.get(team.currentIncidentId) : null)
    })
}
