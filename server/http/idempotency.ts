import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { HEADERS } from '@shared/api.js'
import type { StoredAnswer } from '../db/idempotency.repository.js'
import { idempotencyStore } from '../db/transaction.js'
import { AppError } from '../errors.js'
import type { IdentityEnv } from './identity.js'

const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,128}$/

/**
 * Makes a POST safe to retry (phones on flaky networks). With an Idempotency-Key header, the
 * first successful response is stored in the same transaction as the change it made
 * (db/transaction.ts), so a retry — even one racing the original — gets that response back
 * and never makes a second incident, event or handover. A key reused for a different body is
 * refused. Keys are scoped to the route and caller. `find` reads a stored answer (createApp
 * binds it to the idempotency repository, so no route holds the database).
 */
export type FindAnswer = (scope: string, key: string) => Promise<StoredAnswer | null>

export function idempotent(find: FindAnswer, status: number): MiddlewareHandler<IdentityEnv> {
  return async (c, next) => {
    const key = c.req.header(HEADERS.idempotencyKey)
    if (!key) return next()
    if (!KEY_PATTERN.test(key)) {
      throw new AppError('validation_failed', `${HEADERS.idempotencyKey} must be 8-128 letters, digits or - _ : .`, [{ path: `header.${HEADERS.idempotencyKey}`, message: 'invalid format' }])
    }
    const raw = await c.req.raw.clone().text()
    const requestHash = createHash('sha256').update(raw).digest('hex')
    const who = c.get('identity')
    // The path as sent, still percent-encoded: c.req.path is decoded and could carry a NUL,
    // which Postgres refuses (routes also validate their path parameters before this runs).
    const scope = `${c.req.method} ${new URL(c.req.url).pathname} ${who.role}:${who.actor.id ?? ''}`
    const replay = async () => {
      const row = await find(scope, key)
      if (!row) return null
      if (row.requestHash !== requestHash) {
        throw new AppError('idempotency_key_reused', `${HEADERS.idempotencyKey} ${key} was already used for a different request`)
      }
      c.header('Idempotent-Replayed', 'true')
      // What the first request answered (a JSON body and a success status, stored by transaction.ts).
      return c.json(row.body as object, row.status as ContentfulStatusCode)
    }
    const stored = await replay()
    if (stored) return stored
    const ctx = { scope, key, requestHash, status, saved: false }
    await idempotencyStore.run(ctx, () => next())
    // Hono turns a thrown error into c.error plus the onError response. If the request failed
    // because a concurrent retry with the same key committed first (a unique violation on the
    // key, or a conflict with the state that retry created), answer as that retry did.
    if (c.error) {
      const again = await replay().catch(() => null)
      if (again) {
        c.error = undefined
        c.res = undefined as never
        c.res = again
      }
    }
  }
}
