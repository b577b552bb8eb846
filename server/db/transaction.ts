import { AsyncLocalStorage } from 'node:async_hooks'
import type postgres from 'postgres'
import type { LogEvent, NewEvent } from '../../shared/events.js'
import type { Clock } from '../clock.js'
import type { Database } from './database.js'
import type { Effect, React } from '../effects.js'
import { eventsRepository } from '../events/events.repository.js'
import { idempotencyRepository } from './idempotency.repository.js'

export type Tx = postgres.TransactionSql
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
    let logged: LogEvent[] = []
    let result: T
    try {
      result = (await db.sql.begin(async (tx) => {
        const value = await fn(tx, uow)
        const idem = idempotencyStore.getStore()
        if (idem && !idem.saved) {
          await idempotencyRepository.save(tx, { scope: idem.scope, key: idem.key, requestHash: idem.requestHash, status: idem.status, body: idem.toBody ? idem.toBody(value) : value }, clock.now())
          idem.saved = true
        }
        // Last, so the lock that orders the log is held from here to COMMIT only.
        if (uow.events.length > 0) {
          logged = await eventsRepository.append(tx, uow.events, clock.now(), db.kind === 'postgres' ? opts.processId : null)
          opts.listener.reserved(logged.map((e) => e.seq))
        }
        return value
      })) as T
    } catch (err) {
      if (logged.length) opts.listener.aborted(logged.map((e) => e.seq))
      throw err
    }
    if (logged.length) opts.listener.committed(logged)
    for (const effect of uow.effects) await opts.react(effect)
    return result
  }
}
