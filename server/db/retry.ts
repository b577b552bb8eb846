import type { Transactor } from './transaction.js'

/**
 * Postgres aborts a transaction with 40P01 (deadlock detected) or 40001 (serialization
 * failure) when it cannot order it against another; nothing was committed and running it
 * again is the documented remedy (https://www.postgresql.org/docs/current/mvcc-serialization-failure-handling.html).
 * The paths that change a team and its case lock in one order (docs/decisions/003-assignment.md),
 * so these should be rare; when one happens the caller gets the outcome of a clean retry, not a 500.
 */
export const TRANSIENT_SQLSTATES: ReadonlySet<string> = new Set(['40P01', '40001'])
/** Attempts in all, the first included: a transient failure that repeats this often is not transient. */
export const MAX_TRANSACTION_ATTEMPTS = 4

export function isTransientFailure(err: unknown): boolean {
  return TRANSIENT_SQLSTATES.has((err as { code?: string } | null)?.code ?? '')
}

/** Wraps a transactor so a transaction aborted by a deadlock or serialization failure runs again. */
export function retryTransient(transaction: Transactor, attempts = MAX_TRANSACTION_ATTEMPTS): Transactor {
  return async function retrying(fn) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(fn)
      } catch (err) {
        if (attempt >= attempts || !isTransientFailure(err)) throw err
        // A short, jittered pause lets the transaction that won finish before we queue again.
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt))
      }
    }
  }
}
