import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { POSTGRES_TEMPLATE_FILE } from './backends.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder for this `vitest run` only, shared by every worker (see run-cache.ts). */
    testRunDir: string
  }
}

/**
 * Runs once per `vitest run`, in the main process, before any test file: makes the folder in
 * which work every file would otherwise repeat (the migrated PGlite and Postgres templates,
 * the web build) is done once for the whole run, and removes it and the Postgres template at
 * the end.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trc-test-run-'))
  project.provide('testRunDir', dir)
  return async () => {
    const adminUrl = process.env.TEST_DATABASE_URL
    // The finished template, or one whose migration failed half-way (run-cache.ts's partial file).
    const names = fs
      .readdirSync(dir)
      .filter((f) => f === POSTGRES_TEMPLATE_FILE || f.startsWith(`${POSTGRES_TEMPLATE_FILE}.partial-`))
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8').trim())
      .filter((n) => /^trc_test_template_[0-9a-f]+$/.test(n))
    if (adminUrl && names.length) {
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
      try {
        for (const name of names) await admin.unsafe(`drop database if exists ${name} with (force)`)
      } finally {
        await admin.end()
      }
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
