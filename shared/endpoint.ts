import type { z } from 'zod'
import type { Action } from './permissions.js'

/**
 * One declaration per HTTP endpoint: its method and path, the permission it needs, the zod
 * schemas of its inputs and answer, and its OpenAPI words. The server binds a handler to it
 * (server/http/endpoint.ts: routing, validation, the permission check and the OpenAPI entry
 * all read this one object, so they cannot drift); clients derive their request and answer
 * types from it (shared/api-client.ts). Schemas only: nothing here may import server code.
 * Decision 019.
 */
export interface EndpointSpec {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete'
  /** The full path, parameters as `:name` (Hono's syntax; OpenAPI's `{name}` is derived). */
  path: string
  /** The permission table's action (shared/permissions.ts), or 'public' for no check at all. */
  action: Action | 'public'
  tag: string
  summary: string
  /** One schema per `:name` in the path (checked when the server binds the endpoint). */
  params?: z.ZodObject
  query?: z.ZodObject
  /** A JSON body. */
  body?: z.ZodType
  /** A raw body instead of JSON (a photo, a scan), of these media types; the handler reads it. */
  rawBody?: readonly string[]
  /** The JSON answer. */
  response?: z.ZodType
  /** A non-JSON answer of these media types (a photo, a PDF, a CSV); the handler builds it. */
  produces?: readonly string[]
  /** The success status (default 200; 204 answers with no body). */
  status?: number
  /** Takes an Idempotency-Key header (server/http/idempotency.ts). */
  idempotent?: boolean
}

/** Declares an endpoint, keeping its literal types (path, method, schemas) for the typed client. */
export function endpoint<const E extends EndpointSpec>(spec: E): E {
  return spec
}

/** A field that may be left out when everything in it is optional. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "does {} fit T" asks whether every field is optional
type Field<K extends string, T> = {} extends T ? { [P in K]?: T } : { [P in K]: T }
type SchemaField<E, K extends 'params' | 'query' | 'body', Mode extends 'in' | 'out'> = E extends { [P in K]: infer S extends z.ZodType }
  ? Mode extends 'in'
    ? Field<K, z.input<S>>
    : { [P in K]: z.output<S> }
  : Mode extends 'in'
    ? { [P in K]?: never }
    : { [P in K]: undefined }

/** What a client sends to an endpoint (before the server's parsing: defaults may be left out). */
export type EndpointInput<E extends EndpointSpec> = SchemaField<E, 'params', 'in'> & SchemaField<E, 'query', 'in'> & SchemaField<E, 'body', 'in'>
/** What the handler receives: the inputs as the schemas parsed them. */
export type EndpointParsed<E extends EndpointSpec> = SchemaField<E, 'params', 'out'> & SchemaField<E, 'query', 'out'> & SchemaField<E, 'body', 'out'>
/** The endpoint's JSON answer; `void` for a 204, `unknown` when it declares none (a file). */
export type EndpointOutput<E extends EndpointSpec> = E extends { response: infer R extends z.ZodType } ? z.output<R> : E extends { status: 204 } ? void : unknown

/** The parameter names in a path, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!)
}

/** The URL of a call: path parameters filled in and encoded, the query appended. */
export function urlOf(spec: Pick<EndpointSpec, 'method' | 'path'>, input: { params?: object; query?: object }): string {
  const params = (input.params ?? {}) as Record<string, unknown>
  const path = spec.path.replace(/:(\w+)/g, (_, name: string) => {
    const v = params[name]
    if (v === undefined || v === null) throw new Error(`${spec.method.toUpperCase()} ${spec.path}: missing path parameter ${name}`)
    return encodeURIComponent(String(v))
  })
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
    if (v === undefined || v === null) continue
    for (const one of Array.isArray(v) ? v : [v]) search.append(k, one instanceof Date ? one.toISOString() : String(one))
  }
  const qs = search.toString()
  return qs ? `${path}?${qs}` : path
}
