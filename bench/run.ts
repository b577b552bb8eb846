/**
 * The benchmark suite. `npm run bench` measures the app beside the floor (bench/compare.ts:
 * report → offer, statements per report, position ingest, nearest team, creation rate, 1,000
 * screens) on PGlite, and on the Postgres server too when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL is set (a throwaway database per server, dropped afterwards), and ends with
 * a summary table (also as Markdown for docs/benchmarks.md).
 *
 *   npm run bench                       everything (about 15 min on 2 cores)
 *   npm run bench -- --quick            shorter windows (a few minutes)
 *   npm run bench -- offer fanout       some sections: offer, statements, ingest, nearest, creation, fanout
 *   npm run bench -- latency positions  the older detailed single-server benches (timelines, resources)
 *
 * BENCH_BACKEND=pglite|postgres runs one backend. The detailed benches read the settings listed
 * in bench/report-latency.ts and bench/positions.ts (BENCH_SECONDS, BENCH_RATE, …).
 *
 * Callers sign in as real accounts: bench/server-child.ts creates accounts with sessions, and
 * every request or socket carries its bearer token. Benchmarks print figures; they never assert.
 */
import os from 'node:os'
import { backends, postgresAdminUrl, type BackendName } from './common.js'
import { creation, fanout, ingest, nearest, offer, printSummary, statements, type CompareOptions } from './compare.js'
import { positions } from './positions.js'
import { reportLatency } from './report-latency.js'

type Bench = (b: BackendName, o: CompareOptions) => Promise<void>
const COMPARE: Record<string, Bench> = { offer, statements, ingest, nearest, creation, fanout }
const DETAIL: Record<string, Bench> = { latency: (b) => reportLatency(b), positions: (b) => positions(b) }
const ALL = { ...COMPARE, ...DETAIL }

async function main() {
  const argv = process.argv.slice(2)
  const quick = argv.includes('--quick')
  const args = argv.filter((a) => !a.startsWith('--'))
  const unknown = args.filter((a) => !(a in ALL))
  if (unknown.length) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; choose from: ${Object.keys(ALL).join(', ')} (and --quick)`)
    process.exit(2)
  }
  const selected = args.length ? Object.keys(ALL).filter((k) => args.includes(k)) : Object.keys(COMPARE)
  const admin = postgresAdminUrl()
  console.log(`TRC Dispatch benchmarks — ${new Date().toISOString()}${quick ? ' (quick)' : ''}`)
  console.log(
    `os.cpus().length=${os.cpus().length} (${os.cpus()[0]?.model?.trim() ?? '?'}), load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')}, node ${process.version}, ${os.platform()} ${os.arch()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
  )
  console.log(`backends: ${backends().join(', ')}${admin ? ` (Postgres server: ${new URL(admin).host})` : ' (set BENCH_DATABASE_URL or TEST_DATABASE_URL to add a Postgres server)'}`)
  console.log(`benchmarks: ${selected.join(', ')}`)
  for (const b of backends()) {
    for (const name of selected) {
      const t = Date.now()
      try {
        await ALL[name]!(b, { quick })
      } catch (err) {
        console.log(`\n!! ${name} on ${b} failed: ${err instanceof Error ? err.stack : String(err)}`)
        process.exitCode = 1
      }
      console.log(`   (${name} on ${b} took ${((Date.now() - t) / 1000).toFixed(0)} s)`)
    }
  }
  printSummary()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
