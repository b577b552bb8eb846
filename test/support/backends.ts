import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import postgres from 'postgres'
import { openPglite, openPostgres, type Database } from '../../server/db/database.js'
import { oncePerRun } from './run-cache.js'

export interface Backend {
  name: 'pglite' | 'postgres'
  /** A fresh, migrated, empty database. `dispose` also drops it on a server. */
  open(): Promise<{ db: Database; url: string | null; dispose(): Promise<void> }>
}

/**
 * A freshly migrated, empty embedded database (PGlite's dumpDataDir), made once per test run
 * and shared by every test process (run-cache.ts): starting each test's database from it skips
 * initdb and the migrations (about 1 s instead of 3–5 s per database on this 2-core machine).
 * openPglite still runs the migration check on the copy, so a copy can never be behind the code.
 */
let template: Promise<Blob> | null = null
const dumpMigrated = async (): Promise<Blob> => {
  const db = await openPglite(null)
  try {
    return await db.dumpDataDir()
  } finally {
    await db.close()
  }
}
const migratedTemplate = () =>
  (template ??= (async () => {
    const file = await oncePerRun('pglite-template.tar', async (target) => {
      fs.writeFileSync(target, Buffer.from(await (await dumpMigrated()).arrayBuffer()))
    })
    return file ? new Blob([fs.readFileSync(file)]) : dumpMigrated()
  })())

/**
 * A new data folder (as `DATA_DIR`) holding the migrated, empty embedded database, for tests
 * that start `server/main.ts` as a process and are not about the very first start: a cold
 * start in an empty folder (initdb and every migration) costs a process about 10 s of CPU on
 * this machine, a copy of the run's template about 1 s. The process still runs the migration
 * check and everything after it (seeding, demo accounts) as on a first start.
 */
export async function migratedDataDir(dir: string): Promise<string> {
  const db = await openPglite(dir, { loadDataDir: await migratedTemplate() })
  await db.close()
  return dir
}

const pglite: Backend = {
  name: 'pglite',
  async open() {
    const db = await openPglite(null, { loadDataDir: await migratedTemplate() })
    return { db, url: null, dispose: () => db.close() }
  },
}

/** A database's URL on the server of `adminUrl`. */
const urlOf = (adminUrl: string, name: string) => {
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** The run-wide migrated template database's name is kept in this file of the run's folder. */
export const POSTGRES_TEMPLATE_FILE = 'postgres-template'

/**
 * Throwaway databases on the server named by TEST_DATABASE_URL, each a copy (CREATE DATABASE …
 * TEMPLATE) of one database migrated once per test run; openPostgres still runs the migration
 * check on each copy. global-setup.ts drops the template at the end of the run.
 */
function postgresBackend(adminUrl: string): Backend {
  let template: Promise<string | null> | null = null
  const migratedTemplate = () =>
    (template ??= (async () => {
      const file = await oncePerRun(POSTGRES_TEMPLATE_FILE, async (target) => {
        const name = `trc_test_template_${randomBytes(6).toString('hex')}`
        const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
        try {
          await admin.unsafe(`create database ${name}`)
          fs.writeFileSync(target, name) // before migrating: the teardown drops it even if that fails
          await (await openPostgres(urlOf(adminUrl, name))).close()
        } finally {
          await admin.end()
        }
      })
      return file ? fs.readFileSync(file, 'utf8').trim() : null
    })())
  return {
    name: 'postgres',
    async open() {
      const copyOf = await migratedTemplate()
      const name = `trc_test_${randomBytes(6).toString('hex')}`
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
      await admin.unsafe(`create database ${name}${copyOf ? ` template ${copyOf}` : ''}`)
      const url = urlOf(adminUrl, name)
      const db = await openPostgres(url)
      return {
        db,
        url,
        async dispose() {
          await db.close()
          await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {})
          await admin.end()
        },
      }
    },
  }
}

/** PGlite always; the Postgres server too when TEST_DATABASE_URL is set (CI sets it). */
export const BACKENDS: Backend[] = [pglite, ...(process.env.TEST_DATABASE_URL ? [postgresBackend(process.env.TEST_DATABASE_URL)] : [])]

/** The migrations' own bookkeeping, which a reset keeps. */
const MIGRATION_TABLES = ['migrations', 'migration_checksums']

/**
 * One database for all of a test file's tests, emptied for each test, instead of a new
 * database per test: `fresh()` (in beforeEach) empties every table but the migrations' own,
 * restarts their sequences and puts back the rows the migrations wrote, so each test starts
 * from what a newly migrated database holds,
 * then hands out the database for startTestServer's `opened` argument. On a Postgres server
 * each test gets its own connection pool (closed with the test's server, taking its LISTENs
 * along); PGlite is one connection, shared. `close()` (in afterAll) drops the database.
 */
export function databasePerFile(backend: Backend): { fresh(): Promise<{ db: Database; dispose(): Promise<void> }>; close(): Promise<void> } {
  let opened: Promise<{ db: Database; url: string | null; dispose(): Promise<void>; tables: string[]; seeded: Array<{ name: string; rows: unknown }> }> | null = null
  const open = () =>
    (opened ??= (async () => {
      const handle = await backend.open()
      const all = await handle.db.sql<{ name: string }[]>`
        select quote_ident(tablename) as name from pg_tables
        where schemaname = current_schema() and not (tablename = any(${MIGRATION_TABLES}))`
      // Rows the migrations themselves write (e.g. the roster's single state row) are kept and
      // put back after each emptying, so each test starts from a newly migrated database.
      const seeded: Array<{ name: string; rows: unknown }> = []
      for (const { name } of all) {
        const [row] = await handle.db.sql.unsafe(`select json_agg(t) as rows from ${name} t`)
        if (row!.rows) seeded.push({ name, rows: row!.rows })
      }
      return { ...handle, tables: all.map((t) => t.name), seeded }
    })())
  return {
    async fresh() {
      const { db, url, tables, seeded } = await open()
      await db.sql.unsafe(`truncate ${tables.join(', ')} restart identity cascade`)
      for (const { name, rows } of seeded) await db.sql.unsafe(`insert into ${name} select * from json_populate_recordset(null::${name}, $1::text::json)`, [JSON.stringify(rows)])
      if (!url) return { db, dispose: async () => {} }
      const own = await openPostgres(url, { migrate: false })
      return { db: own, dispose: () => own.close() }
    },
    async close() {
      if (opened) await (await opened).dispose()
    },
  }
}
