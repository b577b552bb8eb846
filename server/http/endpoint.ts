import type { Context, Hono, MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { pathParams, type EndpointOutput, type EndpointParsed, type EndpointSpec } from '@shared/endpoint.js'
import { fromZod } from '../errors.js'
import { authorize, type Caller, type Identity, type IdentityEnv } from './identity.js'
import { idempotent, type FindAnswer } from './idempotency.js'
import type { ApiDocs } from './openapi.js'
import { body as parseBody } from './validate.js'

/** What a handler gets: the inputs as its declaration's schemas parsed them, and who is calling. */
export type HandlerInput<E extends EndpointSpec> = EndpointParsed<E> & {
  who: Identity
  /** The caller as service read methods take it (identity and request id, for the access log). */
  caller: Caller
  /** For what only HTTP knows: headers, a raw body, a cookie, a file answer. */
  c: Context<IdentityEnv>
}

/** A handler answers with its declared output (sent as JSON with the declared status), or a whole Response (a file). */
export type Handler<E extends EndpointSpec> = (input: HandlerInput<E>) => Promise<EndpointOutput<E> | Response> | EndpointOutput<E> | Response

/** Binds a handler to its declaration: the route, its checks and its OpenAPI entry in one step. */
export type Bind = <const E extends EndpointSpec>(spec: E, handler: Handler<E>) => void

/**
 * The one way an endpoint is served. For each declaration (shared/endpoints/) it registers,
 * in this order: the permission check (the policy table; none for 'public'), the path and
 * query parsed with the declared schemas (before idempotency, which keys on the path, so a
 * malformed id is a 400 here rather than reach the database there), the Idempotency-Key
 * lookup when declared, the JSON body parsed, the handler; and the same declaration becomes
 * the endpoint's OpenAPI entry. Decision 019.
 */
export function endpointBinder(app: Hono<IdentityEnv>, docs: ApiDocs, findAnswer: FindAnswer): Bind {
  const parsed = new WeakMap<Context, { params: unknown; query: unknown }>()
  return (spec, handler) => {
    const inPath = pathParams(spec.path).sort()
    const declared = Object.keys(spec.params?.shape ?? {}).sort()
    if (inPath.join() !== declared.join()) throw new Error(`${spec.method.toUpperCase()} ${spec.path}: path parameters [${inPath}] but schemas for [${declared}]`)
    if (spec.body && spec.rawBody) throw new Error(`${spec.method.toUpperCase()} ${spec.path}: a JSON body or a raw one, not both`)
    const status = spec.status ?? 200

    const check: MiddlewareHandler<IdentityEnv> = async (c, next) => {
      if (spec.action !== 'public') authorize(c.get('identity'), spec.action)
      let params: unknown
      if (spec.params) {
        const p = spec.params.safeParse(c.req.param())
        if (!p.success) throw fromZod(p.error, 'path')
        params = p.data
      }
      let query: unknown
      if (spec.query) {
        const q = spec.query.safeParse(c.req.query())
        if (!q.success) throw fromZod(q.error, 'query')
        query = q.data
      }
      parsed.set(c, { params, query })
      await next()
    }
    const serve: MiddlewareHandler<IdentityEnv> = async (c) => {
      const { params, query } = parsed.get(c)!
      const body = spec.body ? await parseBody(c, spec.body) : undefined
      const who = c.get('identity')
      const input = { params, query, body, who, caller: { who, requestId: c.get('requestId') }, c } as HandlerInput<typeof spec>
      const out = await handler(input)
      if (out instanceof Response) return out
      if (status === 204) return c.body(null, 204)
      return c.json(out as never, status as ContentfulStatusCode)
    }
    const chain = spec.idempotent ? [check, idempotent(findAnswer, status), serve] : [check, serve]
    // (The tuple type only picks Hono's overload for a list of handlers.)
    app.on(spec.method.toUpperCase(), [spec.path], ...(chain as [MiddlewareHandler<IdentityEnv>]))
    docs.register(spec)
  }
}
