import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Actor } from '@shared/events.js'
import { permits, type Action } from '../auth/policy.js'
import { AppError } from '../errors.js'

export { ROLES, type Role } from '@shared/permissions.js'
import type { Role } from '@shared/permissions.js'

export const SESSION_COOKIE = 'trc_session'
export const CSRF_HEADER = 'X-CSRF-Token'

export interface Identity {
  role: Role
  actor: Actor
  teamId: string | null
  /** For facility staff: the destination they work at. */
  destinationId: string | null
  userId: string | null
  sessionId: string | null
  /** How the caller proved who they are; cookie callers must also send the CSRF token. */
  via: 'cookie' | 'bearer' | null
  csrfToken: string | null
  expiresAt: Date | null
}

/** Who is asking and in which request: what service read methods take, for ownership, redaction and the access log. */
export interface Caller {
  who: Identity
  requestId: string | null
}

export const CITIZEN: Identity = {
  role: 'citizen',
  actor: { kind: 'citizen', id: null },
  teamId: null,
  destinationId: null,
  userId: null,
  sessionId: null,
  via: null,
  csrfToken: null,
  expiresAt: null,
}

/** Session ids are the SHA-256 of the token the client holds. */
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex')

/** Resolves a session token to an identity (null when unknown, expired, revoked or disabled). */
export type Authenticator = (token: string) => Promise<Omit<Identity, 'via'> | null>

export type IdentityEnv = { Variables: { identity: Identity; requestId: string } }

/**
 * The one place that decides who is calling: a session cookie (browsers) or a bearer token
 * (phone apps, integrators), both naming a server-side session. Without either the caller is
 * a citizen. State-changing requests authenticated by cookie must carry the session's CSRF
 * token in a header, which a cross-site page cannot read or forge.
 */
export function identity(authenticate: Authenticator): MiddlewareHandler<IdentityEnv> {
  return async (c, next) => {
    const bearer = c.req.header('Authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]
    const cookie = getCookie(c, SESSION_COOKIE)
    const token = bearer ?? cookie
    let who: Identity = CITIZEN
    if (token) {
      const found = await authenticate(token)
      if (!found && bearer) throw new AppError('unauthorized', 'The session has expired or was ended; sign in again')
      if (found) who = { ...found, via: bearer ? 'bearer' : 'cookie' }
    }
    if (who.via === 'cookie' && !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
      if (c.req.header(CSRF_HEADER) !== who.csrfToken) throw new AppError('forbidden', `Missing or wrong ${CSRF_HEADER} header`)
    }
    c.set('identity', who)
    await next()
  }
}

export function authorize(who: Identity, action: Action): void {
  if (permits(who.role, action)) return
  if (who.role === 'citizen') throw new AppError('unauthorized', 'Sign in to do this')
  throw new AppError('forbidden', `A ${who.role} may not do this (${action})`)
}
