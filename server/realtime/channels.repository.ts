import type { Q } from '../db/transaction.js'

/** Postgres notification channels shared by the server processes on one database. */
export const POSITIONS_CHANNEL = 'trc_positions'
export const SESSIONS_CHANNEL = 'trc_sessions'

export const channelsRepository = {
  async notify(q: Q, channel: string, payload: string): Promise<void> {
    await q`select pg_notify(${channel}, ${payload})`
  },
}
