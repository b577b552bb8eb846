import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogEvent } from '@shared/events.js'
import { BACKENDS } from './support/backends.js'
import { startServerProcess, type ServerProcess } from './support/process.js'
import { collect, eventually, near, startTestServer, type ClientSocket, type Role, type TestServer } from './support/server.js'

/**
 * The event path's promise (docs/decisions/007-event-path.md): whoever has seen seq N has
 * every committed event below N. Live events are emitted from what each transaction holds,
 * and concurrent transactions finish out of seq order, so this hunts for a skipped, repeated
 * or reordered seq: many writers at once on every process, dispatchers on every process, one
 * of them catching up in the middle; each must end with exactly the log's seqs, in order.
 */
describe.each(BACKENDS)('the live event order on $name', (backend) => {
  let s: TestServer
  let other: ServerProcess | null = null
  let dispose = async () => {}
  beforeAll(async () => {
    const opened = await backend.open()
    dispose = opened.dispose
    s = await startTestServer(backend, {}, { db: opened.db, dispose: async () => {} })
    if (opened.url) other = await startServerProcess({ DATABASE_URL: opened.url, SWEEP_INTERVAL_MS: '0' })
  })
  afterAll(async () => {
    await other?.stop()
    await s?.close()
    await dispose()
  })

  it('gives every live client the log’s own seqs, in order, with none skipped or repeated, under many concurrent writers on every process', async () => {
    const urls = other ? [s.url, other.url] : [s.url]
    const token = async (role: Role) => (await s.headersFor(role)).Authorization!.replace('Bearer ', '')
    const dispatcherToken = await token('dispatcher')
    const opened: ClientSocket[] = []
    const connect = async (url: string, lastSeq?: number) => {
      const sock: ClientSocket = io(url, { auth: { token: dispatcherToken, lastSeq }, transports: ['websocket'], reconnection: false, forceNew: true })
      opened.push(sock)
      const seen = collect(sock)
      // Joined to the live rooms once `log:synced` arrives.
      await new Promise<void>((resolve, reject) => {
        sock.once('log:synced', () => resolve())
        sock.once('connect_error', reject)
      })
      return seen
    }
    const post = async (i: number, path: string, body: unknown, role: Role) => {
      const res = await fetch(urls[i % urls.length] + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await s.headersFor(role)) },
        body: JSON.stringify(body),
      })
      return { status: res.status, body: (await res.json()) as any }
    }
    await s.headersFor('admin')
    await s.headersFor('citizen')
    const start = Number((await s.db.sql`select coalesce(max(seq), 0) as start from events`)[0]!.start)

    const clients: LogEvent[][] = []
    for (const url of urls) clients.push(await connect(url), await connect(url))

    // Reports (assigned to free teams, or queued), new teams and new shelters, all at once,
    // spread over the processes; a client reconnects from the start half-way through.
    const writes = (round: number) =>
      Array.from({ length: 24 }, (_, i) => {
        const k = round * 100 + i
        if (i % 4 === 0) return post(k, '/api/teams', { callSign: `W${k}`, name: `Writer ${k}`, onDuty: true }, 'admin')
        if (i % 4 === 1) return post(k, '/api/destinations', { name: `Shelter ${k}`, kind: 'shelter', location: near(10 * i, 20 * round), capacity: 10, occupancy: 0, accepts: ['homeless'] }, 'admin')
        return post(k, '/api/incidents', { category: 'homeless', location: near(-150 * i, 200 * round), description: `w${k}` }, 'citizen')
      })
    const first = await Promise.all(writes(0))
    const [late] = await Promise.all([connect(urls[urls.length - 1]!, start), Promise.all(writes(1)).then((r) => first.push(...r))])
    clients.push(late!)
    await Promise.all(writes(2)).then((r) => first.push(...r))
    for (const r of first) expect([200, 201], JSON.stringify(r.body)).toContain(r.status)

    await s.flush()
    const inLog = ((await s.db.sql`select seq from events where seq > ${start} order by seq`) as unknown as Array<{ seq: string }>).map((r) => Number(r.seq))
    const last = inLog[inLog.length - 1]!
    await eventually(() => clients.every((seen) => seen.length > 0 && seen[seen.length - 1]!.seq >= last), 'every client to reach the log’s last seq', 30_000)
    for (const [i, seen] of clients.entries())
      expect(
        seen.map((e) => e.seq),
        `client ${i}`,
      ).toEqual(inLog)
    for (const sock of opened) sock.disconnect()
  })
})
