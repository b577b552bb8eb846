/**
 * 3. Nearest-team selection with 100, 1,000 and 10,000 free teams that have fresh positions.
 *
 * In-process (no HTTP): createApp(...) on a fresh database, teams bulk-inserted with SQL
 * (setup only). Per size it times, over BENCH_NEAREST_CALLS calls (default 50) after 5
 * warm-up calls:
 *   - app.services.dispatch.recommend(incidentId): the whole path (incident read, SQL for the
 *     free teams, row → Team mapping, ranking);
 *   - teamsRepository.candidates(...) alone: the SQL part of that path;
 *   - rankByCost(...) alone (server/dispatch/ranking.ts), pure, on the same teams in memory;
 * and, because auto-assignment runs the same ranking inside every report's transaction,
 *   - app.services.incidents.report(...) in auto mode (20 calls, each cancelled afterwards,
 *     untimed, so the pool of free teams stays the same).
 */
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { Actor } from '../shared/events.js'
import { ReportIncidentSchema } from '../shared/incidents.js'
import { ASSIGNABLE_TEAM_STATUSES } from '../shared/teams.js'
import { createApp } from '../server/app.js'
import { testConfig } from '../server/config.js'
import { openPglite, openPostgres, type Database } from '../server/db/database.js'
import { rankByCost, straightLineMetres } from '../server/dispatch/ranking.js'
import { teamsRepository, toTeam } from '../server/teams/teams.repository.js'
import { environmentLine, pointsInDepok, processSampler, rng, systemCpu, throwawayDatabase, type BackendName } from './common.js'
import { ms, summarize, table } from './stats.js'

const SIZES = (process.env.BENCH_NEAREST_SIZES ?? '100,1000,10000').split(',').map(Number).filter((n) => n > 0)

async function timeIt(calls: number, warm: number, fn: () => Promise<unknown> | unknown): Promise<number[]> {
  for (let i = 0; i < warm; i++) await fn()
  const out: number[] = []
  for (let i = 0; i < calls; i++) {
    const t = performance.now()
    await fn()
    out.push(performance.now() - t)
  }
  return out
}

export async function nearest(backend: BackendName): Promise<void> {
  const CALLS = Math.max(1, Number(process.env.BENCH_NEAREST_CALLS) || 50)
  console.log(`\n== 3. Nearest-team selection  [${environmentLine(backend)}]`)
  console.log(`   in-process; ${CALLS} timed calls after 5 warm-up calls; report() 20 calls in auto mode (each assigns one team, then is cancelled untimed)`)

  const pg = backend === 'postgres' ? await throwawayDatabase() : null
  const db: Database = pg ? await openPostgres(pg.url) : await openPglite(null)
  const config = testConfig({ ASSIGNMENT_MODE: 'manual', LOG_LEVEL: 'silent' })
  const manual = createApp({ db, config })
  const auto = createApp({ db, config: { ...config, ASSIGNMENT_MODE: 'auto' } })
  const dispatcher: Actor = { kind: 'dispatcher', id: 'bench' }
  const citizen: Actor = { kind: 'citizen', id: null }
  const random = rng(42)
  const rows: (string | number)[][] = []
  const self = processSampler()
  const sys = systemCpu()
  self.start()
  sys.start()
  try {
    const center = { lon: 106.8186, lat: -6.399 }
    const { incident } = await manual.services.incidents.report(ReportIncidentSchema.parse({ category: 'sick', location: center, description: 'bench nearest' }), citizen, 'citizen')
    // Closed at once: recommend() ranks for any incident, and an open one would sit in the queue
    // and be handed to the first team the auto-mode reports below free up.
    await manual.services.incidents.transition(incident.id, { to: 'cancelled', disposition: 'false_report', note: 'bench' }, dispatcher)
    let have = 0
    for (const size of SIZES) {
      // Top the fleet up to `size` teams, all available with a fresh position.
      const tIns = performance.now()
      const pts = pointsInDepok(size - have, random)
      const now = new Date()
      const teamRows = pts.map((p, i) => ({
        id: randomUUID(),
        call_sign: `N${have + i + 1}`,
        name: `Nearest bench ${have + i + 1}`,
        status: 'available',
        status_changed_at: now,
        lon: p.lon,
        lat: p.lat,
        accuracy_m: 10,
        device_time: now,
        position_received_at: now,
        created_at: now,
      }))
      for (let i = 0; i < teamRows.length; i += 1000) await db.sql`insert into teams ${db.sql(teamRows.slice(i, i + 1000) as never)}`
      have = size
      const insertS = (performance.now() - tIns) / 1000

      const freshSince = new Date(Date.now() - config.STALE_POSITION_MIN * 60_000)
      const rec = await timeIt(CALLS, 5, () => manual.services.dispatch.recommend(incident.id))
      const check = await manual.services.dispatch.recommend(incident.id)
      const sqlOnly = await timeIt(CALLS, 5, () => teamsRepository.candidates(db.sql, ASSIGNABLE_TEAM_STATUSES, freshSince))
      const candRows = await teamsRepository.candidates(db.sql, ASSIGNABLE_TEAM_STATUSES, freshSince)
      const mapOnly = await timeIt(CALLS, 5, () => candRows.map((r) => toTeam(r, new Date(), config.STALE_POSITION_MIN * 60_000)))
      const teams = candRows.map((r) => toTeam(r, new Date(), config.STALE_POSITION_MIN * 60_000))
      const rankOnly = await timeIt(CALLS, 5, () => rankByCost(incident.location, teams, (t) => t.position!, straightLineMetres))
      const reportTimes: number[] = []
      let assigned = 0
      const reportPts = pointsInDepok(20, random)
      for (const p of reportPts) {
        const t = performance.now()
        const r = await auto.services.incidents.report(ReportIncidentSchema.parse({ category: 'sick', location: p, description: 'bench nearest auto' }), citizen, 'citizen')
        reportTimes.push(performance.now() - t)
        if (r.incident.status === 'assigned') assigned++
        await auto.services.incidents.transition(r.incident.id, { to: 'cancelled', disposition: 'false_report', note: 'bench' }, dispatcher)
      }
      const add = (name: string, v: number[], extra = '') => {
        const s = summarize(v)
        rows.push([`   ${size}`, name, s.n, ms(s.p50), ms(s.p95), ms(s.max), extra])
      }
      add('recommend(incidentId)', rec, `${check.length} ranked; insert ${insertS.toFixed(1)} s`)
      add('  candidates SQL only', sqlOnly, `${candRows.length} rows`)
      add('  rows → Team only', mapOnly)
      add('  rankByCost only (pure)', rankOnly)
      add('report() auto-assign', reportTimes, `${assigned}/20 assigned`)
    }
    console.log(table(['   teams', 'measure', 'n', 'median ms', 'p95 ms', 'max ms', 'note'], rows))
    const me = self.stop()
    const all = sys.stop()
    console.log(`   this process ${me.cpuCores.toFixed(2)} cores; whole machine ${all === null ? '?' : all.toFixed(2)} cores busy (everything else${pg ? ', the Postgres server included' : ''}: ${all === null ? '?' : Math.max(0, all - me.cpuCores).toFixed(2)})`)
  } finally {
    await manual.close()
    await auto.close()
    await db.close()
    await pg?.drop()
  }
}
