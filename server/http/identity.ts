import type { MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { HEADERS } from '../../shared/api.js'
import type { Actor } from '../../shared/events.js'
import { AppError } from '../errors.js'

export const ROLES = ['citizen', 'call_taker', 'dispatcher', 'team', 'viewer', 'admin'] as const
export type Role = (typeof ROLES)[number]

export interface Identity {
  role: Role
  actor: Actor
  teamId: string | null
}

const HeaderSchema = z.object({
  role: z.enum(ROLES).default('citizen'),
  actorId: z.string().max(100).optional(),
  teamId: z.uuid().optional(),
})

/**
 * The one place that decides who is calling. Until accounts land (issue #4) identity comes
 * from the X-TRC-* headers; that is trust-on-assertion and fit only for a closed network.
 * Routes and services see only `Identity`, so the real scheme slots in here alone.
 */
export function resolveIdentity(raw: { role?: string; actorId?: string; teamId?: string }): Identity {
  const parsed = HeaderSchema.safeParse({ role: raw.role || undefined, actorId: raw.actorId || undefined, teamId: raw.teamId || undefined })
  if (!parsed.success) throw new AppError('unauthorized', `Unrecognised identity: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const { role, actorId, teamId } = parsed.data
  if (role === 'team' && !teamId) throw new AppError('unauthorized', `A team member must name the team (${HEADERS.teamId})`)
  const actor: Actor = role === 'team' ? { kind: 'team', id: teamId! } : { kind: role, id: actorId ?? null }
  return { role, actor, teamId: teamId ?? null }
}

export type IdentityEnv = { Variables: { identity: Identity; requestId: string } }

export const identity = (): MiddlewareHandler<IdentityEnv> => async (c, next) => {
  c.set('identity', resolveIdentity({ role: c.req.header(HEADERS.role), actorId: c.req.header(HEADERS.actorId), teamId: c.req.header(HEADERS.teamId) }))
  await next()
}

export function requireRole(...roles: Role[]): MiddlewareHandler<IdentityEnv> {
  return async (c, next) => {
    const { role } = c.get('identity')
    if (!roles.includes(role)) {
      throw new AppError(role === 'citizen' ? 'unauthorized' : 'forbidden', `This action needs one of the roles: ${roles.join(', ')}`)
    }
    await next()
  }
}

export const DISPATCH_ROLES: Role[] = ['dispatcher', 'admin']
export const READ_ROLES: Role[] = ['dispatcher', 'admin', 'viewer']
