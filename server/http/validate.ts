import type { Context, MiddlewareHandler } from 'hono'
import type { z } from 'zod'
import { AppError, fromZod } from '../errors.js'

/** Parses the JSON body with a zod schema; malformed JSON and bad fields are 400s naming the field. */
export async function body<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown
  try {
    raw = await c.req.json()
  } catch {
    throw new AppError('validation_failed', 'The request body must be valid JSON', [{ path: '(body)', message: 'invalid JSON' }])
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw fromZod(parsed.error)
  return parsed.data
}

export function query<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query())
  if (!parsed.success) throw fromZod(parsed.error, 'query')
  return parsed.data
}

export function param<S extends z.ZodType>(c: Context, name: string, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.param(name))
  if (!parsed.success) throw fromZod(parsed.error, `path.${name}`)
  return parsed.data
}

/**
 * Checks path parameters as a middleware, for routes whose later middleware reads the path
 * before the handler does: the idempotency lookup keys on the path, so a malformed id (a NUL,
 * say) must be a 400 here rather than reach the database there.
 */
export function validParams(schemas: Record<string, z.ZodType>): MiddlewareHandler {
  return async (c, next) => {
    for (const [name, schema] of Object.entries(schemas)) param(c, name, schema)
    await next()
  }
}
