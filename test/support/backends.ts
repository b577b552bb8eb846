import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { openPglite, openPostgres, type Database } from '../../server/db/database.js'

export interface Backend {
  name: 'pglite' | 'postgres'
  /** A fresh, migrated, empty database. `dispose` also drops it on a server. */
  open(): Promise<{ db: Database; url: string | null; dispose(): Promise<void> }>
}

/**
 * A freshly migrated, empty embedded database, copied (PGlite's dumpDataDir) once per test
 * worker: starting each test's database from it skips initdb and the migrations (about 1 s
 * instead of 3–5 s per database on this 2-core machine). openPglite still runs the migration
 * check on the copy, so a copy can never be behind the code.
 */
let template: Promise<File | Blob> | null = null
const migratedTemplate = () =>
  (template ??= (async () => {
    const db = await openPglite(null)
    try {
      return await db.dumpDataDir()
    } finally {
      await db.close()
    }
  })())

const pglite: Backend = {
  name: 'pglite',
  async open() {
    const db = await openPglite(null, { loadDataDir: await migratedTemplate() })
    return { db, url: null, dispose: () => db.close() }
  },
}

/** One throwaway database per test file on the server named by TEST_DATABASE_URL. */
function postgresBackend(adminUrl: string): Backend {
  return {
    name: 'postgres',
    async open() {
      const name = `trc_test_${randomBytes(6).toString('hex')}`
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
      await admin.unsafe(`create database ${name}`)
      const url = new URL(adminUrl)
      url.pathname = `/${name}`
      const db = await openPostgres(url.toString())
      return {
        db,
        url: url.toString(),
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
