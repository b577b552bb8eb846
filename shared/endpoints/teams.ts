import { z } from 'zod'
import { API } from '../api.js'
import { endpoint } from '../endpoint.js'
import { IncidentSchema } from '../incidents.js'
import { CreateTeamSchema, PositionReceiptSchema, TeamPositionSchema, TeamSchema, TeamStatusRequestSchema, UpdateTeamSchema } from '../teams.js'

const tag = 'Teams'
const ById = z.object({ id: z.uuid() })

export const teamEndpoints = {
  list: endpoint({
    method: 'get',
    path: API.teams,
    action: 'team.list',
    tag,
    summary: 'All teams with status and live position (stale positions flagged; coarse for viewers)',
    response: z.array(TeamSchema),
  }),
  create: endpoint({ method: 'post', path: API.teams, action: 'team.create', tag, summary: 'Create a team', body: CreateTeamSchema, response: TeamSchema, status: 201 }),
  update: endpoint({
    method: 'patch',
    path: `${API.teams}/:id`,
    action: 'team.update',
    tag,
    summary: 'Change a team’s call sign, name, phone, members or base',
    params: ById,
    body: UpdateTeamSchema,
    response: TeamSchema,
  }),
  read: endpoint({ method: 'get', path: `${API.teams}/:id`, action: 'team.read', tag, summary: 'One team (a team member: their own)', params: ById, response: TeamSchema }),
  status: endpoint({
    method: 'post',
    path: `${API.teams}/:id/status`,
    action: 'team.status',
    tag,
    summary: 'On/off duty, returning, available, at handover',
    params: ById,
    body: TeamStatusRequestSchema,
    response: TeamSchema,
    idempotent: true,
  }),
  // Idempotent when the phone's outbox replays fixes recorded offline (live fixes send no key).
  position: endpoint({
    method: 'post',
    path: `${API.teams}/:id/positions`,
    action: 'team.position',
    tag,
    summary: 'Post a position fix (accuracy, heading, speed, device time)',
    params: ById,
    body: TeamPositionSchema,
    response: PositionReceiptSchema,
    idempotent: true,
  }),
  assignment: endpoint({
    method: 'get',
    path: `${API.teams}/:id/assignment`,
    action: 'team.assignment',
    tag,
    summary: 'The team’s current incident, or null (read logged)',
    params: ById,
    response: IncidentSchema.nullable(),
  }),
}
