import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import lockfile from 'proper-lockfile'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { migrate } from './migrate.js'

export type Sql = postgres.Sql
export type DatabaseKind = 'pglite' | 'postgres'

export interface Database {
  kind: DatabaseKind
  sql: Sql
  /** Subscribe to a Postgres notification channel (server only; PGlite is one process). */
  listen(channel: string, onMessage: (payload: string) => void): Promise<void>
  close(): Promise<void>
}

/** The embedded database, which can also be copied whole (a backup, or a migrated template). */
export interface EmbeddedDatabase extends Database {
  kind: 'pglite'
  /** The whole data folder as a tarball, taken between statements. */
  dumpDataDir(): Promise<File | Blob>
}

export interface PgliteOptions {
  /** Start from a copy of a data folder made by `dumpDataDir` (it is then migrated as usual). */
  loadDataDir?: File | Blob
}

export class DataDirLockedError extends Error {
  constructor(dir: string) {
    super(
      `Another TRC Dispatch process is already using the data folder ${dir}. ` +
        'Two processes on one embedded database would corrupt it: stop the other one, ' +
        'or set DATA_DIR to another folder, or use a Postgres server with DATABASE_URL.',
    )
    this.name = 'DataDirLockedError'
  }
}

const quiet = { onnotice: () => {} }

/**
 * postgres.js 3.4 reserves a connection for a transaction only if the BEGIN does not fill the
 * connection's pipeline (`max_pipeline`, default 100); when it does, the transaction runs
 * without a connection and throws outside any handler, which kills the process
 * (porsager/postgres#1189, fix proposed in #1218; reproduced in test/database.test.ts). With the
 * bound lifted that branch is never taken. Pipelined queries still run in order; memory is
 * bounded by how many requests the server is serving. `max_pipeline` is a documented option
 * missing from the driver's type definitions.
 */
const SAFE_PIPELINE = { max_pipeline: Number.MAX_SAFE_INTEGER }

const PID_FILE = 'server.pid'

/**
 * Takes the data folder for this process. The lock is a folder beside the data that
 * proper-lockfile keeps fresh while we run; our pid is written next to it so that a lock
 * left by a process that was killed outright (SIGKILL, power cut) is recognised at once
 * and taken over, instead of refusing starts until it goes stale.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const opts = { stale: 15_000, update: 5_000, realpath: true }
  const pidFile = path.join(dataDir, PID_FILE)
  let release: () => Promise<void>
  try {
    release = await lockfile.lock(dataDir, opts)
  } catch (err) {
    if ((err as { code?: string }).code !== 'ELOCKED') throw err
    const pid = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : NaN)
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) throw new DataDirLockedError(dataDir)
    // proper-lockfile only unlocks its own locks; the dead owner's lock folder is removed by hand.
    fs.rmSync(`${fs.realpathSync(dataDir)}.lock`, { recursive: true, force: true })
    try {
      release = await lockfile.lock(dataDir, opts)
    } catch {
      throw new DataDirLockedError(dataDir)
    }
  }
  fs.writeFileSync(pidFile, String(process.pid))
  return async () => {
    fs.rmSync(pidFile, { force: true })
    await release()
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM'
  }
}

/** Connects to a Postgres server (DATABASE_URL) and applies the migrations. */
export async function openPostgres(
  url: string,
  opts: { max?: number; migrate?: boolean; /** Sees every statement sent (benchmarks and tests count them). */ debug?: (connection: number, query: string) => void } = {},
): Promise<Database> {
  const sql = postgres(url, { max: opts.max ?? 10, ...SAFE_PIPELINE, ...quiet, ...(opts.debug ? { debug: opts.debug } : {}) } as postgres.Options<Record<string, postgres.PostgresType>>)
  if (opts.migrate !== false) await migrate(sql, { lockWithConnection: true })
  return {
    kind: 'postgres',
    sql,
    async listen(channel, onMessage) {
      await sql.listen(channel, onMessage)
    },
    close: () => sql.end({ timeout: 5 }),
  }
}

/**
 * Opens the embedded database: PGlite (Postgres compiled to WASM) persisted under `dataDir`,
 * or in memory when `dataDir` is null. The `postgres` driver reaches it through
 * pglite-socket on a private Unix socket, so one data-access layer serves both backends
 * (docs/decisions/001-database-access.md). PGlite is single-connection: one client, no pipelining.
 */
/**
 * Extensions the migrations create. PGlite ships them but loads only those passed here;
 * pg_trgm gives trigram similarity for recognising a returning person by a misspelt name.
 */
const PGLITE_EXTENSIONS = { pg_trgm }

export async function openPglite(dataDir: string | null, opts: PgliteOptions = {}): Promise<EmbeddedDatabase> {
  let release: (() => Promise<void>) | null = null
  let pg: PGlite
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true })
    release = await lockDataDir(dataDir)
    pg = await PGlite.create({ dataDir: path.join(dataDir, 'pgdata'), extensions: PGLITE_EXTENSIONS, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) })
  } else {
    pg = await PGlite.create({ extensions: PGLITE_EXTENSIONS, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) })
  }
  const sockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trc-pg-'))
  const sockPath = path.join(sockDir, '.s.PGSQL.5432')
  const server = new PGLiteSocketServer({ db: pg, path: sockPath })
  await server.start()
  const options = { path: sockPath, username: 'postgres', database: 'postgres', max: 1, idle_timeout: 0, ...SAFE_PIPELINE, ...quiet }
  const sql = postgres(options as postgres.Options<Record<string, postgres.PostgresType>>)
  try {
    await migrate(sql, { lockWithConnection: false })
  } catch (err) {
    await sql.end({ timeout: 1 }).catch(() => {})
    await server.stop().catch(() => {})
    await pg.close().catch(() => {})
    if (release) await release().catch(() => {})
    throw err
  }
  let closed = false
  return {
    kind: 'pglite',
    sql,
    async listen() {
      // One process owns a PGlite database; notifications are delivered in-process.
    },
    dumpDataDir: () => pg.dumpDataDir('none'),
    async close() {
      if (closed) return
      closed = true
      await sql.end({ timeout: 5 })
      await server.stop()
      await pg.close()
      fs.rmSync(sockDir, { recursive: true, force: true })
      if (release) await release()
    },
  }
}

export function openDatabase(opts: { url?: string; dataDir: string | null }): Promise<Database> {
  return opts.url ? openPostgres(opts.url) : openPglite(opts.dataDir)
}
