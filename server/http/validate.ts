import type { Context } from 'hono'
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
