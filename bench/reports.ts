/**
 * How long the monthly report and the public summary take on a year of history:
 * `npx tsx bench/reports.ts` (PGlite), or with BENCH_DATABASE_URL / TEST_DATABASE_URL for a
 * Postgres server (a throwaway database). CASES_PER_MONTH (default 3000) closed pickups a month
 * for MONTHS (default 12), each with the eight status events a full pickup logs, are written
 * straight into the tables. Prints figures; asserts nothing.
 */
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { createApp } from '../server/app.js'
import { ManualClock } from '../server/clock.js'
import { testConfig } from '../server/config.js'
import { openPglite, openPostgres, type Database } from '../server/db/database.js'
import { ms, summarize, table } from './stats.js'

const CASES_PER_MONTH = Number(process.env.CASES_PER_MONTH ?? 3000)
const MONTHS = Number(process.env.MONTHS ?? 12)
const RUNS = 5

async function open(): Promise<{ db: Database; name: string; dispose(): Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
  if (!url) {
    const db = await openPglite(null)
    return { db, name: 'pglite', dispose: () => db.close() }
  }
  const name = `trc_bench_${randomBytes(4).toString('hex')}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const u = new URL(url)
  u.pathname = `/${name}`
  const db = await openPostgres(u.toString())
  return {
    db,
    name: 'postgres',
    async dispose() {
      await db.close()
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

async function seed(db: Database, end: Date) {
  const sql = db.sql
  const team = '00000000-0000-4000-8000-000000000001'
  await sql`insert into teams (id, call_sign, name, status, status_changed_at, created_at) values (${team}, 'B-1', 'Bench', 'available', ${end}, ${end})`
  const total = CASES_PER_MONTH * MONTHS
  const span = MONTHS * 30 * 24 * 3600
  // Cases spread evenly over the period; minutes between steps vary with the case number.
  await sql.unsafe(`
    insert into incidents (id, tracking_code, category, priority, priority_rank, answers, status, lon, lat, location_source,
      kecamatan_code, kecamatan, source, team_id, disposition, reported_at, updated_at)
    select md5('c' || g)::uuid, 'B' || g, (array['sick','homeless','odgj','elderly'])[1 + g % 4], 'normal', 2, '{}', 'closed',
      106.8, -6.4, 'map_pin', '32.76.0' || (1 + g % 9), 'K' || (1 + g % 9), 'citizen', '${team}',
      (array['handed_over','released_on_scene','false_report','refused_help'])[1 + g % 4],
      timestamptz '${end.toISOString()}' - make_interval(secs => ${span}::float8 * g / ${total}), now()
    from generate_series(1, ${total}) g`)
  await sql.unsafe(`
    insert into events (at, type, actor, incident_id, team_id, data)
    select i.reported_at + make_interval(mins => s.offset_min + (g % 7)), s.type, '{"kind":"system","id":null}', i.id,
      case when s.type = 'incident.assigned' then '${team}'::uuid end, s.data::jsonb
    from generate_series(1, ${total}) g
    join incidents i on i.id = md5('c' || g)::uuid
    cross join (values
      (0, 'incident.reported', null),
      (2, 'incident.assigned', '{"assignmentId":"x"}'),
      (3, 'incident.transitioned', '{"from":"assigned","to":"acknowledged"}'),
      (5, 'incident.transitioned', '{"from":"acknowledged","to":"en_route"}'),
      (20, 'incident.transitioned', '{"from":"en_route","to":"on_scene"}'),
      (35, 'incident.transitioned', '{"from":"on_scene","to":"transporting"}'),
      (55, 'incident.transitioned', '{"from":"transporting","to":"handed_over"}'),
      (80, 'incident.transitioned', '{"from":"handed_over","to":"closed"}')
    ) as s(offset_min, type, data)
    order by g, s.offset_min`)
  return total
}

async function main() {
  const { db, name, dispose } = await open()
  const end = new Date()
  const clock = new ManualClock(end)
  const app = createApp({ db, config: testConfig(), clock })
  try {
    const t0 = performance.now()
    const total = await seed(db, end)
    console.log(`${name}: seeded ${total} cases with ${total * 8} events in ${ms(performance.now() - t0)} ms`)
    const month = end.toISOString().slice(0, 7)
    const first = new Date(end.getTime() - (MONTHS - 1) * 30 * 24 * 3600_000).toISOString().slice(0, 7)
    const time = async (f: () => Promise<unknown>) => {
      const runs: number[] = []
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now()
        await f()
        runs.push(performance.now() - t)
      }
      return summarize(runs)
    }
    const r = app.services.reports
    const rows = [
      ['report, 1 month by kecamatan', await time(() => r.report({ from: month, to: month, groupBy: 'kecamatan' }, { role: 'admin' }))],
      [`report, ${MONTHS} months by month`, await time(() => r.report({ from: first, to: month, groupBy: 'month' }, { role: 'admin' }))],
      [`report, ${MONTHS} months by team`, await time(() => r.report({ from: first, to: month, groupBy: 'team' }, { role: 'admin' }))],
      [
        'public summary (uncached)',
        await time(async () => {
          clock.advance(61_000)
          return r.publicSummary()
        }),
      ],
    ] as const
    console.log(
      table(
        ['', 'runs', 'p50 ms', 'max ms'],
        rows.map(([label, s]) => [label, s.n, ms(s.p50), ms(s.max)]),
      ),
    )
  } finally {
    await app.close()
    await dispose()
  }
}

void main()
