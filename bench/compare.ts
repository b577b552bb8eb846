/**
 * The app beside the floor (bench/floor-server.ts): each figure is measured for both in the
 * same run, with the same load generator, in alternating rounds (app, floor, app, floor…) so a
 * change in machine load hits both, and printed with the ratio app / floor.
 *
 * The app is reached only through its public interfaces — HTTP, sockets, and createApp(...)
 * with its services for the in-process nearest-team figure — so the bench keeps working while
 * the code behind them changes.
 *
 * Sections (`npm run bench -- <name>`): offer, statements, ingest, nearest, creation, fanout.
 * `--quick` shortens every window (a few minutes in all). Figures are printed, never asserted.
 */
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import KDBush from 'kdbush'
import { around } from 'geokdbush'
import type { Point } from '@shared/geo.js'
import { ReportIncidentSchema } from '@shared/incidents.js'
import { createApp } from '../server/app.js'
import { testConfig } from '../server/config.js'
import { openPglite, openPostgres, type Database } from '../server/db/database.js'
import { HttpClient, jitter, pointsInDepok, rng, throwawayDatabase, type BackendName } from './common.js'
import { connect, connectWith, createFleet, pool, type AnySocket } from './fleet.js'
import { startServer, type BenchServer } from './server.js'
import { ms, sleep, summarize, table } from './stats.js'

export interface CompareOptions {
  quick: boolean
}

/** One line of the closing table. */
interface Line {
  measure: string
  backend: BackendName
  app: number
  floor: number
  unit: string
  /** Which way is better, for reading the ratio. */
  better: 'lower' | 'higher'
  note?: string
}
export const LINES: Line[] = []

const fmt = (v: number, unit: string) => (!Number.isFinite(v) ? '-' : Number.isInteger(v) ? String(v) : unit === 'ms' ? ms(v) : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2))
const ratio = (l: Line) => {
  if (!Number.isFinite(l.app) || !Number.isFinite(l.floor) || l.floor <= 0) return '-'
  const r = l.app / l.floor
  return `${r >= 100 ? r.toFixed(0) : r.toFixed(2)}×`
}

const val = (v: number, unit: string) => (Number.isFinite(v) ? `${fmt(v, unit)} ${unit}` : '-')

function line(l: Line) {
  LINES.push(l)
  console.log(`   ${l.measure} [${l.backend}]: app ${val(l.app, l.unit)}, floor ${val(l.floor, l.unit)}, ratio ${ratio(l)}${l.note ? ` (${l.note})` : ''}`)
}

const machine = () =>
  `${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ')} (1/5/15 min)`

/** Both servers on fresh databases of the backend; closed afterwards. */
async function pair<T>(
  backend: BackendName,
  fn: (app: BenchServer, floor: BenchServer) => Promise<T>,
  overrides: Parameters<typeof startServer>[1] = {},
  opts: Parameters<typeof startServer>[3] = {},
): Promise<T> {
  const [app, floor] = await Promise.all([startServer(backend, overrides, 'app', opts), startServer(backend, {}, 'floor', opts)])
  try {
    return await fn(app, floor)
  } finally {
    await Promise.all([app.close(), floor.close()])
  }
}

type LooseEvent = { type?: string; incidentId?: string | null }

// -------------------------------------------------------------------------------------------
// 1. Report → offer at 50/s with 200 teams posting every 5 s

export async function offer(backend: BackendName, o: CompareOptions): Promise<void> {
  const RATE = 50
  const TEAMS = 200
  const ROUNDS = o.quick ? 2 : 3
  const ROUND_S = o.quick ? 8 : 20
  const CANCEL_MS = 1000
  console.log(`\n== report → assignment:offer, ${RATE} reports/s, ${TEAMS} teams posting every 5 s, ${ROUNDS} alternating rounds of ${ROUND_S} s  [${backend}; ${machine()}]`)
  await pair(backend, async (app, floor) => {
    const random = rng(20260105)
    const points = pointsInDepok(TEAMS, random)
    const http = new HttpClient(app.url, 256)
    const fhttp = new HttpClient(floor.url, 256)
    const fleet = await createFleet(app, http, points)
    const sockets: AnySocket[] = []
    try {
      const teamsApp = (await Promise.all(fleet.tokens.map((t) => connect(app.url, t)))) as unknown as AnySocket[]
      const teamsFloor = await Promise.all(points.map((_, i) => connectWith(floor.url, { role: 'team', teamId: `F${i}` })))
      const dispApp = (await connect(app.url, fleet.dispatcher)) as unknown as AnySocket
      const dispFloor = await connectWith(floor.url, { role: 'dispatcher' })
      sockets.push(...teamsApp, ...teamsFloor, dispApp, dispFloor)

      let active: 'app' | 'floor' | null = null
      interface Rec {
        due: number
        offerAt?: number
        id?: string
        cancelled?: boolean
      }
      const recs = new Map<string, Rec>()
      const lat = { app: [] as number[], floor: [] as number[] }
      const missing = { app: 0, floor: 0 }
      const errors = { app: 0, floor: 0 }
      const pending = new Set<Promise<unknown>>()
      const cancel = (r: Rec) => {
        if (!r.id || r.cancelled) return
        r.cancelled = true
        const p = sleep(CANCEL_MS).then(() =>
          http.call('POST', `/api/incidents/${r.id}/transitions`, { token: fleet.dispatcher, body: { to: 'cancelled', disposition: 'false_report', note: 'bench' } }).catch(() => null),
        )
        pending.add(p)
        void p.finally(() => pending.delete(p))
      }
      const byId = new Map<string, Rec>()
      const onOffer = (offer: { incident: { id: string; description: string | null } }, ack?: (r: unknown) => void) => {
        const at = performance.now()
        if (typeof ack === 'function') ack({ received: true })
        const r = recs.get(offer.incident.description ?? '')
        if (!r || r.offerAt !== undefined) return
        r.offerAt = at
        r.id ??= offer.incident.id
        if (offer.incident.description?.startsWith('app ')) cancel(r)
      }
      for (const s of [...teamsApp, ...teamsFloor]) s.on('assignment:offer', onOffer)
      // Reports held as likely duplicates are never offered: the dispatcher cancels them.
      dispApp.on('log:event', (e: LooseEvent) => {
        if (e.type === 'incident.duplicate_flagged' && e.incidentId) {
          const r = byId.get(e.incidentId)
          if (r) {
            r.offerAt ??= NaN
            cancel(r)
          }
        }
      })

      // Positions: each team every 5 s at its own phase, to whichever server is in its round.
      const here = [...points]
      const timers: NodeJS.Timeout[] = []
      points.forEach((_, k) => {
        const send = () => {
          if (!active) return
          here[k] = jitter(points[k]!, 300, random)
          const sock = active === 'app' ? teamsApp[k]! : teamsFloor[k]!
          sock.timeout(30_000).emit('team:position', { ...here[k]!, accuracyM: 10, deviceTime: new Date().toISOString() }, () => {})
        }
        timers.push(setTimeout(() => timers.push(setInterval(send, 5000)), random() * 5000))
      })

      const reportPoints = pointsInDepok(RATE * ROUND_S, random)
      const round = async (who: 'app' | 'floor', r: number) => {
        active = who
        await sleep(2000) // positions flowing before reports start
        const client = who === 'app' ? http : fhttp
        const start = performance.now() + 50
        const mine: Rec[] = []
        const inflight: Promise<unknown>[] = []
        for (let i = 0; i < reportPoints.length; i++) {
          const due = start + (i * 1000) / RATE
          const wait = due - performance.now()
          if (wait > 1) await sleep(wait)
          const key = `${who} ${r} ${i}`
          const rec: Rec = { due }
          recs.set(key, rec)
          mine.push(rec)
          inflight.push(
            client
              .call('POST', '/api/incidents', { body: { category: 'sick', location: reportPoints[i], description: key } })
              .then((res) => {
                if (res.status !== 201) return void errors[who]++
                rec.id = res.body.id
                byId.set(rec.id!, rec)
              })
              .catch(() => void errors[who]++),
          )
        }
        await Promise.all(inflight)
        const end = performance.now() + 5000
        while (performance.now() < end && mine.some((x) => x.offerAt === undefined)) await sleep(50)
        active = null
        for (const x of mine) {
          if (x.offerAt === undefined) missing[who]++
          else if (Number.isFinite(x.offerAt)) lat[who].push(x.offerAt - x.due)
        }
        await Promise.race([Promise.allSettled([...pending]), sleep(CANCEL_MS + 5000)])
      }
      for (let r = 0; r < ROUNDS; r++) {
        await round('app', r)
        await round('floor', r)
      }
      timers.forEach((t) => clearTimeout(t))
      const a = summarize(lat.app)
      const f = summarize(lat.floor)
      console.log(
        table(
          ['   server', 'offers', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'not offered', 'errors'],
          [
            ['   app', a.n, ms(a.p50), ms(a.p95), ms(a.p99), ms(a.max), missing.app, errors.app],
            ['   floor', f.n, ms(f.p50), ms(f.p95), ms(f.p99), ms(f.max), missing.floor, errors.floor],
          ],
        ),
      )
      line({ measure: 'report → offer p50', backend, app: a.p50, floor: f.p50, unit: 'ms', better: 'lower' })
      line({ measure: 'report → offer p95', backend, app: a.p95, floor: f.p95, unit: 'ms', better: 'lower' })
      line({ measure: 'report → offer p99', backend, app: a.p99, floor: f.p99, unit: 'ms', better: 'lower', note: `${ROUNDS}×${ROUND_S} s each` })
    } finally {
      for (const s of sockets) s.disconnect()
      http.close()
      fhttp.close()
    }
  })
}

// -------------------------------------------------------------------------------------------
// 2. Statements per report → offer → ack (Postgres: postgres.js `debug` in both servers)

export async function statements(backend: BackendName, o: CompareOptions): Promise<void> {
  if (backend !== 'postgres') return
  const CYCLES = o.quick ? 10 : 30
  console.log(`\n== statements per report → offer → ack, ${CYCLES} cycles one at a time on a quiet server (acknowledgement sweep off)  [${backend}; ${machine()}]`)
  await pair(
    backend,
    async (app, floor) => {
      const random = rng(99)
      const points = pointsInDepok(10, random)
      const http = new HttpClient(app.url, 16)
      const fhttp = new HttpClient(floor.url, 16)
      const fleet = await createFleet(app, http, points, 'S')
      const teamsApp = (await Promise.all(fleet.tokens.map((t) => connect(app.url, t)))) as unknown as AnySocket[]
      const disp = (await connect(app.url, fleet.dispatcher)) as unknown as AnySocket
      const teamFloor = await connectWith(floor.url, { role: 'team', teamId: 'F0' })
      const sockets = [...teamsApp, disp, teamFloor]
      try {
        const waiters = new Map<string, () => void>()
        disp.on('log:event', (e: LooseEvent) => {
          const key = `${e.type} ${e.incidentId}`
          waiters.get(key)?.()
          waiters.delete(key)
        })
        const event = (type: string, id: string) => new Promise<void>((resolve) => waiters.set(`${type} ${id}`, resolve))
        const offered = (socks: AnySocket[], key: string) =>
          new Promise<{ id: string; ack: (r: unknown) => void }>((resolve) => {
            const on = (offer: { incident: { id: string; description: string | null } }, ack: (r: unknown) => void) => {
              if (offer.incident.description !== key) return
              for (const s of socks) s.off('assignment:offer', on)
              resolve({ id: offer.incident.id, ack })
            }
            for (const s of socks) s.on('assignment:offer', on)
          })
        const cycles = { app: { before: [] as number[], all: [] as number[] }, floor: { before: [] as number[], all: [] as number[] } }
        const reportPoints = pointsInDepok(CYCLES * 2, random)
        for (let i = 0; i < CYCLES; i++) {
          for (const who of ['app', 'floor'] as const) {
            const server = who === 'app' ? app : floor
            const key = `stmt ${who} ${i}`
            const got = offered(who === 'app' ? teamsApp : [teamFloor], key)
            const s0 = (await server.statements())!
            const res = await (who === 'app' ? http : fhttp).call('POST', '/api/incidents', { body: { category: 'sick', location: reportPoints[i * 2 + (who === 'app' ? 0 : 1)], description: key } })
            if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`)
            const o = await got
            const s1 = (await server.statements())!
            if (who === 'app') {
              const delivered = event('assignment.delivered', o.id)
              o.ack({ received: true })
              await delivered
              await sleep(100) // the relay's read after the delivery event has gone out
            } else o.ack({ received: true })
            const s2 = (await server.statements())!
            cycles[who].before.push(s1 - s0)
            cycles[who].all.push(s2 - s0)
            if (who === 'app') {
              const done = event('incident.transitioned', o.id)
              await http.call('POST', `/api/incidents/${o.id}/transitions`, { token: fleet.dispatcher, body: { to: 'cancelled', disposition: 'false_report', note: 'bench' } })
              await done
              await sleep(200) // the freed team's queue check finishes before the next count
            }
          }
        }
        const med = (v: number[]) => summarize(v).p50
        console.log(
          table(
            ['   server', 'cycles', 'before the offer (median)', 'report → offer → ack (median)', 'min', 'max'],
            [
              ['   app', CYCLES, med(cycles.app.before), med(cycles.app.all), summarize(cycles.app.all).min, summarize(cycles.app.all).max],
              ['   floor', CYCLES, med(cycles.floor.before), med(cycles.floor.all), summarize(cycles.floor.all).min, summarize(cycles.floor.all).max],
            ],
          ),
        )
        line({
          measure: 'statements per report → offer → ack',
          backend,
          app: med(cycles.app.all),
          floor: med(cycles.floor.all),
          unit: 'stmts',
          better: 'lower',
          note: `${med(cycles.app.before)} before the offer`,
        })
      } finally {
        for (const s of sockets) s.disconnect()
        http.close()
        fhttp.close()
      }
    },
    { SWEEP_INTERVAL_MS: 0 },
    { countStatements: true },
  )
}

// -------------------------------------------------------------------------------------------
// 3. Position ingest over HTTP and the socket; does a dispatch screen end with the latest?

export async function ingest(backend: BackendName, o: CompareOptions): Promise<void> {
  const N = 32
  // BENCH_INGEST_ROUNDS / BENCH_INGEST_TRANSPORTS=http|socket: more alternating rounds of one
  // transport, to see a step of a few percent through the noise of a shared machine.
  const ROUNDS = Number(process.env.BENCH_INGEST_ROUNDS) || (o.quick ? 1 : 2)
  const SECONDS = o.quick ? 3 : 5
  const TRANSPORTS = (['http', 'socket'] as const).filter((t) => !process.env.BENCH_INGEST_TRANSPORTS || process.env.BENCH_INGEST_TRANSPORTS.split(',').includes(t))
  console.log(`\n== position ingest, closed loop, ${N} senders (one team each), ${ROUNDS} alternating round(s) of ${SECONDS} s per transport  [${backend}; ${machine()}]`)
  await pair(backend, async (app, floor) => {
    const random = rng(7)
    const base = pointsInDepok(N, random)
    const http = new HttpClient(app.url, N + 8)
    const fhttp = new HttpClient(floor.url, N + 8)
    const fleet = await createFleet(app, http, base, 'P')
    const sock = {
      app: (await Promise.all(fleet.tokens.map((t) => connect(app.url, t)))) as unknown as AnySocket[],
      floor: await Promise.all(base.map((_, i) => connectWith(floor.url, { role: 'team', teamId: `F${i}` }))),
    }
    const disp = { app: (await connect(app.url, fleet.dispatcher)) as unknown as AnySocket, floor: await connectWith(floor.url, { role: 'dispatcher' }) }
    // What each screen shows per team (keyed by team id), against the last fix each team sent.
    const screen = { app: new Map<string, number>(), floor: new Map<string, number>() }
    disp.app.on('team:positions', (batch: { teamId: string; position: { lon: number } }[]) => batch.forEach((u) => screen.app.set(u.teamId, u.position.lon)))
    disp.floor.on('team:position', (u: { teamId: string; position: { lon: number } }) => screen.floor.set(u.teamId, u.position.lon))
    const teamKey = { app: (k: number) => fleet.ids[k]!, floor: (k: number) => `F${k}` }
    const lastSent = { app: new Map<string, number>(), floor: new Map<string, number>() }
    const totals: Record<string, { ok: number; failed: number; s: number; lat: number[]; cpu: number; handled: number }> = {}
    const server = { app, floor }
    const coverage = { app: [] as number[], floor: [] as number[] }
    try {
      const fix = (k: number) => ({ ...jitter(base[k]!, 200, random), accuracyM: 10, deviceTime: new Date().toISOString() })
      const run = async (who: 'app' | 'floor', transport: 'http' | 'socket') => {
        const name = `${who} ${transport}`
        const t = (totals[name] ??= { ok: 0, failed: 0, s: 0, lat: [], cpu: 0, handled: 0 })
        let stop = false
        const loop = async (k: number) => {
          while (!stop) {
            const f = fix(k)
            const t0 = performance.now()
            let ok: boolean
            if (transport === 'http') {
              const client = who === 'app' ? http : fhttp
              const res = await client.call('POST', `/api/teams/${teamKey[who](k)}/positions`, { token: who === 'app' ? fleet.tokens[k] : undefined, body: f }).catch(() => null)
              ok = res?.status === 200
            } else {
              const res = (await sock[who][k]!.timeout(30_000)
                .emitWithAck('team:position', f)
                .catch(() => null)) as { ok?: boolean } | null
              ok = res?.ok === true
            }
            // The server stored it even if the window has closed: the screen must show it.
            if (ok) lastSent[who].set(teamKey[who](k), f.lon)
            t.handled++
            if (stop) break
            t.lat.push(performance.now() - t0)
            if (ok) t.ok++
            else t.failed++
          }
        }
        await sleep(300)
        const cpu0 = await server[who].cpu()
        const t0 = performance.now()
        const loops = Array.from({ length: N }, (_, k) => loop(k))
        await sleep(SECONDS * 1000)
        stop = true
        await Promise.all(loops)
        t.s += (performance.now() - t0) / 1000
        t.cpu += (await server[who].cpu()) - cpu0
        if (transport === 'socket') {
          await sleep(1000)
          const keys = [...lastSent[who].keys()]
          coverage[who].push(keys.filter((k) => screen[who].get(k) === lastSent[who].get(k)).length / Math.max(1, keys.length))
        }
      }
      for (let r = 0; r < ROUNDS; r++) for (const tr of TRANSPORTS) for (const who of ['app', 'floor'] as const) await run(who, tr)
      const rate = (n: string) => totals[n]!.ok / totals[n]!.s
      // Server CPU per fix (user + system of the Node process; the database's own work is not in it):
      // less sensitive than fixes/s to what else runs on a shared machine.
      console.log(
        table(
          ['   server / transport', 'fixes/s', 'p50 ms', 'p99 ms', 'failed', 'server CPU µs/fix'],
          Object.entries(totals).map(([n, t]) => [`   ${n}`, (t.ok / t.s).toFixed(0), ms(summarize(t.lat).p50), ms(summarize(t.lat).p99), t.failed, (t.cpu / Math.max(1, t.handled)).toFixed(0)]),
        ),
      )
      const cpuPerFix = (n: string) => totals[n]!.cpu / Math.max(1, totals[n]!.handled)
      const cov = (v: number[]) => (v.length ? Math.min(...v) * 100 : NaN)
      if (TRANSPORTS.includes('socket'))
        console.log(
          `   a dispatch screen 1 s after the senders stop shows each team's latest fix: app ${cov(coverage.app).toFixed(0)}% of teams, floor ${cov(coverage.floor).toFixed(0)}% (worst round)`,
        )
      if (TRANSPORTS.includes('socket')) line({ measure: 'position ingest, socket', backend, app: rate('app socket'), floor: rate('floor socket'), unit: 'fixes/s', better: 'higher' })
      if (TRANSPORTS.includes('socket')) line({ measure: 'server CPU per socket fix', backend, app: cpuPerFix('app socket'), floor: cpuPerFix('floor socket'), unit: 'µs', better: 'lower' })
      if (TRANSPORTS.includes('http')) line({ measure: 'position ingest, HTTP', backend, app: rate('app http'), floor: rate('floor http'), unit: 'fixes/s', better: 'higher' })
      if (TRANSPORTS.includes('http')) line({ measure: 'server CPU per HTTP fix', backend, app: cpuPerFix('app http'), floor: cpuPerFix('floor http'), unit: 'µs', better: 'lower' })
      if (TRANSPORTS.includes('socket'))
        line({
          measure: "screen shows every team's latest fix 1 s later",
          backend,
          app: cov(coverage.app),
          floor: cov(coverage.floor),
          unit: '%',
          better: 'higher',
          note: 'floor: volatile emit per fix',
        })
    } finally {
      for (const s of [...sock.app, ...sock.floor, disp.app, disp.floor]) s.disconnect()
      http.close()
      fhttp.close()
    }
  })
}

// -------------------------------------------------------------------------------------------
// 4. Nearest among 100 / 1,000 / 10,000 teams (in-process: createApp and its services)

export async function nearest(backend: BackendName, o: CompareOptions): Promise<void> {
  const SIZES = [100, 1000, 10_000]
  const CALLS = o.quick ? 10 : 40
  console.log(`\n== nearest free team among ${SIZES.join(' / ')} teams, in-process; ${CALLS} calls after 3 warm-up calls  [${backend}; ${machine()}]`)
  const pg = backend === 'postgres' ? await throwawayDatabase() : null
  const db: Database = pg ? await openPostgres(pg.url) : await openPglite(null)
  const random = rng(42)
  const dispatcher = { kind: 'dispatcher' as const, id: 'bench' }
  const citizen = { kind: 'citizen' as const, id: null }
  const all: Point[] = []
  const cleanup: string[] = []
  const time = async (n: number, fn: (i: number) => Promise<unknown> | unknown) => {
    for (let i = 0; i < 3; i++) await fn(-1 - i)
    const out: number[] = []
    for (let i = 0; i < n; i++) {
      const t = performance.now()
      await fn(i)
      out.push(performance.now() - t)
    }
    return summarize(out)
  }
  try {
    for (const size of SIZES) {
      // Setup only: teams written straight into the table before the app starts, so whatever
      // the app builds at start (an index of free teams, say) sees them.
      const pts = pointsInDepok(size - all.length, random)
      const now = new Date()
      const rows = pts.map((p, i) => ({
        id: randomUUID(),
        call_sign: `N${all.length + i + 1}`,
        name: `Nearest ${all.length + i + 1}`,
        status: 'available',
        status_changed_at: now,
        lon: p.lon,
        lat: p.lat,
        accuracy_m: 10,
        device_time: now,
        position_received_at: now,
        created_at: now,
      }))
      for (let i = 0; i < rows.length; i += 1000) await db.sql`insert into teams ${db.sql(rows.slice(i, i + 1000) as never)}`
      all.push(...pts)
      const config = testConfig({ LOG_LEVEL: 'silent', ASSIGNMENT_MODE: 'manual' })
      const manual = createApp({ db, config })
      const auto = createApp({ db, config: { ...config, ASSIGNMENT_MODE: 'auto' } })
      await manual.listen(0, '127.0.0.1')
      await auto.listen(0, '127.0.0.1')
      try {
        const spots = pointsInDepok(CALLS + 3, random)
        // recommend(): rank the free teams for a waiting case.
        const { incident } = await manual.services.incidents.report(ReportIncidentSchema.parse({ category: 'sick', location: spots[0]!, description: 'bench nearest' }), citizen, 'citizen')
        const rec = await time(CALLS, () => manual.services.dispatch.recommend(incident.id))
        await manual.services.incidents.transition(incident.id, { to: 'cancelled', disposition: 'false_report', note: 'bench' }, dispatcher)
        // The nearest-team step itself: the free-teams index's candidates, ranked (what report() asks first).
        const near = await time(CALLS * 100, (i) => manual.services.dispatch.nearestCandidates(spots[Math.abs(i) % spots.length]!))
        // report() in auto mode: the nearest free team is found and locked inside the report.
        const rep = await time(CALLS, async (i) => {
          const r = await auto.services.incidents.report(
            ReportIncidentSchema.parse({ category: 'sick', location: spots[(i + CALLS + 3) % spots.length]!, description: `bench nearest auto ${i}` }),
            citizen,
            'citizen',
          )
          cleanup.push(r.incident.id)
        })
        for (const id of cleanup.splice(0)) await auto.services.incidents.transition(id, { to: 'cancelled', disposition: 'false_report', note: 'bench' }, dispatcher).catch(() => {})
        // Floor: a geographic kd-tree of the same teams (kdbush + geokdbush), nearest one.
        const index = new KDBush(all.length)
        for (const p of all) index.add(p.lon, p.lat)
        index.finish()
        const fl = await time(CALLS * 100, (i) => around(index, spots[Math.abs(i) % spots.length]!.lon, spots[Math.abs(i) % spots.length]!.lat, 1))
        console.log(
          `   ${size} teams: nearest candidates (index) p50 ${ms(near.p50)} ms / p95 ${ms(near.p95)}; recommend() p50 ${ms(rec.p50)} ms / p95 ${ms(rec.p95)}; report() with auto-assignment p50 ${ms(rep.p50)} / p95 ${ms(rep.p95)}; floor kd-tree nearest p50 ${ms(fl.p50)} ms`,
        )
        line({ measure: `nearest among ${size}: nearest free teams (index)`, backend, app: near.p50, floor: fl.p50, unit: 'ms', better: 'lower', note: 'k nearest, ranked by travel cost' })
        line({ measure: `nearest among ${size}: recommend()`, backend, app: rec.p50, floor: fl.p50, unit: 'ms', better: 'lower' })
        line({ measure: `nearest among ${size}: report() auto-assign`, backend, app: rep.p50, floor: NaN, unit: 'ms', better: 'lower', note: 'whole report; no floor' })
      } finally {
        await manual.close()
        await auto.close()
      }
    }
  } finally {
    await db.close()
    await pg?.drop()
  }
}

// -------------------------------------------------------------------------------------------
// 5. Report creation rate with 0 and 4,000 cases waiting (no teams: every report waits)

export async function creation(backend: BackendName, o: CompareOptions): Promise<void> {
  const C = 16
  const SECONDS = o.quick ? 3 : 5
  const FILL = 4000
  console.log(`\n== report creation rate, closed loop with ${C} in flight for ${SECONDS} s, no teams (every report waits); from an empty queue, then with ${FILL} waiting  [${backend}; ${machine()}]`)
  await pair(backend, async (app, floor) => {
    const random = rng(5)
    const pts = pointsInDepok(2000, random)
    const http = { app: new HttpClient(app.url, C + 4), floor: new HttpClient(floor.url, C + 4) }
    const [admin] = await app.accounts([{ username: 'bench-creation-admin', role: 'dispatcher' }])
    const waiting = async (who: 'app' | 'floor') => (await http[who].call('GET', '/api/incidents/counts', { token: who === 'app' ? admin : undefined })).body.waiting.total as number
    let n = 0
    const post = (who: 'app' | 'floor') =>
      http[who].call('POST', '/api/incidents', { body: { category: (['sick', 'homeless', 'elderly', 'odgj'] as const)[n % 4], location: pts[n++ % pts.length], description: 'bench creation' } })
    const measure = async (who: 'app' | 'floor') => {
      let ok = 0
      let stop = false
      let counting = false
      const loops = Array.from({ length: C }, async () => {
        while (!stop) if ((await post(who)).status === 201 && counting && !stop) ok++
      })
      await sleep(1000) // warm-up: connections open, code paths compiled
      const from = await waiting(who)
      counting = true
      const t0 = performance.now()
      await sleep(SECONDS * 1000)
      stop = true
      await Promise.all(loops)
      return { rate: ok / ((performance.now() - t0) / 1000), from, to: await waiting(who) }
    }
    try {
      const empty = { app: await measure('app'), floor: await measure('floor') }
      const t = performance.now()
      const have = await waiting('app')
      await pool(Array.from({ length: Math.max(0, FILL - have) }), C, () => post('app'))
      await floor.fill(FILL - (await waiting('floor')))
      console.log(`   (filled to ${await waiting('app')} waiting in ${((performance.now() - t) / 1000).toFixed(0)} s)`)
      const full = { app: await measure('app'), floor: await measure('floor') }
      console.log(
        table(
          ['   queue', 'app reports/s', 'app waiting from → to', 'floor reports/s', 'floor waiting from → to'],
          [
            ['   empty at start (after 1 s warm-up)', empty.app.rate.toFixed(0), `${empty.app.from} → ${empty.app.to}`, empty.floor.rate.toFixed(0), `${empty.floor.from} → ${empty.floor.to}`],
            [`   ${FILL} waiting`, full.app.rate.toFixed(0), `${full.app.from} → ${full.app.to}`, full.floor.rate.toFixed(0), `${full.floor.from} → ${full.floor.to}`],
          ],
        ),
      )
      line({ measure: 'report creation, empty queue', backend, app: empty.app.rate, floor: empty.floor.rate, unit: 'reports/s', better: 'higher' })
      line({
        measure: `report creation, ${FILL} waiting`,
        backend,
        app: full.app.rate,
        floor: full.floor.rate,
        unit: 'reports/s',
        better: 'higher',
        note: `app at ${((full.app.rate / empty.app.rate) * 100).toFixed(0)}% of its empty-queue rate`,
      })
    } finally {
      http.app.close()
      http.floor.close()
    }
  })
}

// -------------------------------------------------------------------------------------------
// 6. 1,000 dispatcher screens: report → the last screen has it

export async function fanout(backend: BackendName, o: CompareOptions): Promise<void> {
  const SCREENS = 1000
  const ROUNDS = o.quick ? 2 : 3
  const PER_ROUND = o.quick ? 10 : 20
  console.log(
    `\n== ${SCREENS} dispatcher screens: report POST → the last screen receives its event; ${ROUNDS} alternating rounds of ${PER_ROUND} reports, one every 250 ms  [${backend}; ${machine()}]`,
  )
  await pair(backend, async (app, floor) => {
    const random = rng(11)
    const pts = pointsInDepok(ROUNDS * PER_ROUND * 2, random)
    const http = { app: new HttpClient(app.url, 8), floor: new HttpClient(floor.url, 8) }
    const tokens = await app.accounts(Array.from({ length: SCREENS }, (_, i) => ({ username: `bench-screen-${i}`, role: 'dispatcher' as const })))
    const screens = {
      app: (await pool(tokens, 50, (t) => connect(app.url, t))) as unknown as AnySocket[],
      floor: await pool(tokens, 50, () => connectWith(floor.url, { role: 'dispatcher' })),
    }
    const seen = new Map<string, { n: number; last: number }>()
    const onEvent = (e: LooseEvent) => {
      if (e.type !== 'incident.reported' || !e.incidentId) return
      const at = performance.now()
      const s = seen.get(e.incidentId) ?? { n: 0, last: 0 }
      s.n++
      s.last = at
      seen.set(e.incidentId, s)
    }
    for (const s of [...screens.app, ...screens.floor]) s.on('log:event', onEvent)
    const lat = { app: [] as number[], floor: [] as number[] }
    const incomplete = { app: 0, floor: 0 }
    let k = 0
    try {
      for (let r = 0; r < ROUNDS; r++) {
        for (const who of ['app', 'floor'] as const) {
          const sent: { id: Promise<string | null>; at: number }[] = []
          for (let i = 0; i < PER_ROUND; i++) {
            const at = performance.now()
            sent.push({
              at,
              id: http[who]
                .call('POST', '/api/incidents', { body: { category: 'sick', location: pts[k++], description: 'bench fan-out' } })
                .then((res) => (res.status === 201 ? (res.body.id as string) : null)),
            })
            await sleep(250)
          }
          const ids = await Promise.all(sent.map((s) => s.id))
          const end = performance.now() + 10_000
          while (performance.now() < end && ids.some((id) => id && (seen.get(id)?.n ?? 0) < SCREENS)) await sleep(50)
          ids.forEach((id, i) => {
            const s = id ? seen.get(id) : undefined
            if (s && s.n >= SCREENS) lat[who].push(s.last - sent[i]!.at)
            else incomplete[who]++
          })
        }
      }
      const a = summarize(lat.app)
      const f = summarize(lat.floor)
      console.log(
        table(
          ['   server', 'reports', 'p50 ms', 'p99 ms', 'max ms', 'not on every screen'],
          [
            ['   app', a.n, ms(a.p50), ms(a.p99), ms(a.max), incomplete.app],
            ['   floor', f.n, ms(f.p50), ms(f.p99), ms(f.max), incomplete.floor],
          ],
        ),
      )
      line({ measure: `${SCREENS} screens, report → last screen p99`, backend, app: a.p99, floor: f.p99, unit: 'ms', better: 'lower', note: `p50 ${ms(a.p50)} vs ${ms(f.p50)}` })
    } finally {
      for (const s of [...screens.app, ...screens.floor]) s.disconnect()
      http.app.close()
      http.floor.close()
    }
  })
}

/** The closing table, as text and as the Markdown that goes into docs/benchmarks.md. */
export function printSummary(): void {
  if (!LINES.length) return
  console.log(`\n== summary: app beside the floor, measured in the same run  [${machine()}, node ${process.version}]`)
  const rows = LINES.map((l) => [`   ${l.measure}`, l.backend, val(l.app, l.unit), val(l.floor, l.unit), ratio(l), l.note ?? ''])
  console.log(table(['   measure', 'backend', 'app', 'floor', 'app/floor', 'note'], rows))
  console.log('\n| measure | backend | app | floor | app / floor | note |\n|---|---|---|---|---|---|')
  for (const l of LINES) console.log(`| ${l.measure} | ${l.backend} | ${val(l.app, l.unit)} | ${val(l.floor, l.unit)} | ${ratio(l)} | ${l.note ?? ''} |`)
}
