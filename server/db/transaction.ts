import { AsyncLocalStorage } from 'node:async_hooks'
import type postgres from 'postgres'
import type { LogEvent, NewEvent } from '@shared/events.js'
import type { Clock } from '../clock.js'
import type { Database } from './database.js'
import type { Effect, React } from '../effects.js'
import { eventsRepository } from '../events/events.repository.js'
import { idempotencyRepository } from './idempotency.repository.js'

/** A connection reserved for one transaction (the transactor sends its BEGIN and COMMIT). */
export type Tx = postgres.ReservedSql
/** A query runner: the pool or a transaction. */
export type Q = postgres.Sql | Tx

export type { NewEvent }

/** What a transaction will log, and the effects to react to once it has committed. */
export class UnitOfWork {
  readonly events: NewEvent[] = []
  readonly effects: Effect[] = []
  log(event: NewEvent): void {
    this.events.push(event)
  }
  /** Reported to createApp's reactions after COMMIT, never if the transaction rolls back. */
  effect(effect: Effect): void {
    this.effects.push(effect)
  }
}

/** Told where a transaction's events stand, so the relay can emit them in seq order. */
export interface EventLogListener {
  /** The events have their seqs; the transaction has not committed yet. */
  reserved(seqs: number[]): void
  /** The transaction committed: its events as the log holds them, in seq order. */
  committed(events: LogEvent[]): void
  /** The transaction failed after its events had seqs (rolled back, or its outcome unknown). */
  aborted(seqs: number[]): void
}

/** The idempotency key of the request being served, if it carries one (see http/idempotency.ts). */
export interface IdempotencyContext {
  scope: string
  key: string
  requestHash: string
  status: number
  saved: boolean
  /** Turns the transaction's result into the response body the route sends (default: as is). */
  toBody?: (result: any) => unknown
}

/**
 * Declares how the route turns a service result into its response, so the body stored for
 * replays is exactly what the first response carried. A no-op without an idempotency key.
 */
export function respondWith<T>(toBody: (result: T) => unknown): void {
  const ctx = idempotencyStore.getStore()
  if (ctx) ctx.toBody = toBody
}
export const idempotencyStore = new AsyncLocalStorage<IdempotencyContext>()

export type Transactor = <T>(fn: (tx: Tx, uow: UnitOfWork) => Promise<T>) => Promise<T>

/**
 * Runs `fn` in a transaction and appends the events it logged in the same transaction, in one
 * statement at its end (eventsRepository.append: it takes the lock that orders the log, so
 * whoever has seen seq N has seen every committed event below N; docs/decisions/007).
 * The transaction runs on a reserved connection with two writes fewer than postgres.js's
 * `begin`: BEGIN leaves with the first statement, and the append with COMMIT, so a report
 * costs two round trips to the database, not four (decision 007, "pipelined transactions").
 * After COMMIT the events go to `listener` as the log holds them (the relay emits them
 * without reading the log back), then the effects go to `react`, awaited, so a request that
 * frees a team returns after the queue has been offered to it.
 */
export function createTransactor(
  db: Database,
  clock: Clock,
  opts: { listener: EventLogListener; react: React; processId: string },
): Transactor {
  return async function transaction<T>(fn: (tx: Tx, uow: UnitOfWork) => Promise<T>): Promise<T> {
    const uow = new UnitOfWork()
    const tx: Tx = await db.sql.reserve()
    let logged: LogEvent[] = []
    let result: T
    try {
      // BEGIN is not awaited: it leaves in one write with the first statement of `fn`, which
      // Postgres runs after it on this connection. Its error, if any, surfaces below.
      const begun = tx`begin`.execute()
      begun.catch(() => {})
      try {
        result = await fn(tx, uow)
        await begun
      } catch (err) {
        await tx`rollback`.catch(() => {})
        throw err
      }
      // The end of the transaction in one write, without waiting between the statements: the
      // idempotency answer, the events (their append takes the lock that orders the log, so
      // it is held for this one round trip) and COMMIT. A failed statement aborts the
      // transaction, and Postgres answers the COMMIT that follows it with ROLLBACK.
      const idem = idempotencyStore.getStore()
      const saving = idem && !idem.saved ? idempotencyRepository.save(tx, { scope: idem.scope, key: idem.key, requestHash: idem.requestHash, status: idem.status, body: idem.toBody ? idem.toBody(result) : result }, clock.now()) : null
      const appending =
        uow.events.length > 0
          ? eventsRepository.append(tx, uow.events, clock.now(), db.kind === 'postgres' ? opts.processId : null).then((rows) => {
              logged = rows
              opts.listener.reserved(rows.map((e) => e.seq))
              return rows
            })
          : null
      const committing = tx`commit`.execute()
      const [saved, appended, commit] = await Promise.allSettled([saving, appending, committing])
      const failed = [saved, appended, commit].find((r) => r.status === 'rejected')
      if (failed) throw (failed as PromiseRejectedResult).reason
      const tag = (commit as PromiseFulfilledResult<{ command?: string }>).value.command
      if (tag !== 'COMMIT') throw new Error(`the transaction did not commit (Postgres answered ${tag})`)
      if (idem && saving) idem.saved = true
    } catch (err) {
      if (logged.length) opts.listener.aborted(logged.map((e) => e.seq))
      throw err
    } finally {
      tx.release()
    }
    if (logged.length) opts.listener.committed(logged)
    for (const effect of uow.effects) await opts.react(effect)
    return result
  }
}
