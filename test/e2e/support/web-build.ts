import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
let built: Promise<string> | null = null

/**
 * Builds the web app once per test process into a folder of its own (a second ago's build
 * of another test file, or the developer's dist/web, is never touched). The build takes
 * about a second, so every run tests the current source.
 */
export function buildWebOnce(): Promise<string> {
  built ??= (async () => {
    const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'trc-web-'))
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build:
    // test what ships.
    const nodeEnv = process.env.NODE_ENV
    process.env.NODE_ENV = 'production'
    try {
      await build({ configFile: path.join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } })
    } finally {
      process.env.NODE_ENV = nodeEnv
    }
    return outDir
  })()
  return built
}

export async function removeBuild(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true })
}
