import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { startServerProcess, type ServerProcess } from './support/process.js'
import { near, startTestServer, type TestServer } from './support/server.js'

/**
 * Occupancy is exact under concurrent check-ins and check-outs, and never passes capacity
 * without an override. On the Postgres server a second server process (a real OS process)
 * shares the database and takes every other request.
 */
const CAPACITY = 5
const PEOPLE = 24
const ROUNDS = 6

describe.each(BACKENDS)('stays under concurrency on $name', (backend) => {
  let s: TestServer
  let other: ServerProcess | null = null
  let urls: string[] = []
  let dispose = async () => {}
  beforeAll(async () => {
    const opened = await backend.open()
    dispose = opened.dispose
    s = await startTestServer(backend, {}, { db: opened.db, dispose: async () => {} })
    if (opened.url) other = await startServerProcess({ DATABASE_URL: opened.url, SWEEP_INTERVAL_MS: '0' })
    urls = other ? [s.url, other.url] : [s.url]
  }, 90_000)
  afterAll(async () => {
    await other?.stop()
    await s?.close()
    await dispose()
  })

  const post = async (i: number, path: string, body: unknown) => {
    const r = await fetch(urls[i % urls.length] + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(await s.headersFor('dispatcher')) }, body: JSON.stringify(body) })
    return { status: r.status, body: (await r.json()) as any }
  }
  const state = async (destinationId: string) => {
    const [row] = await s.db.sql`select d.occupancy,
      (select count(*)::int from stays where destination_id = d.id and checked_out_at is null) as open,
      (select coalesce(sum(delta), 0)::int from occupancy_adjustments where destination_id = d.id) as adjusted
      from destinations d where d.id = ${destinationId}`
    return row as unknown as { occupancy: number; open: number; adjusted: number }
  }

  it('fills a shelter to exactly its capacity and keeps the count exact while people come and go on both processes', async () => {
    const dest = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'Race RPS', kind: 'rps', location: near(0), capacity: CAPACITY, accepts: ['homeless'] } })).body
    const people: string[] = []
    for (let i = 0; i < PEOPLE; i++) people.push((await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: `Orang ${i}` } })).body.id)

    const first = await Promise.all(people.map((personId, i) => post(i, '/api/stays', { personId, destinationId: dest.id })))
    const statuses = first.map((r) => r.status)
    expect(statuses.filter((x) => x === 201)).toHaveLength(CAPACITY)
    expect(new Set(first.filter((r) => r.status !== 201).map((r) => r.body.error.code))).toEqual(new Set(['destination_full']))
    expect(await state(dest.id)).toEqual({ occupancy: CAPACITY, open: CAPACITY, adjusted: 0 })

    let open = first.filter((r) => r.status === 201).map((r) => ({ stayId: r.body.id as string, personId: r.body.personId as string }))
    for (let round = 0; round < ROUNDS; round++) {
      // Check out two of the residents while everyone outside tries to get in, on both processes.
      const leaving = open.slice(0, 2)
      const outside = people.filter((p) => !open.some((o) => o.personId === p))
      const results = await Promise.all([
        ...leaving.map((o, i) => post(i + round, `/api/stays/${o.stayId}/check-out`, { outcome: 'left' }).then((r) => ({ kind: 'out' as const, r }))),
        ...outside.map((personId, i) => post(i + round + 1, '/api/stays', { personId, destinationId: dest.id }).then((r) => ({ kind: 'in' as const, r }))),
      ])
      for (const { kind, r } of results) {
        if (kind === 'out') expect(r.status, JSON.stringify(r.body)).toBe(200)
        else expect([201, 409], JSON.stringify(r.body)).toContain(r.status)
      }
      const admitted = results.filter((x) => x.kind === 'in' && x.r.status === 201).map((x) => ({ stayId: x.r.body.id as string, personId: x.r.body.personId as string }))
      // At most the free places were taken (a check-in may have run before a check-out freed one).
      expect(admitted.length).toBeLessThanOrEqual(CAPACITY - (open.length - leaving.length))
      open = [...open.slice(2), ...admitted]
      const now = await state(dest.id)
      expect(now).toEqual({ occupancy: open.length, open: open.length, adjusted: 0 })
      expect(now.occupancy).toBeLessThanOrEqual(CAPACITY)
    }
    // Never above capacity at any moment the log recorded.
    const seen = await s.db.sql`select (data->>'occupancy')::int as n from events where destination_id = ${dest.id} and type in ('stay.checked_in', 'stay.checked_out')`
    expect(Math.max(...seen.map((r) => r.n as number))).toBeLessThanOrEqual(CAPACITY)
    expect(seen.length).toBeGreaterThan(CAPACITY)
  }, 120_000)
})
