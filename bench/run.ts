/**
 * The benchmark suite: `npm run bench` runs every benchmark on PGlite, and on the Postgres
 * server too when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (a throwaway database per
 * run, dropped afterwards). `npm run bench -- nearest` (or latency, positions) runs one.
 *
 * Settings (environment): BENCH_SECONDS (60), BENCH_RATE (50 reports/s), BENCH_TEAMS (200),
 * BENCH_CANCEL_MS (1000), BENCH_POSITION_S (5), BENCH_DRAIN_S (20), BENCH_POS_SENDERS (32),
 * BENCH_POS_SECONDS (5), BENCH_NEAREST_CALLS (50), BENCH_NEAREST_SIZES (100,1000,10000),
 * BENCH_BACKEND (pglite|postgres: only that one).
 *
 * Callers sign in as real accounts: bench/server-child.ts creates an admin, a dispatcher and one
 * member per team, each with a session, and every request or socket carries its bearer token.
 *
 * Benchmarks print figures; they never assert.
 */
import os from 'node:os'
import { backends, postgresAdminUrl, type BackendName } from './common.js'
import { nearest } from './nearest.js'
import { positions } from './positions.js'
import { reportLatency } from './report-latency.js'

const BENCHES: Record<string, (b: BackendName) => Promise<void>> = {
  latency: reportLatency,
  positions,
  nearest,
}
const ALIASES: Record<string, string> = { 'report-latency': 'latency', report: 'latency', position: 'positions', 'nearest-team': 'nearest' }

async function main() {
  const args = process.argv.slice(2).map((a) => ALIASES[a] ?? a)
  const unknown = args.filter((a) => !(a in BENCHES))
  if (unknown.length) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; choose from: ${Object.keys(BENCHES).join(', ')}`)
    process.exit(2)
  }
  const selected = args.length ? Object.keys(BENCHES).filter((k) => args.includes(k)) : Object.keys(BENCHES)
  const admin = postgresAdminUrl()
  console.log(`TRC Dispatch benchmarks — ${new Date().toISOString()}`)
  console.log(`os.cpus().length=${os.cpus().length}, node ${process.version}, ${os.platform()} ${os.arch()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`)
  console.log(`backends: ${backends().join(', ')}${admin ? ` (Postgres server: ${new URL(admin).host})` : ' (set BENCH_DATABASE_URL or TEST_DATABASE_URL to add a Postgres server)'}`)
  console.log(`benchmarks: ${selected.join(', ')}`)
  const load = os.loadavg()[0]!
  if (load > 0.5) console.log(`note: load average is ${load.toFixed(2)} before starting; other processes on these ${os.cpus().length} cores will skew the figures (see 'everything else' per section)`)
  for (const name of selected) {
    for (const b of backends()) {
      const t = Date.now()
      try {
        await BENCHES[name]!(b)
      } catch (err) {
        console.log(`\n!! ${name} on ${b} failed: ${err instanceof Error ? err.stack : String(err)}`)
        process.exitCode = 1
      }
      console.log(`   (${name} on ${b} took ${((Date.now() - t) / 1000).toFixed(0)} s)`)
    }
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
