import { requestOf, type EndpointRoute } from '@shared/api-client.js'
import type { EndpointInput, EndpointOutput, EndpointSpec } from '@shared/endpoint.js'
import { api, type RequestOptions } from './api.js'

/**
 * A typed call (its own module, so a page that makes none, such as the citizen's, does not
 * carry the path and query builder): `E` is the endpoint's declaration, imported as a type only
 * (`import type { incidentEndpoints } from 'shared/endpoints/incidents'`), so no zod schema
 * reaches the page; `route` repeats its method and path as literals, which the compiler checks
 * against the declaration. Inputs and answer are typed from the declaration's schemas.
 */
export function call<E extends EndpointSpec>(route: EndpointRoute<E>, input: EndpointInput<E>, opts: Omit<RequestOptions, 'body' | 'raw'> = {}): Promise<EndpointOutput<E>> {
  const req = requestOf(route, input)
  return api<EndpointOutput<E>>(req.method, req.url, { ...opts, body: req.body })
}
