import { randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { HEADERS } from '../../shared/api.js'
import type { IdentityEnv } from './identity.js'

/** The longest client request id we keep; anything longer is cut. */
export const MAX_CLIENT_REQUEST_ID = 64

/**
 * A client's own X-Request-Id, reduced to characters that cannot forge a log line or a
 * column (letters, digits, `.`, `_`, `:`, `-`) and at most MAX_CLIENT_REQUEST_ID of them;
 * null when nothing is left.
 */
export function sanitizeClientRequestId(raw: string | undefined): string | null {
  if (!raw) return null
  const clean = raw.replace(/[^A-Za-z0-9._:-]/g, '').slice(0, MAX_CLIENT_REQUEST_ID)
  return clean || null
}

/**
 * Every request gets an id we generate (in logs, the access log, error bodies and the
 * X-Request-Id response header), so no client can make its requests look like other ones.
 * The client's own id is kept apart (`clientRequestId` in the request log line, sanitised) for
 * correlating with the client's logs.
 */
export function requestIds(): MiddlewareHandler<IdentityEnv> {
  return async (c, next) => {
    const id = randomUUID()
    c.set('requestId', id)
    c.header(HEADERS.requestId, id)
    await next()
  }
}
