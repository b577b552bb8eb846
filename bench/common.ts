/**
 * Shared bench plumbing: which backends to run, throwaway Postgres databases, a lean HTTP
 * client, random points inside Depok, and CPU / event-loop sampling.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import postgres from 'postgres'
import type { Point } from '@shared/geo.js'
import { loadCity } from '../server/geo/city.js'
import { ServiceArea } from '../server/geo/service-area.js'

export type BackendName = 'pglite' | 'postgres'

/** The admin URL of a Postgres server to benchmark against, if any. */
export function postgresAdminUrl(): string | null {
  return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || null
}

/** PGlite always; the Postgres server too when BENCH_DATABASE_URL or TEST_DATABASE_URL is set. */
export function backends(): BackendName[] {
  const only = process.env.BENCH_BACKEND as BackendName | undefined
  const all: BackendName[] = ['pglite', ...(postgresAdminUrl() ? (['postgres'] as const) : [])]
  return only ? all.filter((b) => b === only) : all
}

/** A throwaway database on the Postgres server (like test/support/backends.ts); drop() removes it. */
export async function throwawayDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const adminUrl = postgresAdminUrl()
  if (!adminUrl) throw new Error('no BENCH_DATABASE_URL / TEST_DATABASE_URL')
  const name = `trc_bench_${randomBytes(6).toString('hex')}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch((e) => console.error(`could not drop ${name}: ${e}`))
      await admin.end({ timeout: 5 })
    },
  }
}

/** Committed transactions in a database so far (pg_stat_database; stats lag by up to ~0.5 s). */
export async function xactCommits(dbName: string): Promise<number | null> {
  const adminUrl = postgresAdminUrl()
  if (!adminUrl) return null
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    await admin`select pg_stat_clear_snapshot()`
    const [r] = await admin`select xact_commit::bigint as n from pg_stat_database where datname = ${dbName}`
    return r ? Number(r.n) : null
  } finally {
    await admin.end({ timeout: 5 })
  }
}

export function environmentLine(backend: BackendName | string): string {
  return `cpus=${os.cpus().length} (${os.cpus()[0]?.model?.trim() ?? '?'}), node ${process.version}, backend=${backend}, load avg ${os.loadavg()[0]!.toFixed(2)} before start`
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface CallOpts {
  /** A session's bearer token; none calls as a citizen. */
  token?: string
  body?: unknown
}
export interface CallResult<T = any> {
  status: number
  body: T
}

/** A small keep-alive HTTP/1.1 client (lighter than fetch, so the load generator stays cheap). */
export class HttpClient {
  readonly agent: http.Agent
  private readonly host: string
  private readonly port: number
  constructor(base: string, maxSockets = 64) {
    const u = new URL(base)
    this.host = u.hostname
    this.port = Number(u.port)
    this.agent = new http.Agent({ keepAlive: true, maxSockets })
  }

  call<T = any>(method: string, p: string, opts: CallOpts = {}): Promise<CallResult<T>> {
    const headers: Record<string, string | number> = {}
    if (opts.token) headers.authorization = `Bearer ${opts.token}`
    let payload: Buffer | undefined
    if (opts.body !== undefined) {
      payload = Buffer.from(JSON.stringify(opts.body))
      headers['content-type'] = 'application/json'
      headers['content-length'] = payload.length
    }
    return new Promise((resolve, reject) => {
      const req = http.request({ host: this.host, port: this.port, method, path: p, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let parsed: any = text
          try {
            parsed = text ? JSON.parse(text) : null
          } catch {}
          resolve({ status: res.statusCode ?? 0, body: parsed })
        })
        res.on('error', reject)
      })
      req.setTimeout(60_000, () => req.destroy(new Error('request timed out after 60 s')))
      req.on('error', reject)
      if (payload) req.write(payload)
      req.end()
    })
  }

  close() {
    this.agent.destroy()
  }
}

// ---------------------------------------------------------------------------------------------
// Geography

/** A seeded PRNG (mulberry32) so runs place teams and reports the same way. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Depok's bounding box, as the brief gives it. */
export const DEPOK_BOX = { minLon: 106.72, maxLon: 106.92, minLat: -6.46, maxLat: -6.32 }

let area: ServiceArea | null = null
function serviceArea(): ServiceArea {
  const dir = path.resolve('db/seeds/depok')
  if (!fs.existsSync(dir)) throw new Error(`run the bench from the repository root (no ${dir})`)
  area ??= new ServiceArea(loadCity(dir))
  return area
}

/**
 * `n` uniformly random points inside the city boundary (rejection sampling over the box with
 * the server's own point-in-polygon test, so the server never answers outside_service_area).
 */
export function pointsInDepok(n: number, random: () => number): Point[] {
  const a = serviceArea()
  const out: Point[] = []
  let tries = 0
  while (out.length < n) {
    if (++tries > n * 50 + 1000) throw new Error('could not find points inside Depok')
    const p = {
      lon: +(DEPOK_BOX.minLon + random() * (DEPOK_BOX.maxLon - DEPOK_BOX.minLon)).toFixed(6),
      lat: +(DEPOK_BOX.minLat + random() * (DEPOK_BOX.maxLat - DEPOK_BOX.minLat)).toFixed(6),
    }
    if (a.contains(p)) out.push(p)
  }
  return out
}

/** A point moved by up to `metres` in each axis (a team driving around its area). */
export function jitter(p: Point, metres: number, random: () => number): Point {
  return {
    lon: +(p.lon + ((random() * 2 - 1) * metres) / 110_600).toFixed(6),
    lat: +(p.lat + ((random() * 2 - 1) * metres) / 110_574).toFixed(6),
  }
}

// ---------------------------------------------------------------------------------------------
// Resource sampling

export interface ProcessSample {
  /** CPU time of this process as a share of one core over the window (1.0 = one core busy). */
  cpuCores: number
  /** Event-loop utilisation over the window (0..1). */
  elu: number
  /** Event-loop delay percentiles over the window, ms (beyond the 10 ms sampling interval). */
  eldP50: number
  eldP99: number
  eldMax: number
}

/** Samples this process's CPU and event loop between start() and stop(). */
export function processSampler() {
  // The histogram records whole sampling intervals; the delay is what exceeds the interval.
  const RES = 10
  const h = monitorEventLoopDelay({ resolution: RES })
  const delay = (ns: number) => Math.max(0, ns / 1e6 - RES)
  let cpu0 = process.cpuUsage()
  let elu0 = performance.eventLoopUtilization()
  let t0 = performance.now()
  return {
    start() {
      h.reset()
      h.enable()
      cpu0 = process.cpuUsage()
      elu0 = performance.eventLoopUtilization()
      t0 = performance.now()
    },
    stop(): ProcessSample {
      h.disable()
      const cpu = process.cpuUsage(cpu0)
      const elu = performance.eventLoopUtilization(elu0)
      const wallMs = performance.now() - t0
      return {
        cpuCores: (cpu.user + cpu.system) / 1000 / wallMs,
        elu: elu.utilization,
        eldP50: delay(h.percentile(50)),
        eldP99: delay(h.percentile(99)),
        eldMax: delay(h.max),
      }
    },
  }
}

/** Whole-machine CPU busy share (all cores) between two /proc/stat readings; null off Linux. */
export function systemCpu() {
  const read = (): { busy: number; total: number } | null => {
    try {
      const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!
      const v = line.trim().split(/\s+/).slice(1).map(Number)
      const idle = (v[3] ?? 0) + (v[4] ?? 0)
      const total = v.reduce((a, b) => a + b, 0)
      return { busy: total - idle, total }
    } catch {
      return null
    }
  }
  let a = read()
  return {
    start() {
      a = read()
    },
    /** Busy share of all cores, times the core count (so 2.0 = both cores busy). */
    stop(): number | null {
      const b = read()
      if (!a || !b || b.total === a.total) return null
      return ((b.busy - a.busy) / (b.total - a.total)) * os.cpus().length
    },
  }
}
