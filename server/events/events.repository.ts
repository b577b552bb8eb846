import type { LogEvent } from '../../shared/events.js'
import type { Q } from '../db/transaction.js'

type Row = Record<string, any>

export function toLogEvent(r: Row): LogEvent {
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
  }
}

export const eventsRepository = {
  async since(q: Q, seq: number, limit = 1000): Promise<LogEvent[]> {
    const rows = await q`select * from events where seq > ${seq} order by seq limit ${limit}`
    return rows.map(toLogEvent)
  },
  async forIncident(q: Q, incidentId: string): Promise<LogEvent[]> {
    const rows = await q`select * from events where incident_id = ${incidentId} order by seq`
    return rows.map(toLogEvent)
  },
  async lastSeq(q: Q): Promise<number> {
    const [row] = await q`select coalesce(max(seq), 0) as seq from events`
    return Number(row!.seq)
  },
}
