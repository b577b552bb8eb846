/**
 * Starts the server under test in a child process (bench/server-child.ts) on a fresh database:
 * in-memory PGlite, or a throwaway database on the Postgres server that is dropped afterwards.
 *
 * Why a separate process: the machine has 2 cores and the load generator (200 socket.io
 * clients, an open-loop HTTP schedule, JSON parsing) is real work. In one process it would
 * share the server's event loop, so a slow server would also delay the generator's timers and
 * the moment an offer is seen, and generator work would show up as server latency. With two
 * processes each gets its own event loop and the OS schedules them on the two cores.
 */
import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import type { AccountRole } from '@shared/auth.js'
import type { Config } from '../server/config.js'
import { throwawayDatabase, type BackendName, type ProcessSample } from './common.js'

export interface ChildSample extends ProcessSample {
  wallMs: number
  /** Main-thread time spent inside PGlite's WASM Postgres (0 on a Postgres server). */
  pgliteMs: number
  pgliteCalls: number
  logged: { error: number; warn: number; samples: string[] }
  /** One entry per second of the window: PGlite busy ms, longest PGlite call, ELU, longest loop delay. */
  timeline: { pgMs: number; pgMax: number; elu: number; eldMax: number }[]
  /** The slowest single PGlite protocol messages of the window (type letter, statement, ms, second). */
  slowest: { type: string; sql: string; ms: number; at: number }[]
  /** WAL bytes written during the window (cluster-wide on a Postgres server); null if unknown. */
  walBytes: number | null
}

export interface BenchServer {
  /** 'app' is the real server (server-child.ts); 'floor' the least the job needs (floor-server.ts). */
  kind: 'app' | 'floor'
  url: string
  backend: BackendName
  /** The throwaway database's name on a Postgres server. */
  dbName: string | null
  pid: number
  /** Creates accounts with signed-in sessions; resolves to their bearer tokens, in order. */
  accounts(specs: { username: string; role: AccountRole; teamId?: string }[]): Promise<string[]>
  /** Null while running; how it ended otherwise (a crash under load is a finding). */
  exited(): string | null
  /** Statements sent to the Postgres server so far (postgres.js `debug`); null on PGlite. */
  statements(): Promise<number | null>
  /** CPU time the server process has used so far (user + system), in microseconds. */
  cpu(): Promise<number>
  /** Floor only: inserts `n` waiting rows (setup). */
  fill(n: number): Promise<void>
  sampleStart(): Promise<void>
  sampleStop(): Promise<ChildSample>
  close(): Promise<void>
}

function waitFor<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`bench server: no '${type}' within ${timeoutMs} ms`)), timeoutMs)
    const onMessage = (m: any) => {
      if (m?.type === type) done(null, m)
    }
    const onExit = (code: number | null) => done(new Error(`bench server exited (code ${code}) while waiting for '${type}'`))
    const done = (err: Error | null, m?: any) => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
      if (err) reject(err)
      else resolve(m as T)
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/**
 * `countStatements`: the server counts the statements it sends through postgres.js's `debug`
 * hook. Only the statements section asks for it: with a `debug` hook postgres.js captures a
 * stack trace (`new Error()`) for every query, which costs the server with more statements more
 * CPU and would slow the latency and ingest figures below what production sees.
 */
export async function startServer(backend: BackendName, overrides: Partial<Config> = {}, kind: 'app' | 'floor' = 'app', opts: { countStatements?: boolean } = {}): Promise<BenchServer> {
  const pg = backend === 'postgres' ? await throwawayDatabase() : null
  const child = fork(path.resolve(kind === 'app' ? 'bench/server-child.ts' : 'bench/floor-server.ts'), [], {
    // BENCH_CPU_PROF=<dir>: each server process writes a V8 CPU profile there when it exits.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}/${kind}`] : [])],
    env: { ...process.env, BENCH_CHILD_DB_URL: pg?.url ?? '', BENCH_CHILD_CONFIG: JSON.stringify(overrides), BENCH_COUNT_STATEMENTS: opts.countStatements ? '1' : '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let exit: string | null = null
  child.on('exit', (code, signal) => (exit = signal ? `signal ${signal}` : `code ${code}`))
  child.on('error', () => {}) // a send after the child died; reported through `alive()` below
  const alive = () => {
    if (exit !== null || !child.connected) throw new Error(`the server process has exited (${exit ?? 'IPC closed'}); see its error output above`)
  }
  let ready: { url: string }
  try {
    ready = await waitFor<{ url: string }>(child, 'ready', 60_000)
  } catch (err) {
    child.kill()
    await pg?.drop()
    throw err
  }
  return {
    kind,
    url: ready.url,
    backend,
    dbName: pg?.name ?? null,
    pid: child.pid!,
    async sampleStart() {
      alive()
      const w = waitFor(child, 'sample-started', 10_000)
      child.send({ type: 'sample-start' })
      await w
    },
    async sampleStop() {
      alive()
      const w = waitFor<{ sample: ChildSample }>(child, 'sample', 30_000)
      child.send({ type: 'sample-stop' })
      return (await w).sample
    },
    exited: () => exit,
    async statements() {
      alive()
      const w = waitFor<{ n: number | null }>(child, 'statements', 10_000)
      child.send({ type: 'statements' })
      return (await w).n
    },
    async cpu() {
      alive()
      const w = waitFor<{ micros: number }>(child, 'cpu', 10_000)
      child.send({ type: 'cpu' })
      return (await w).micros
    },
    async fill(n) {
      alive()
      const w = waitFor(child, 'filled', 120_000)
      child.send({ type: 'fill', n })
      await w
    },
    async accounts(specs) {
      alive()
      const w = waitFor<{ tokens?: string[]; error?: string }>(child, 'accounts-done', 120_000)
      child.send({ type: 'accounts', specs })
      const r = await w
      if (!r.tokens) throw new Error(`accounts: ${r.error}`)
      return r.tokens
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null && child.connected) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()))
        child.send({ type: 'close' })
        const t = setTimeout(() => child.kill('SIGKILL'), 15_000)
        await exited
        clearTimeout(t)
      }
      await pg?.drop()
    },
  }
}
