import { AsyncLocalStorage } from 'node:async_hooks'
import type postgres from 'postgres'
import type { Actor, EventType } from '../../shared/events.js'
import type { Clock } from '../clock.js'
import type { Database } from './database.js'

export type Tx = postgres.TransactionSql
/** A query runner: the pool or a transaction. */
export type Q = postgres.Sql | Tx

export interface NewEvent {
  type: EventType
  actor: Actor
  incidentId?: string | null
  teamId?: string | null
  destinationId?: string | null
  before?: unknown
  after?: unknown
  data?: Record<string, unknown> | null
}

/** What a transaction will log, and what to do once it has committed. */
export class UnitOfWork {
  readonly events: NewEvent[] = []
  readonly afterCommit: Array<() => void | Promise<void>> = []
  log(event: NewEvent): void {
    this.events.push(event)
  }
  onCommit(fn: () => void | Promise<void>): void {
    this.afterCommit.push(fn)
  }
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

/** Arbitrary constant naming the advisory lock taken before events are appended. */
const EVENT_LOG_LOCK = 73_110_002
export const EVENTS_CHANNEL = 'trc_events'

export type Transactor = <T>(fn: (tx: Tx, uow: UnitOfWork) => Promise<T>) => Promise<T>

/**
 * Runs `fn` in a transaction and appends the events it logged in the same transaction.
 *
 * Event rows are written last, under a transaction-scoped advisory lock, so sequence numbers
 * are handed out in commit order: a reader that has seen seq N has seen everything below N.
 * That is what lets reconnecting clients catch up with "seq > N" without gaps, even with
 * several server processes. The price is that event-writing commits are serialised, which is
 * cheap next to the row locks they already take.
 */
export function createTransactor(
  db: Database,
  clock: Clock,
  onCommitted: (uow: UnitOfWork) => void,
): Transactor {
  return async function transaction<T>(fn: (tx: Tx, uow: UnitOfWork) => Promise<T>): Promise<T> {
    const uow = new UnitOfWork()
    const result = (await db.sql.begin(async (tx) => {
      const value = await fn(tx, uow)
      if (uow.events.length > 0) {
        await tx`select pg_advisory_xact_lock(${EVENT_LOG_LOCK})`
        const at = clock.now()
        const rows = uow.events.map((e) => ({
          at,
          type: e.type,
          actor: e.actor,
          incident_id: e.incidentId ?? null,
          team_id: e.teamId ?? null,
          destination_id: e.destinationId ?? null,
          before: e.before ?? null,
          after: e.after ?? null,
          data: e.data ?? null,
        }))
        for (const r of rows) {
          await tx`insert into events (at, type, actor, incident_id, team_id, destination_id, before, after, data)
            values (${r.at}, ${r.type}, ${tx.json(r.actor as never)}, ${r.incident_id}, ${r.team_id},
              ${r.destination_id}, ${json(tx, r.before)}, ${json(tx, r.after)}, ${json(tx, r.data)})`
        }
        if (db.kind === 'postgres') await tx`select pg_notify(${EVENTS_CHANNEL}, '')`
      }
      const idem = idempotencyStore.getStore()
      if (idem && !idem.saved) {
        await tx`insert into idempotency_keys (scope, key, request_hash, status, body, created_at)
          values (${idem.scope}, ${idem.key}, ${idem.requestHash}, ${idem.status},
            ${tx.json(JSON.parse(JSON.stringify((idem.toBody ? idem.toBody(value) : value) ?? null)))}, ${clock.now()})`
        idem.saved = true
      }
      return value
    })) as T
    onCommitted(uow)
    for (const fn of uow.afterCommit) await fn()
    return result
  }
}

function json(tx: Tx, v: unknown) {
  return v === null || v === undefined ? null : tx.json(JSON.parse(JSON.stringify(v)))
}
