/**
 * 2. Position ingest: how many position fixes per second the server stores, over HTTP
 * (POST /api/teams/:id/positions) and over the socket (`team:position` with ack).
 *
 * Closed loop: BENCH_POS_SENDERS senders (default 32), each a different team, each sending its
 * next fix as soon as the previous one is answered, for BENCH_POS_SECONDS (default 5) after a
 * 1 s warm-up. One dispatcher console is connected, so each fix is also broadcast to it as in
 * production. Fresh server (child process) per backend; HTTP first, then the socket.
 */
import { performance } from 'node:perf_hooks'
import type { Point } from '@shared/geo.js'
import { environmentLine, HttpClient, jitter, pointsInDepok, processSampler, rng, systemCpu, xactCommits, type BackendName } from './common.js'
import { connect, createFleet, type ClientSocket } from './fleet.js'
import { printResources } from './report-latency.js'
import { startServer } from './server.js'
import { ms, summarize, table } from './stats.js'

const num = (name: string, def: number) => {
  const v = Number(process.env[name])
  return Number.isFinite(v) && v > 0 ? v : def
}

interface Run {
  ok: number
  failed: number
  failSamples: string[]
  lat: number[]
  seconds: number
}

/** Runs `send` in `n` closed loops: warm-up, then a measured window. */
async function closedLoop(n: number, warmS: number, seconds: number, send: (k: number) => Promise<string | null>, onMeasureStart: () => Promise<void>): Promise<Run> {
  const run: Run = { ok: 0, failed: 0, failSamples: [], lat: [], seconds }
  let measuring = false
  let stopAt = Infinity
  const loop = async (k: number) => {
    while (performance.now() < stopAt) {
      const t = performance.now()
      let err: string | null
      try {
        err = await send(k)
      } catch (e) {
        err = String(e)
      }
      if (!measuring) continue
      if (performance.now() > stopAt) break
      run.lat.push(performance.now() - t)
      if (err === null) run.ok++
      else {
        run.failed++
        if (run.failSamples.length < 3) run.failSamples.push(err)
      }
    }
  }
  const loops = Array.from({ length: n }, (_, k) => loop(k))
  await new Promise((r) => setTimeout(r, warmS * 1000))
  await onMeasureStart()
  measuring = true
  const t0 = performance.now()
  stopAt = t0 + seconds * 1000
  await Promise.all(loops)
  run.seconds = (performance.now() - t0) / 1000
  return run
}

export async function positions(backend: BackendName): Promise<void> {
  const N = Math.round(num('BENCH_POS_SENDERS', 32))
  const SECONDS = num('BENCH_POS_SECONDS', 5)
  console.log(`\n== 2. Position ingest  [${environmentLine(backend)}]`)
  console.log(`   closed loop, ${N} concurrent senders (one team each), 1 s warm-up then ${SECONDS} s measured per transport; 1 dispatcher socket connected`)

  const server = await startServer(backend)
  const http = new HttpClient(server.url, N + 8)
  const sockets: ClientSocket[] = []
  try {
    const random = rng(7)
    const base = pointsInDepok(N, random)
    const fleet = await createFleet(server, http, base, 'P')
    const ids = fleet.ids
    const dispatcher = await connect(server.url, fleet.dispatcher)
    sockets.push(dispatcher)
    let broadcast = 0
    dispatcher.on('team:positions', (b) => (broadcast += b.length))
    const fix = (k: number): Point & { accuracyM: number; deviceTime: string } => ({ ...jitter(base[k]!, 200, random), accuracyM: 10, deviceTime: new Date().toISOString() })

    const rows: (string | number)[][] = []
    const measure = async (name: string, send: (k: number) => Promise<string | null>) => {
      const sampler = processSampler()
      const sys = systemCpu()
      let commits0: number | null = null
      const run = await closedLoop(N, 1, SECONDS, send, async () => {
        commits0 = server.dbName ? await xactCommits(server.dbName) : null
        await server.sampleStart()
        sampler.start()
        sys.start()
      })
      const s = await server.sampleStop()
      const c = sampler.stop()
      const sc = sys.stop()
      const commits1 = server.dbName ? await xactCommits(server.dbName) : null
      const l = summarize(run.lat)
      rows.push([`   ${name}`, (run.ok / run.seconds).toFixed(0), ms(l.p50), ms(l.p95), ms(l.p99), ms(l.max), run.ok, run.failed])
      return { run, s, c, sc, commits0, commits1 }
    }

    const overHttp = await measure('HTTP POST /api/teams/:id/positions', async (k) => {
      const res = await http.call('POST', `/api/teams/${ids[k]}/positions`, { token: fleet.tokens[k], body: fix(k) })
      return res.status === 200 ? null : `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`
    })
    const teamSockets = await Promise.all(fleet.tokens.map((token) => connect(server.url, token)))
    sockets.push(...teamSockets)
    const overSocket = await measure('socket team:position (ack)', async (k) => {
      const res = await teamSockets[k]!.timeout(30_000).emitWithAck('team:position', fix(k))
      return res.ok ? null : JSON.stringify(res.error).slice(0, 200)
    })

    console.log(table(['   transport', 'fixes/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'ok', 'failed'], rows))
    for (const [name, m] of [
      ['HTTP', overHttp],
      ['socket', overSocket],
    ] as const) {
      if (m.run.failSamples.length) console.log(`   ${name} failures: ${m.run.failSamples.join(' | ')}`)
      console.log(`\n   [${name}]`)
      printResources(m.s, m.c, m.sc, m.run.ok, m.commits0, m.commits1, 'fix')
    }
    console.log(`   dispatcher socket received ${broadcast} team:position broadcasts (volatile)`)
  } finally {
    for (const s of sockets) s.disconnect()
    http.close()
    await server.close()
  }
}
