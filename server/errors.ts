import type { ZodError } from 'zod'
import type { ErrorCode, ErrorIssue } from '@shared/errors.js'

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_transition: 409,
  conflict: 409,
  destination_full: 409,
  idempotency_key_reused: 422,
  outside_service_area: 422,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
}

/** The one error type services throw; HTTP and socket layers map it to `{ error }`. */
export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message)
    this.name = 'AppError'
    this.status = STATUS[code]
  }
}

export const notFound = (what: string, id: string) => new AppError('not_found', `${what} ${id} was not found`)
export const conflict = (message: string) => new AppError('conflict', message)

export function fromZod(err: ZodError, prefix?: string): AppError {
  const at = (path: readonly PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.') || '(body)'
  // An unknown key (a strict schema) is named as the field, not as the object holding it.
  const issues = err.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ path: at([...i.path, k]), message: 'unknown field' })) : [{ path: at(i.path), message: i.message }]))
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ')
  return new AppError('validation_failed', `Invalid input: ${summary}`, issues)
}

/** Postgres unique-violation (23505), e.g. the one-assignment-per-team index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint_name?: string }
  return e?.code === '23505' && (!constraint || e.constraint_name === constraint)
}
