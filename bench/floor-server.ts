/**
 * The floor: the least any implementation of the job must do, in its own process (forked by
 * bench/server.ts like the real server), on the same stack — Hono on @hono/node-server,
 * postgres.js, socket.io, zod — and the same database (in-memory PGlite through pglite-socket,
 * or a throwaway Postgres database from BENCH_CHILD_DB_URL):
 *
 *   POST /api/incidents               zod-checked; one row inserted in a transaction (3
 *                                     statements); the offer emitted to one team socket, and the
 *                                     event to the dispatch screens; 201.
 *   POST /api/teams/:id/positions     zod-checked; one row inserted (1 statement); 200.
 *   socket `team:position` (ack)      the same over the socket, plus one volatile emit to the
 *                                     dispatch screens (what the app did before coalescing).
 *   GET /api/incidents/counts         one count.
 *
 * No accounts, no rules, no event log: figures beside it show what the real work costs.
 * Sockets say who they are in the handshake: `auth: { role: 'team' | 'dispatcher', teamId }`.
 * IPC: { type: 'statements' } → { type: 'statements', n } (every statement postgres.js sent,
 * counted with its `debug` hook); { type: 'close' }.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { getRequestListener } from '@hono/node-server'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { Hono } from 'hono'
import postgres from 'postgres'
import { Server, type Socket } from 'socket.io'
import { z } from 'zod'

const ReportSchema = z.object({
  category: z.string().min(1).max(40),
  location: z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }),
  description: z.string().max(2000).optional(),
})
const PositionSchema = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  accuracyM: z.number().min(0),
  deviceTime: z.iso.datetime({ offset: true }),
})

let statements = 0
const debug = () => void statements++

async function openDb(): Promise<{ sql: postgres.Sql; close(): Promise<void> }> {
  const url = process.env.BENCH_CHILD_DB_URL
  // Lifted pipeline bound: the same setting as the app (server/db/database.ts explains it).
  const common = { onnotice: () => {}, ...(process.env.BENCH_COUNT_STATEMENTS ? { debug } : {}), max_pipeline: Number.MAX_SAFE_INTEGER }
  if (url) {
    const sql = postgres(url, { max: 10, ...common } as postgres.Options<Record<string, postgres.PostgresType>>)
    return { sql, close: () => sql.end({ timeout: 5 }) }
  }
  const pg = await PGlite.create()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trc-floor-'))
  const server = new PGLiteSocketServer({ db: pg, path: path.join(dir, '.s.PGSQL.5432') })
  await server.start()
  const sql = postgres({ path: path.join(dir, '.s.PGSQL.5432'), username: 'postgres', database: 'postgres', max: 1, idle_timeout: 0, ...common } as postgres.Options<
    Record<string, postgres.PostgresType>
  >)
  return {
    sql,
    async close() {
      await sql.end({ timeout: 5 })
      await server.stop()
      await pg.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function main() {
  const db = await openDb()
  const { sql } = db
  await sql`create table if not exists floor_reports (id uuid primary key, category text not null, lon float8 not null, lat float8 not null, description text, status text not null default 'reported', reported_at timestamptz not null default now())`
  await sql`create table if not exists floor_positions (team_id text not null, lon float8 not null, lat float8 not null, accuracy_m float8 not null, device_time timestamptz not null, received_at timestamptz not null default now())`

  const http = createServer()
  const io = new Server(http, { serveClient: false })
  const teams: Socket[] = []
  let next = 0
  io.on('connection', (socket) => {
    const auth = (socket.handshake.auth ?? {}) as { role?: string; teamId?: string }
    if (auth.role === 'dispatcher') void socket.join('dispatch')
    if (auth.role === 'team') {
      teams.push(socket)
      socket.once('disconnect', () => teams.splice(teams.indexOf(socket), 1))
    }
    socket.on('team:position', async (raw: unknown, ack: (r: unknown) => void) => {
      const p = PositionSchema.safeParse(raw)
      if (!p.success) return ack({ ok: false, error: { code: 'validation_failed', message: p.error.message } })
      const teamId = auth.teamId ?? 'unknown'
      const [row] =
        await sql`insert into floor_positions (team_id, lon, lat, accuracy_m, device_time) values (${teamId}, ${p.data.lon}, ${p.data.lat}, ${p.data.accuracyM}, ${p.data.deviceTime}) returning received_at`
      io.to('dispatch').volatile.emit('team:position', { teamId, position: { ...p.data, receivedAt: new Date(row!.received_at).toISOString() } })
      ack({ ok: true, data: null })
    })
  })

  const app = new Hono()
    .post('/api/incidents', async (c) => {
      const r = ReportSchema.safeParse(await c.req.json().catch(() => null))
      if (!r.success) return c.json({ error: { code: 'validation_failed', message: r.error.message } }, 400)
      const id = randomUUID()
      const incident = await sql.begin(async (tx) => {
        const [row] =
          await tx`insert into floor_reports (id, category, lon, lat, description) values (${id}, ${r.data.category}, ${r.data.location.lon}, ${r.data.location.lat}, ${r.data.description ?? null}) returning *`
        return row!
      })
      const view = { id, description: incident.description as string, category: incident.category as string, location: r.data.location }
      const team = teams.length ? teams[next++ % teams.length] : undefined
      team?.emit('assignment:offer', { assignmentId: id, incident: view, ackDeadline: null }, () => {})
      io.to('dispatch').emit('log:event', { seq: 0, type: 'incident.reported', incidentId: id, after: view })
      return c.json({ id, status: team ? 'assigned' : 'reported' }, 201)
    })
    .post('/api/teams/:id/positions', async (c) => {
      const p = PositionSchema.safeParse(await c.req.json().catch(() => null))
      if (!p.success) return c.json({ error: { code: 'validation_failed', message: p.error.message } }, 400)
      await sql`insert into floor_positions (team_id, lon, lat, accuracy_m, device_time) values (${c.req.param('id')}, ${p.data.lon}, ${p.data.lat}, ${p.data.accuracyM}, ${p.data.deviceTime})`
      return c.json({ ok: true })
    })
    .get('/api/incidents/counts', async (c) => {
      const [row] = await sql`select count(*)::int as n from floor_reports where status = 'reported'`
      return c.json({ waiting: { total: row!.n } })
    })
  http.on('request', getRequestListener(app.fetch))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()))
  const { port } = http.address() as AddressInfo

  process.on('message', async (m: { type: string; n?: number }) => {
    if (m.type === 'statements') process.send?.({ type: 'statements', n: statements })
    else if (m.type === 'cpu') {
      const u = process.cpuUsage()
      process.send?.({ type: 'cpu', micros: u.user + u.system })
    } else if (m.type === 'fill') {
      // Setup only: `n` waiting rows, so creation is measured with a full queue.
      await sql`insert into floor_reports (id, category, lon, lat) select gen_random_uuid(), 'sick', 106.8, -6.4 from generate_series(1, ${m.n ?? 0})`
      process.send?.({ type: 'filled' })
    } else if (m.type === 'sample-start') process.send?.({ type: 'sample-started' })
    else if (m.type === 'close') {
      io.disconnectSockets(true)
      await new Promise<void>((resolve) => io.close(() => resolve()))
      await db.close()
      process.send?.({ type: 'closed' })
      setTimeout(() => process.exit(0), 50)
    }
  })
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` })
}

main().catch((err) => {
  console.error('floor server failed:', err)
  process.exit(1)
})
