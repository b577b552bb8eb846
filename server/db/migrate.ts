import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type postgres from 'postgres'
import shift from 'postgres-shift'

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations')

/** Arbitrary constant naming the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 73_110_001

/**
 * Applies db/migrations with postgres-shift (one transaction for all pending steps). On a
 * Postgres server several processes may start at once, so a session advisory lock held on
 * a reserved connection lets only one migrate; PGlite is single-process and single-connection.
 */
export async function migrate(sql: postgres.Sql, opts: { lockWithConnection: boolean }): Promise<void> {
  if (!opts.lockWithConnection) {
    await shift({ sql, path: MIGRATIONS_DIR })
    return
  }
  const conn = await sql.reserve()
  try {
    await conn`select pg_advisory_lock(${MIGRATION_LOCK})`
    await shift({ sql, path: MIGRATIONS_DIR })
  } finally {
    await conn`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {})
    conn.release()
  }
}
