import type { Q } from './transaction.js'

/** A stored first answer to an idempotent request (see http/idempotency.ts). */
export interface StoredAnswer {
  requestHash: string
  status: number
  body: unknown
}

export const idempotencyRepository = {
  async find(q: Q, scope: string, key: string): Promise<StoredAnswer | null> {
    const [row] = await q`select request_hash, status, body from idempotency_keys where scope = ${scope} and key = ${key}`
    return row ? { requestHash: row.request_hash, status: row.status, body: row.body } : null
  },

  /**
   * Stores the answer in the transaction that made the change it answers for. Sent at once
   * (`execute`), not at the first `then`, so it leaves before the COMMIT the transactor
   * pipelines behind it (db/transaction.ts).
   */
  async save(q: Q, a: { scope: string; key: string; requestHash: string; status: number; body: unknown }, now: Date): Promise<void> {
    await q`insert into idempotency_keys (scope, key, request_hash, status, body, created_at)
      values (${a.scope}, ${a.key}, ${a.requestHash}, ${a.status}, ${q.json(JSON.parse(JSON.stringify(a.body ?? null)))}, ${now})`.execute()
  },
}
