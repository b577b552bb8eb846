import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { oncePerRun } from '../../support/run-cache.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
let built: Promise<string> | null = null

async function buildInto(outDir: string): Promise<void> {
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build:
  // test what ships.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
}

/**
 * Builds the web app once per test run (shared by every test process, see run-cache.ts) into
 * a folder of its own: the developer's dist/web is never touched, and every run tests the
 * current source. Outside `vitest run`, once per process into a temporary folder.
 */
export function buildWebOnce(): Promise<string> {
  built ??= (async () => {
    const shared = await oncePerRun('web', buildInto)
    if (shared) return shared
    const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'trc-web-'))
    await buildInto(outDir)
    return outDir
  })()
  return built
}

export async function removeBuild(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true })
}
