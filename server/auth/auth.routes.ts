import { deleteCookie, setCookie } from 'hono/cookie'
import { authEndpoints as api } from '@shared/endpoints/auth.js'
import type { Config } from '../config.js'
import { AppError } from '../errors.js'
import type { Bind } from '../http/endpoint.js'
import { SESSION_COOKIE } from '../http/identity.js'
import { clientIp } from '../http/rate-limit.js'
import type { Services } from '../services.js'

export function authRoutes(on: Bind, s: Services, config: Config) {
  const secure = config.COOKIE_SECURE ?? Boolean(config.PUBLIC_URL?.startsWith('https:'))

  on(api.login, async ({ body: input, c }) => {
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
    // 400-day cap (RFC 6265bis, "cookie lifetime limits") on which hono's setCookie throws. The
    // session's expiry itself is kept and checked on the server.
    setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge: Math.round(config.SESSION_TTL_HOURS * 3600) })
    const { token, ...info } = session
    return input.issueToken ? { ...info, token } : info
  })
  on(api.logout, async ({ who, c }) => {
    await s.auth.logout(who)
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure })
    return { ok: true as const }
  })
  on(api.me, ({ who }) => s.auth.me(who))

  on(api.users, () => s.auth.listUsers())
  on(api.createUser, ({ body, who }) => s.auth.createUser(body, { by: who.actor }))
  on(api.updateUser, ({ params, body, who }) => s.auth.updateUser(params.id, body, who))
  on(api.accessLog, ({ query }) => s.auth.accessLog(query))
}
