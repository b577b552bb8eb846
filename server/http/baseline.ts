import { randomUUID } from 'node:crypto'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { MiddlewareHandler } from 'hono'
import { HEADERS } from '@shared/api.js'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'
import { chooseEncoding, compressFinished } from './compression.js'
import type { IdentityEnv } from './identity.js'
import { sanitizeClientRequestId } from './request-id.js'
import { fixedSecurityHeaders, HSTS } from './security.js'

/**
 * What every HTTP request gets, in two places chosen for speed (the position ingest is the
 * hottest path: a phone per team, every few seconds):
 *
 * 1. `withBaselineHeaders` wraps the Node request listener and writes the fixed headers on the
 *    Node response before Hono runs: our request id, the security headers (CSP, frame, nosniff,
 *    HSTS over HTTPS), `Vary: Accept-Encoding` and, on the API, `Cache-Control: no-store`.
 *    Node merges them with the headers of the response Hono writes, and Hono's win, so a route
 *    that sets its own Cache-Control (the public service area) still does. Set through Hono
 *    (`c.header` before the route), they made every answer carry a `Headers` object, which takes
 *    @hono/node-server off its fast path for plain JSON answers.
 * 2. `requestBaseline` is the one Hono middleware around every route: it exposes the request id
 *    to the routes (error bodies, the access log), compresses the finished response when the
 *    client accepts it, and writes the request log line. One middleware instead of four (request
 *    id, log, compression, no-store) is three fewer async hops per request.
 */

const REQUEST_ID = Symbol('trc.requestId')
type Tagged = IncomingMessage & { [REQUEST_ID]?: string }

/** API answers carry personal data and per-user state: no browser or proxy may keep them. */
const isApi = (url: string | undefined) => url !== undefined && (url.startsWith('/api/') || url === '/api' || url.startsWith('/api?'))

export async function withBaselineHeaders(config: Config, listener: RequestListener): Promise<RequestListener> {
  const fixed = await fixedSecurityHeaders(config)
  const httpsPublic = Boolean(config.PUBLIC_URL?.startsWith('https:'))
  return (req: IncomingMessage, res: ServerResponse) => {
    const id = randomUUID()
    ;(req as Tagged)[REQUEST_ID] = id
    res.setHeader(HEADERS.requestId, id)
    for (const [k, v] of fixed) res.setHeader(k, v)
    if (httpsPublic || (req.socket as TLSSocket).encrypted) res.setHeader('Strict-Transport-Security', HSTS)
    res.setHeader('Vary', 'Accept-Encoding')
    if (isApi(req.url)) res.setHeader('Cache-Control', 'no-store')
    return listener(req, res)
  }
}

export function requestBaseline(logger: Logger): MiddlewareHandler<IdentityEnv> {
  return async (c, next) => {
    const start = performance.now()
    const incoming = (c.env as { incoming?: Tagged } | undefined)?.incoming
    let id = incoming?.[REQUEST_ID]
    if (!id) {
      // Not served through withBaselineHeaders (an in-process request): the header comes from here.
      id = randomUUID()
      c.header(HEADERS.requestId, id)
    }
    c.set('requestId', id)
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'))
    await next()
    if (encoding) await compressFinished(c, encoding)
    // Ids, path and timing only: no bodies, no query strings (they may hold personal data).
    logger.info('request', {
      requestId: id,
      clientRequestId: sanitizeClientRequestId(c.req.header(HEADERS.requestId)),
      method: c.req.method,
      path: c.req.routePath ?? c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - start),
    })
  }
}
