import { urlOf, type EndpointInput, type EndpointOutput, type EndpointSpec } from './endpoint.js'

/** One HTTP request, as a typed call turns into it. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  /** Path and query, relative to the server (`/api/teams/…?…`). */
  url: string
  /** The JSON body, when the endpoint declares one. */
  body?: unknown
}

/**
 * Where an endpoint is: its method and path. A browser page names it by these two literals and
 * takes the rest of the declaration as a type only (`import type`), so the page ships no zod
 * schemas; the compiler still checks that the literals are the declaration's.
 */
export type EndpointRoute<E extends EndpointSpec> = Pick<E, 'method' | 'path'>

/** The request for calling an endpoint with these inputs. */
export function requestOf<E extends EndpointSpec>(route: EndpointRoute<E>, input: EndpointInput<E>): ApiRequest {
  const { params, query, body } = input as { params?: object; query?: object; body?: unknown }
  return { method: route.method.toUpperCase() as ApiRequest['method'], url: urlOf(route, { params, query }), body }
}

/**
 * A typed client over any transport: the inputs and the answer's type come from the endpoint's
 * declaration (shared/endpoints/), the same the server validates with, so the client cannot
 * send what the server's schema refuses without the compiler saying so. `send` does the HTTP
 * (cookies, tokens, retries) and answers the parsed JSON of a success, or throws.
 * `Extra` is what the transport needs per call besides the inputs (a test's role, a signal).
 */
export function apiClient<Extra extends object = Record<never, never>>(send: (req: ApiRequest, spec: EndpointSpec, extra: Extra) => Promise<unknown>) {
  return <E extends EndpointSpec>(spec: E, input: EndpointInput<E> & Extra): Promise<EndpointOutput<E>> => send(requestOf(spec, input), spec, input) as Promise<EndpointOutput<E>>
}
