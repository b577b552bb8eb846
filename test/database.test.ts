import { describe, expect, it } from 'vitest'
import type { LogEvent } from '@shared/events.js'
import { systemClock } from '../server/clock.js'
import type { Database } from '../server/db/database.js'
import { createTransactor, type EventLogListener } from '../server/db/transaction.js'
import { BACKENDS } from './support/backends.js'

/** What the transactor told the relay, in order. */
function recordingListener() {
  const calls: string[] = []
  const listener: EventLogListener = {
    reserved: (seqs) => calls.push(`reserved ${seqs.join(',')}`),
    committed: (events: LogEvent[]) => calls.push(`committed ${events.map((e) => e.seq).join(',')}`),
    aborted: (seqs) => calls.push(`aborted ${seqs.join(',')}`),
  }
  return { calls, listener }
}

const transactorOn = (db: Database, listener: EventLogListener) => createTransactor(db, systemClock, { listener, react: async () => {}, processId: 'test' })
const actor = { kind: 'system', id: null, name: 'test' } as never

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

  // The transactor pipelines BEGIN with the first statement and the events' append with COMMIT
  // (one write each, no round trip between them). These hold only if every statement before the
  // COMMIT is really sent before it and a failure anywhere rolls back the whole.
  it('commits a transaction and its events together, or nothing when the append fails', async () => {
    const { db, dispose } = await backend.open()
    try {
      const { calls, listener } = recordingListener()
      const transaction = transactorOn(db, listener)
      await db.sql`create table tx_probe (n int not null)`
      const ok = await transaction(async (tx, uow) => {
        await tx`insert into tx_probe values (1)`
        uow.log({ type: 'settings.changed', actor, data: { probe: 1 } } as never)
        return 'done'
      })
      expect(ok).toBe('done')
      expect(calls).toHaveLength(2)
      expect(calls[0]).toMatch(/^reserved \d+$/)
      expect(calls[1]).toBe(calls[0]!.replace('reserved', 'committed'))
      // An event the log refuses (type is NOT NULL): the append fails after the insert ran, so
      // the COMMIT behind it must roll the insert back and the caller must hear of it.
      await expect(
        transaction(async (tx, uow) => {
          await tx`insert into tx_probe values (2)`
          uow.log({ type: null, actor } as never)
        }),
      ).rejects.toMatchObject({ code: '23502' })
      expect((await db.sql`select n from tx_probe order by n`).map((r) => r.n)).toEqual([1])
      expect(calls).toHaveLength(2)
      // A failure inside the work rolls back too, and leaves the connection usable.
      await expect(
        transaction(async (tx) => {
          await tx`insert into tx_probe values (3)`
          await tx`select 1/0`
        }),
      ).rejects.toMatchObject({ code: '22012' })
      await transaction(async (tx) => {
        await tx`insert into tx_probe values (4)`
      })
      expect((await db.sql`select n from tx_probe order by n`).map((r) => r.n)).toEqual([1, 4])
    } finally {
      await dispose()
    }
  })

  it('serves transactions mixed into a stream of plain queries, each in its own transaction', async () => {
    const { db, dispose } = await backend.open()
    try {
      const { listener } = recordingListener()
      const transaction = transactorOn(db, listener)
      await db.sql`create table tx_burst (i int primary key, txid bigint not null)`
      const work: Promise<unknown>[] = []
      for (let i = 0; i < 40; i++) {
        work.push(db.sql`select ${i}::int as i`.execute())
        if (i % 4 === 0) {
          work.push(
            transaction(async (tx) => {
              await tx`insert into tx_burst values (${i}, txid_current())`
              await tx`insert into tx_burst values (${i + 1000}, txid_current())`
            }),
          )
        }
      }
      await Promise.all(work)
      const rows = await db.sql`select i, txid from tx_burst order by i`
      expect(rows).toHaveLength(20)
      // Both rows of each transaction share its transaction id, and no two transactions do.
      const byTx = new Map<string, number[]>()
      for (const r of rows) byTx.set(String(r.txid), [...(byTx.get(String(r.txid)) ?? []), r.i % 1000])
      expect([...byTx.values()].every((is) => is.length === 2 && is[0] === is[1])).toBe(true)
      expect(byTx.size).toBe(10)
    } finally {
      await dispose()
    }
  })
})
