/**
 * The server under load, in its own process (started by bench/server.ts). It is the real
 * createApp(...).listen(0, '127.0.0.1') with the system clock, on in-memory PGlite or on the
 * Postgres database named by BENCH_CHILD_DB_URL. It answers the parent over IPC:
 *   { type: 'accounts', specs } -> creates accounts and signed-in sessions, answers their bearer tokens
 *   { type: 'sample-start' } / { type: 'sample-stop' } -> CPU, event loop, time inside PGlite, logged errors
 *   { type: 'statements' } -> how many statements the app has sent to a Postgres server so far (null on PGlite)
 *   { type: 'close' } -> closes the app and the database, then exits.
 *
 * Accounts are set up with the server's own repositories (one scrypt hash shared by all bench
 * accounts, and a session row per account, exactly what a sign-in stores) rather than 200
 * sign-ins through /api/auth/login, which would spend ~minutes of scrypt on setup. Every bench
 * request then authenticates for real with `Authorization: Bearer <token>` (sockets: auth.token).
 *
 * Measurement hook (bench only): PGlite.prototype.execProtocolRawSync is wrapped to time the
 * synchronous WASM Postgres work, which runs on this process's main thread.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { PGlite } from '@electric-sql/pglite'
import type { AccountRole } from '@shared/auth.js'
import { createApp } from '../server/app.js'
import { sessionsRepository, usersRepository } from '../server/auth/auth.repository.js'
import { hashPassword } from '../server/auth/passwords.js'
import { sessionIdOf } from '../server/http/identity.js'
import { testConfig, type Config } from '../server/config.js'
import { openPglite, openPostgres, type Database } from '../server/db/database.js'
import type { Logger } from '../server/logger.js'
import { processSampler } from './common.js'

let pgliteMs = 0
let pgliteCalls = 0
/** Per-second timeline since sample-start: PGlite busy ms, longest PGlite call, ELU, longest loop delay. */
let tlStart = 0
let tl: { pgMs: number; pgMax: number; elu: number; eldMax: number }[] = []
const bucket = () => {
  const i = Math.floor((performance.now() - tlStart) / 1000)
  while (tl.length <= i) tl.push({ pgMs: 0, pgMax: 0, elu: 0, eldMax: 0 })
  return tl[i]!
}
const proto = PGlite.prototype as unknown as { execProtocolRawSync: (this: unknown, ...args: unknown[]) => unknown }
const original = proto.execProtocolRawSync
/** Statement name → SQL (from Parse messages), so a slow Execute can be named. */
const statements = new Map<string, string>()
let current = ''
const cstr = (m: Uint8Array, at: number): [string, number] => {
  let end = at
  while (end < m.length && m[end] !== 0) end++
  return [Buffer.from(m.subarray(at, end)).toString('utf8'), end + 1]
}
/** The slowest single PGlite calls in the window: message type, statement, ms, second. */
let slowest: { type: string; sql: string; ms: number; at: number }[] = []
proto.execProtocolRawSync = function (this: unknown, ...args: unknown[]) {
  const m = args[0] instanceof Uint8Array ? args[0] : null
  const type = m && m.length > 0 ? String.fromCharCode(m[0]!) : '?'
  if (m && type === 'P') {
    const [name, next] = cstr(m, 5)
    const [sql] = cstr(m, next)
    statements.set(name, sql)
    current = sql
  } else if (m && type === 'B') {
    const [, next] = cstr(m, 5)
    const [name] = cstr(m, next)
    current = statements.get(name) ?? name
  } else if (m && type === 'Q') {
    current = cstr(m, 5)[0]
  }
  const t = performance.now()
  try {
    return original.apply(this, args)
  } finally {
    const d = performance.now() - t
    pgliteMs += d
    pgliteCalls++
    if (tlStart) {
      const b = bucket()
      b.pgMs += d
      b.pgMax = Math.max(b.pgMax, d)
      if (slowest.length < 5 || d > slowest[slowest.length - 1]!.ms) {
        slowest.push({ type, sql: current.replace(/\s+/g, ' ').slice(0, 160), ms: d, at: (performance.now() - tlStart) / 1000 })
        slowest.sort((a, b) => b.ms - a.ms)
        slowest = slowest.slice(0, 5)
      }
    }
  }
}

const logged = { error: 0, warn: 0, samples: [] as string[] }
const note = (level: 'error' | 'warn') => (msg: string, fields?: Record<string, unknown>) => {
  logged[level]++
  if (logged.samples.length < 10) logged.samples.push(`${level}: ${msg} ${fields ? JSON.stringify(fields) : ''}`.slice(0, 400))
}
const logger: Logger = { debug: () => {}, info: () => {}, warn: note('warn'), error: note('error') }

/** Every statement postgres.js sends to the Postgres server, counted with its `debug` hook. */
let statementCount = 0

/**
 * The app's database on a Postgres server, as openPostgres makes it, with postgres.js's `debug`
 * hook counting statements (BEGIN and COMMIT included). Migrations run through openPostgres
 * first, on a connection of their own.
 */
async function countingPostgres(url: string): Promise<Database> {
  if (!process.env.BENCH_COUNT_STATEMENTS) return openPostgres(url)
  await (await openPostgres(url)).close()
  return openPostgres(url, {
    migrate: false,
    debug: (_c, q) => {
      statementCount++
      if (process.env.BENCH_LOG_SQL) process.stderr.write(`SQL ${q.replace(/\s+/g, ' ').slice(0, 140)}\n`)
    },
  })
}

async function main() {
  const send = (m: unknown) => process.send?.(m)
  const url = process.env.BENCH_CHILD_DB_URL
  const overrides = JSON.parse(process.env.BENCH_CHILD_CONFIG ?? '{}') as Partial<Config>
  const db = url ? await countingPostgres(url) : await openPglite(null)
  // One client IP sends every report, so the public form's per-IP limit is lifted (the limiter
  // still runs on every report).
  const config = testConfig({ SWEEP_INTERVAL_MS: 1000, LOG_LEVEL: 'silent', ACK_TIMEOUT_S: 600, REPORTS_PER_IP_PER_HOUR: 1_000_000_000, ...overrides })
  const app = createApp({ db, config, logger })
  let passwordHash: string | null = null
  const issueSessions = async (specs: { username: string; role: AccountRole; teamId?: string }[]): Promise<string[]> => {
    passwordHash ??= await hashPassword(randomBytes(18).toString('base64url'))
    const tokens: string[] = []
    for (const spec of specs) {
      const now = new Date()
      const user = await usersRepository.insert(db.sql, { id: randomUUID(), username: spec.username, displayName: spec.username, role: spec.role, teamId: spec.teamId ?? null, passwordHash }, now)
      const token = randomBytes(32).toString('base64url')
      const expiresAt = new Date(now.getTime() + config.SESSION_TTL_HOURS * 3_600_000)
      await sessionsRepository.insert(db.sql, { id: sessionIdOf(token), userId: user.id, csrfToken: randomBytes(24).toString('base64url'), expiresAt }, now)
      tokens.push(token)
    }
    return tokens
  }
  const { url: base } = await app.listen(0, '127.0.0.1')
  const sampler = processSampler()
  // WAL written in the window (on a Postgres server: the whole cluster's WAL, other databases included).
  let walStart: string | null = null
  const walLsn = async () => ((await db.sql`select pg_current_wal_lsn()::text as l`)[0]?.l as string | undefined) ?? null
  const walSince = async (from: string) => Number((await db.sql`select pg_wal_lsn_diff(pg_current_wal_lsn(), ${from}::pg_lsn)::bigint as d`)[0]?.d ?? NaN)
  let pg0 = { ms: 0, calls: 0 }
  let t0 = performance.now()
  // Per-second event-loop utilisation and longest loop delay, for the timeline.
  const eld = monitorEventLoopDelay({ resolution: 10 })
  let eluPrev = performance.eventLoopUtilization()
  let tick: NodeJS.Timeout | null = null
  const startTimeline = () => {
    tlStart = performance.now()
    tl = []
    slowest = []
    eld.reset()
    eld.enable()
    eluPrev = performance.eventLoopUtilization()
    tick = setInterval(() => {
      const i = Math.max(0, Math.round((performance.now() - tlStart) / 1000) - 1)
      while (tl.length <= i) tl.push({ pgMs: 0, pgMax: 0, elu: 0, eldMax: 0 })
      const b = tl[i]!
      const now = performance.eventLoopUtilization()
      b.elu = performance.eventLoopUtilization(now, eluPrev).utilization
      b.eldMax = Math.max(0, eld.max / 1e6 - 10)
      eluPrev = now
      eld.reset()
    }, 1000)
  }
  const stopTimeline = () => {
    if (tick) clearInterval(tick)
    eld.disable()
    tlStart = 0
    return tl
  }

  process.on('message', async (m: { type: string; specs?: { username: string; role: AccountRole; teamId?: string }[] }) => {
    if (m.type === 'accounts') {
      try {
        send({ type: 'accounts-done', tokens: await issueSessions(m.specs ?? []) })
      } catch (err) {
        send({ type: 'accounts-done', error: String(err) })
      }
    } else if (m.type === 'statements') {
      send({ type: 'statements', n: url && process.env.BENCH_COUNT_STATEMENTS ? statementCount : null })
    } else if (m.type === 'cpu') {
      const u = process.cpuUsage()
      send({ type: 'cpu', micros: u.user + u.system })
    } else if (m.type === 'sample-start') {
      walStart = await walLsn()
      sampler.start()
      pg0 = { ms: pgliteMs, calls: pgliteCalls }
      t0 = performance.now()
      logged.error = 0
      logged.warn = 0
      logged.samples = []
      startTimeline()
      send({ type: 'sample-started' })
    } else if (m.type === 'sample-stop') {
      const s = sampler.stop()
      const wall = performance.now() - t0
      const timeline = stopTimeline()
      const walBytes = walStart ? await walSince(walStart) : null
      send({ type: 'sample', sample: { ...s, wallMs: wall, pgliteMs: pgliteMs - pg0.ms, pgliteCalls: pgliteCalls - pg0.calls, logged: { ...logged }, timeline, slowest, walBytes } })
    } else if (m.type === 'close') {
      try {
        await app.close()
        await db.close()
      } finally {
        send({ type: 'closed' })
        setTimeout(() => process.exit(0), 50)
      }
    }
  })
  send({ type: 'ready', url: base, kind: db.kind })
}

main().catch((err) => {
  console.error('bench server failed:', err)
  process.exit(1)
})
