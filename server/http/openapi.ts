import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import { HEADERS } from '@shared/api.js'
import { ErrorBodySchema } from '@shared/errors.js'
import type { EndpointSpec } from '@shared/endpoint.js'
import { PERMISSIONS } from '@shared/permissions.js'

/**
 * The OpenAPI document, built from the same endpoint declarations (shared/endpoints/) the
 * server routes, validates and authorizes with (http/endpoint.ts registers each one here as
 * it binds its handler), so it cannot drift from what the server accepts.
 */
export class ApiDocs {
  readonly registry = new OpenAPIRegistry()

  register(spec: EndpointSpec): void {
    const binary = (types: readonly string[]) => Object.fromEntries(types.map((t) => [t, { schema: { type: 'string' as const, format: 'binary' } }]))
    this.registry.registerPath({
      method: spec.method,
      path: spec.path.replace(/:(\w+)/g, '{$1}'),
      summary: spec.summary,
      tags: [spec.tag],
      // "Roles: …." is read by test/fuzz.test.ts to call each operation as a role that may.
      description: spec.action === 'public' ? 'Public: no account needed.' : `Roles: ${PERMISSIONS[spec.action].join(', ')}. Permission \`${spec.action}\`.`,
      request: {
        params: spec.params,
        query: spec.query,
        headers: spec.idempotent ? z.object({ [HEADERS.idempotencyKey]: z.string().optional() }) : undefined,
        body: spec.body ? { content: { 'application/json': { schema: spec.body } } } : spec.rawBody ? { content: binary(spec.rawBody) } : undefined,
      },
      responses: {
        [spec.status ?? 200]: {
          description: 'Success',
          content: spec.response ? { 'application/json': { schema: spec.response } } : spec.produces ? binary(spec.produces) : undefined,
        },
        '4XX': { description: 'The request was refused; `error.issues` names the fields', content: { 'application/json': { schema: ErrorBodySchema } } },
      },
    })
  }

  document(serverUrl?: string) {
    return new OpenApiGeneratorV31(this.registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: { title: 'TRC Dispatch API', version: '0.1.0', description: 'Rapid-response dispatch for social services. Errors always have the shape `{ error: { code, message, issues? } }`.' },
      servers: serverUrl ? [{ url: serverUrl }] : [],
    })
  }
}
