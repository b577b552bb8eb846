import { Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { AccessLogEntrySchema, CreateUserSchema, LoginSchema, SessionInfoSchema, UpdateUserSchema, UserSchema } from '../../shared/auth.js'
import type { Config } from '../config.js'
import { AppError } from '../errors.js'
import { allow, SESSION_COOKIE, type IdentityEnv } from '../http/identity.js'
import type { ApiDocs } from '../http/openapi.js'
import { clientIp } from '../http/rate-limit.js'
import { body, param, query } from '../http/validate.js'
import type { Services } from '../services.js'
import { PERMISSIONS } from './policy.js'

export function authRoutes(s: Services, docs: ApiDocs, config: Config) {
  const secure = config.COOKIE_SECURE ?? Boolean(config.PUBLIC_URL?.startsWith('https:'))
  const admin = [...PERMISSIONS['users.manage']]
  docs.describe({ method: 'post', path: '/api/auth/login', tag: 'Accounts', summary: 'Sign in: sets an HttpOnly session cookie; send the returned csrfToken as X-CSRF-Token on changes', roles: 'public', body: LoginSchema, response: SessionInfoSchema })
  docs.describe({ method: 'post', path: '/api/auth/logout', tag: 'Accounts', summary: 'Sign out (ends the session)', roles: 'public' })
  docs.describe({ method: 'get', path: '/api/auth/me', tag: 'Accounts', summary: 'The signed-in account and its CSRF token', roles: 'public', response: SessionInfoSchema })
  docs.describe({ method: 'get', path: '/api/users', tag: 'Accounts', summary: 'All accounts', roles: admin, response: z.array(UserSchema) })
  docs.describe({ method: 'post', path: '/api/users', tag: 'Accounts', summary: 'Create an account', roles: admin, body: CreateUserSchema, response: UserSchema, status: 201 })
  docs.describe({ method: 'patch', path: '/api/users/:id', tag: 'Accounts', summary: 'Rename, change the role or team, reset the password, disable or enable; a new role, team or password or disabling ends the account’s sessions and sockets at once', roles: admin, body: UpdateUserSchema, response: UserSchema })
  docs.describe({ method: 'get', path: '/api/access-log', tag: 'Accounts', summary: 'Who read which person’s record, newest first', roles: [...PERMISSIONS['access_log.read']], response: z.array(AccessLogEntrySchema) })

  const auth = new Hono<IdentityEnv>()
    .post('/login', async (c) => {
      const input = await body(c, LoginSchema)
      const ip = clientIp(c, config.TRUST_PROXY)
      // Counted before the password is hashed; a wrong password keeps its point, anything else
      // (a success, or a sign-in refused before any password was checked) gives it back.
      const attempt = await s.limits.beginLogin(ip, input.username)
      let session
      try {
        session = await s.auth.login(input.username, input.password, ip)
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'unauthorized')) await attempt.refund()
        throw err
      }
      await attempt.refund()
      // Max-Age (the session's length), not Expires (a date): the browser counts it from its own
      // clock, so a server clock ahead or behind neither drops the cookie at once nor crosses the
      // 400-day cap (RFC 6265bis, "cookie lifetime limits") on which hono's setCookie throws. The session's expiry
      // itself is kept and checked on the server.
      setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge: Math.round(config.SESSION_TTL_HOURS * 3600) })
      const { token, ...info } = session
      return c.json(input.issueToken ? { ...info, token } : info)
    })
    .post('/logout', async (c) => {
      await s.auth.logout(c.get('identity'))
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure })
      return c.json({ ok: true })
    })
    .get('/me', async (c) => c.json(await s.auth.me(c.get('identity'))))

  const users = new Hono<IdentityEnv>()
    .get('/', allow('users.manage'), async (c) => c.json(await s.auth.listUsers()))
    .post('/', allow('users.manage'), async (c) => c.json(await s.auth.createUser(await body(c, CreateUserSchema), { by: c.get('identity').actor }), 201))
    .patch('/:id', allow('users.manage'), async (c) => {
      const id = param(c, 'id', z.uuid())
      return c.json(await s.auth.updateUser(id, await body(c, UpdateUserSchema), c.get('identity')))
    })

  const AccessQuery = z.object({ recordId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) })
  const accessLog = new Hono<IdentityEnv>().get('/', allow('access_log.read'), async (c) => c.json(await s.auth.accessLog(query(c, AccessQuery))))

  return { auth, users, accessLog }
}
