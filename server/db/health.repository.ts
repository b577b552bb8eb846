import type { Q } from './transaction.js'

export const healthRepository = {
  /** Throws unless the database answers a trivial query (the readiness check). */
  async ping(q: Q): Promise<void> {
    await q`select 1`
  },
}
