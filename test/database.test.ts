import { describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'

describe.each(BACKENDS)('the data-access layer on $name', (backend) => {
  // postgres.js 3.4 loses a transaction's connection when its BEGIN is the query that fills a
  // connection's pipeline (max_pipeline), and then throws outside any handler, killing the
  // process (porsager/postgres#1189). On PGlite's single connection a burst of 100 requests
  // was enough; the bench hit it at 50 reports/s.
  it('survives a burst of queries with transactions starting among them', async () => {
    const { db, dispose } = await backend.open()
    try {
      // Every count of queries ahead of a BEGIN up to past the driver's default pipeline of 100.
      for (const ahead of [1, 5, 99, 100, 101, 150]) {
        const plain = Array.from({ length: ahead }, (_, i) => db.sql`select ${i}::int as i`.execute())
        const tx = db.sql.begin(async (t) => (await t`select ${ahead}::int as i`)[0]!.i as number)
        expect(await Promise.all(plain)).toHaveLength(ahead)
        expect(await tx).toBe(ahead)
      }
    } finally {
      await dispose()
    }
  })
})
