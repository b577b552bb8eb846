import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface ServerProcess {
  url: string
  child: ChildProcess
  output: () => string
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Starts `server/main.ts` as its own OS process, as production runs it, and waits for its URL. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  // node with tsx's loader, not the tsx CLI: the CLI runs the server in a child process, so
  // a SIGKILL sent to it would leave the real server running.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', DEMO: 'false', REPORTS_PER_IP_PER_HOUR: '100000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    // A cold start (tsx, PGlite, migrations, seeding) has taken over a minute on a loaded 2-core machine.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 150_000)
    const check = () => {
      const m = out.match(/API \(OpenAPI\):\s+(http:\/\/[^/\s]+)/)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    }
    child.stdout!.on('data', check)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(Object.assign(new Error(`server exited with ${code}:\n${out}`), { code }))
    })
  })
  return {
    url,
    child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal)
      return exited
    },
  }
}

/** Runs `server/main.ts` until it exits by itself (e.g. refused to start); returns code and output. */
export async function runServerProcessToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  try {
    const p = await startServerProcess(env)
    const output = p.output()
    await p.stop()
    return { code: 0, output }
  } catch (err) {
    return { code: (err as { code?: number }).code ?? null, output: String((err as Error).message) }
  }
}
