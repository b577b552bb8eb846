import fs from 'node:fs'
import path from 'node:path'

/** The run's shared folder (global-setup.ts), or null outside a `vitest run` that made one. */
async function runDir(): Promise<string | null> {
  if (!process.env.VITEST) return null
  try {
    const { inject } = await import('vitest')
    return inject('testRunDir') ?? null
  } catch {
    return null
  }
}

/**
 * Makes `name` (a file or a folder) once per test run, whichever worker process asks first,
 * and returns its path; the others wait for it. `make` writes to the path it is given, which
 * becomes the result only when `make` succeeds. Returns null when there is no run folder
 * (a test file loaded outside `vitest run`): the caller then does the work itself.
 *
 * Test files run in separate processes (vitest's forks pool, isolated), so a module-level
 * cache lasts one file; without this every file paid for its own PGlite template and web build.
 */
export async function oncePerRun(name: string, make: (target: string) => Promise<void>, timeoutMs = 300_000): Promise<string | null> {
  const dir = await runDir()
  if (!dir) return null
  const done = path.join(dir, name)
  const failed = `${done}.failed`
  let owner = false
  try {
    fs.mkdirSync(`${done}.lock`) // atomic: exactly one process gets to make it
    owner = true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  if (owner) {
    const partial = `${done}.partial-${process.pid}`
    try {
      await make(partial)
      fs.renameSync(partial, done)
      return done
    } catch (err) {
      fs.writeFileSync(failed, String((err as Error).stack ?? err))
      throw err
    }
  }
  const end = Date.now() + timeoutMs
  for (;;) {
    if (fs.existsSync(done)) return done
    if (fs.existsSync(failed)) throw new Error(`${name} could not be made in another test process:\n${fs.readFileSync(failed, 'utf8')}`)
    if (Date.now() > end) throw new Error(`Timed out waiting for another test process to make ${name}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
