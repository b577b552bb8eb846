import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type postgres from 'postgres'
import shift from 'postgres-shift'

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations')

/** Arbitrary constant naming the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 73_110_001

/** The SHA-256 of each migration's SQL, by folder name (`00001_initial`), in order. */
export function migrationChecksums(dir: string = MIGRATIONS_DIR): Map<string, string> {
  const folders = fs
    .readdirSync(dir)
    .filter((f) => /^[0-9]{5}_/.test(f))
    .sort()
  return new Map(folders.map((f) => [f, createHash('sha256').update(fs.readFileSync(path.join(dir, f, 'index.sql'))).digest('hex')]))
}

export class EditedMigrationError extends Error {
  constructor(names: string[]) {
    super(
      `Migration ${names.join(', ')} changed after it was applied to this database. A migration that has ` +
        'run must never be edited (the database would not match the code): restore it and put the change in a new migration.',
    )
    this.name = 'EditedMigrationError'
  }
}

/**
 * Refuses to run against a database where an applied migration's SQL differs from the file
 * (postgres-shift only records ids), then records the checksums of what is applied now.
 */
async function checkApplied(sql: postgres.Sql, checksums: Map<string, string>, record: boolean): Promise<void> {
  await sql`create table if not exists migration_checksums (name text primary key, sha256 text not null)`
  const applied = await sql<{ name: string; sha256: string }[]>`select name, sha256 from migration_checksums`
  const edited = applied.filter((a) => checksums.get(a.name) !== a.sha256).map((a) => a.name)
  if (edited.length) throw new EditedMigrationError(edited)
  if (!record) return
  const [row] = await sql<{ id: number | null }[]>`select max(migration_id) as id from migrations`
  const done = [...checksums].slice(0, row?.id ?? 0)
  for (const [name, sha256] of done) {
    await sql`insert into migration_checksums (name, sha256) values (${name}, ${sha256}) on conflict (name) do nothing`
  }
}

/**
 * Applies db/migrations with postgres-shift (one transaction for all pending steps). On a
 * Postgres server several processes may start at once, so a session advisory lock held on
 * a reserved connection lets only one migrate; PGlite is single-process and single-connection.
 */
export async function migrate(sql: postgres.Sql, opts: { lockWithConnection: boolean; dir?: string }): Promise<void> {
  const dir = opts.dir ?? MIGRATIONS_DIR
  const checksums = migrationChecksums(dir)
  const run = async () => {
    await checkApplied(sql, checksums, false)
    await shift({ sql, path: dir })
    await checkApplied(sql, checksums, true)
  }
  if (!opts.lockWithConnection) return run()
  const conn = await sql.reserve()
  try {
    await conn`select pg_advisory_lock(${MIGRATION_LOCK})`
    await run()
  } finally {
    await conn`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {})
    conn.release()
  }
}
