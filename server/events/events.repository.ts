import type { LogEvent, NewEvent } from '@shared/events.js'
import type { Q, Tx } from '../db/transaction.js'

/** A row of `events` as the driver returns it; its JSON columns are what the event's type says (checked when logged). */
interface EventsRow {
  seq: string | number
  at: Date
  type: LogEvent['type']
  actor: LogEvent['actor']
  incident_id: string | null
  team_id: string | null
  destination_id: string | null
  before: unknown
  after: unknown
  data: unknown
}

export function toLogEvent(r: EventsRow): LogEvent {
  return {
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    type: r.type,
    actor: r.actor,
    incidentId: r.incident_id,
    teamId: r.team_id,
    destinationId: r.destination_id,
    before: r.before,
    after: r.after,
    data: r.data,
  } as LogEvent
}

/** Arbitrary constant naming the advisory lock that orders the event log (docs/decisions/007). */
const EVENT_LOG_LOCK = 73_110_002
export const EVENTS_CHANNEL = 'trc_events'

/** A value as it reads back from a jsonb column (dates become strings, undefined fields go). */
const asJson = <T>(v: T): T => (v === undefined ? (null as T) : JSON.parse(JSON.stringify(v)))

export const eventsRepository = {
  /**
   * Appends a transaction's events in ONE statement, taking the ordering lock in the same
   * statement, so the lock is held from this round trip to COMMIT and no longer
   * (docs/decisions/007-event-path.md). Returns the events as the log holds them, in seq
   * order. The statement is sent at once (`execute`), not at the first `then`, so it leaves
   * before the COMMIT the transactor pipelines behind it. `notify` (a Postgres server only) tells other processes, naming this one so it can
   * skip its own echo.
   */
  async append(tx: Tx, events: readonly NewEvent[], at: Date, notify: string | null): Promise<LogEvent[]> {
    const rows = events.map((e) => ({
      type: e.type,
      actor: asJson(e.actor),
      incident_id: e.incidentId ?? null,
      team_id: e.teamId ?? null,
      destination_id: e.destinationId ?? null,
      before: asJson(e.before ?? null),
      after: asJson(e.after ?? null),
      data: asJson(e.data ?? null),
    }))
    // jsonb_to_recordset yields the rows in array order, and the seq default is taken per row as
    // it is inserted, so seqs ascend in the order the transaction logged its events. Every
    // joined row needs the `ordered` row, so the lock is taken before the first seq.
    const returned = await tx`
      with ordered as (
        select pg_advisory_xact_lock(${EVENT_LOG_LOCK}) ${notify === null ? tx`` : tx`, pg_notify(${EVENTS_CHANNEL}, ${notify})`}
      )
      insert into events (at, type, actor, incident_id, team_id, destination_id, before, after, data)
      select ${at}, r.type, r.actor, r.incident_id, r.team_id, r.destination_id, r.before, r.after, r.data
      from ordered, jsonb_to_recordset(${tx.json(rows as never)}) as r(
        type text, actor jsonb, incident_id uuid, team_id uuid, destination_id uuid, before jsonb, after jsonb, data jsonb)
      returning seq, type`.execute()
    const seqs = returned.map((r) => ({ seq: Number(r.seq), type: String(r.type) })).sort((a, b) => a.seq - b.seq)
    return rows.map((r, i) => {
      if (seqs[i]!.type !== r.type) throw new Error(`event log append returned ${seqs[i]!.type} where ${r.type} was logged`)
      return toLogEvent({ ...r, seq: seqs[i]!.seq, at })
    })
  },
  async since(q: Q, seq: number, limit = 1000): Promise<LogEvent[]> {
    const rows = await q<EventsRow[]>`select * from events where seq > ${seq} order by seq limit ${limit}`
    return rows.map(toLogEvent)
  },
  async forIncident(q: Q, incidentId: string): Promise<LogEvent[]> {
    const rows = await q<EventsRow[]>`select * from events where incident_id = ${incidentId} order by seq`
    return rows.map(toLogEvent)
  },
  async lastSeq(q: Q): Promise<number> {
    const [row] = await q`select coalesce(max(seq), 0) as seq from events`
    return Number(row!.seq)
  },
}
