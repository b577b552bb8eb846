import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EditedMigrationError, migrate, migrationChecksums, MIGRATIONS_DIR } from '../server/db/migrate.js'
import type { Database } from '../server/db/database.js'
import { BACKENDS } from './support/backends.js'

/**
 * Migrations that have been merged are never edited: a database that ran one would no longer
 * match the code. test/migrations.lock.json records each merged migration's SHA-256; a new
 * migration is added there in the same change that adds it.
 */
describe('migrations', () => {
  it('leaves every merged migration exactly as it was merged, and lists every migration', () => {
    const locked = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'migrations.lock.json'), 'utf8')) as Record<string, string>
    const now = Object.fromEntries(migrationChecksums())
    for (const [name, sha] of Object.entries(locked)) expect(now[name], `${name} was edited after it was merged; put the change in a new migration`).toBe(sha)
    const unlisted = Object.keys(now).filter((n) => !(n in locked))
    expect(unlisted, `add ${unlisted.map((n) => `"${n}": "${now[n]}"`).join(', ')} to test/migrations.lock.json`).toEqual([])
  })

  describe.each(BACKENDS)('on $name', (backend) => {
    let db: Database
    let dispose: () => Promise<void>
    let copy: string
    beforeAll(async () => {
      ;({ db, dispose } = await backend.open())
      copy = fs.mkdtempSync(path.join(os.tmpdir(), 'trc-migrations-'))
      fs.cpSync(MIGRATIONS_DIR, copy, { recursive: true })
    })
    afterAll(async () => {
      await dispose()
      fs.rmSync(copy, { recursive: true, force: true })
    })

    it('starts again on a migrated database without changing anything', async () => {
      await expect(migrate(db.sql, { lockWithConnection: false, dir: copy })).resolves.toBeUndefined()
    })

    it('refuses to start when an applied migration’s SQL was edited, naming it', async () => {
      const first = [...migrationChecksums(copy).keys()][0]!
      fs.appendFileSync(path.join(copy, first, 'index.sql'), '\n-- an edit after the fact\n')
      const err = await migrate(db.sql, { lockWithConnection: false, dir: copy }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(EditedMigrationError)
      expect((err as Error).message).toContain(first)
    })
  })
})
