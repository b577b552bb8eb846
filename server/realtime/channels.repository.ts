import type { TeamPositionUpdate } from '@shared/events.js'
import type { Q } from '../db/transaction.js'

/** Postgres notification channels shared by the server processes on one database. */

/** Payload: a JSON array of TeamPositionUpdate (a batch of one process's latest fixes). */
export const POSITIONS_CHANNEL = 'trc_positions'
export const SESSIONS_CHANNEL = 'trc_sessions'
/** Payload: `{ origin, teams }`, the teams whose phones a process holds (presence.ts). */
export const PRESENCE_CHANNEL = 'trc_presence'
/** Postgres refuses NOTIFY payloads of 8,000 bytes or more; leave room for multi-byte text. */
const NOTIFY_PAYLOAD_MAX = 7000

export const channelsRepository = {
  async notify(q: Q, channel: string, payload: string): Promise<void> {
    await q`select pg_notify(${channel}, ${payload})`
  },

  /**
   * Tells the other server processes about this process's latest fixes, in one statement:
   * POSITIONS_CHANNEL payloads are JSON arrays of TeamPositionUpdate, each under Postgres's
   * 8,000-byte NOTIFY limit.
   *
   * Why not a pg_notify inside each fix's own write: Postgres serialises every committing
   * transaction that has notified, cluster-wide, until its commit record is flushed, so writes
   * that notify run one fsync at a time (measured: socket ingest fell from ~1,500 to ~400
   * fixes/s). A read-only NOTIFY statement, a few times a second, does not wait on a flush.
   */
  async notifyPositions(q: Q, batch: TeamPositionUpdate[]): Promise<void> {
    const payloads: string[] = []
    let chunk: string[] = []
    let size = 2
    for (const u of batch) {
      const json = JSON.stringify(u)
      if (chunk.length && size + json.length + 1 > NOTIFY_PAYLOAD_MAX) {
        payloads.push(`[${chunk.join(',')}]`)
        chunk = []
        size = 2
      }
      chunk.push(json)
      size += json.length + 1
    }
    if (chunk.length) payloads.push(`[${chunk.join(',')}]`)
    if (payloads.length) await q`select pg_notify(${POSITIONS_CHANNEL}, p) from unnest(${payloads}::text[]) as p`
  },
}
