/**
 * 1. Report → assignment latency under a steady open-loop load.
 *
 * - The server runs in a child process (bench/server.ts explains why) on a fresh database.
 * - BENCH_TEAMS teams are created over HTTP by an admin, each gets one signed-in member (bearer
 *   token, see bench/server-child.ts), a first position over HTTP, and a socket.io client
 *   connected with that member's token. Each then sends `team:position` over
 *   its socket (with ack) every BENCH_POSITION_S seconds, at a random phase, moving a little.
 * - One dispatcher console is connected too (it receives every log event and team position,
 *   as a real console does), and handles what the auto-assigner leaves to a person.
 * - Reports (`POST /api/incidents`, category sick, a random point inside the Depok boundary)
 *   fire on an open-loop schedule: report i is due at start + i / rate, and is sent then
 *   whether or not earlier ones have answered. Latency is measured from that due time, so a
 *   slow server (or a late generator) cannot hide queueing (no coordinated omission).
 * - A team's phone acks each `assignment:offer` at once (the socket ack), and the dispatcher
 *   cancels the incident BENCH_CANCEL_MS later (POST /transitions {to:'cancelled',
 *   disposition:'false_report'}), which frees the team so assignments keep flowing. Reports the
 *   server holds as likely duplicates (never auto-assigned) are cancelled the same way.
 */
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import type { LogEvent } from '@shared/events.js'
import type { Point } from '@shared/geo.js'
import { environmentLine, HttpClient, jitter, pointsInDepok, processSampler, rng, systemCpu, xactCommits, type BackendName } from './common.js'
import { connect, createFleet, type ClientSocket } from './fleet.js'
import { startServer } from './server.js'
import { ms, sleep, summarize, table } from './stats.js'

const num = (name: string, def: number) => {
  const v = Number(process.env[name])
  return Number.isFinite(v) && v > 0 ? v : def
}

interface Report {
  i: number
  due: number
  sentAt?: number
  respAt?: number
  status?: number
  error?: string
  id?: string
  receiptStatus?: string
  offerAt?: number
  queued?: boolean
  heldDuplicate?: boolean
  cancelled?: boolean
}

export async function reportLatency(backend: BackendName): Promise<void> {
  const SECONDS = num('BENCH_SECONDS', 60)
  const RATE = num('BENCH_RATE', 50)
  const TEAMS = Math.round(num('BENCH_TEAMS', 200))
  const CANCEL_MS = num('BENCH_CANCEL_MS', 1000)
  const POSITION_S = num('BENCH_POSITION_S', 5)
  const DRAIN_S = num('BENCH_DRAIN_S', 20)

  console.log(`\n== 1. Report → assignment:offer latency  [${environmentLine(backend)}]`)
  console.log(
    `   ${RATE} reports/s open loop for ${SECONDS} s, ${TEAMS} teams on sockets sending team:position over the socket every ${POSITION_S} s; offers acked at once, incident cancelled by a dispatcher ${CANCEL_MS} ms after the offer`,
  )

  const server = await startServer(backend)
  const http = new HttpClient(server.url, 256)
  const sockets: ClientSocket[] = []
  try {
    const random = rng(20260105)
    const teamPoints = pointsInDepok(TEAMS, random)
    const t0 = performance.now()
    const fleet = await createFleet(server, http, teamPoints)
    const total = Math.round(RATE * SECONDS)
    const reportPoints = pointsInDepok(total, random)
    const reports: Report[] = reportPoints.map((_, i) => ({ i, due: 0 }))

    // --- dispatcher console -----------------------------------------------------------------
    const counts = {
      offerResends: 0,
      unknownOffers: 0,
      cancelOk: 0,
      cancelFail: 0,
      cancelFailSamples: [] as string[],
      posOk: 0,
      posFail: 0,
      posFailSamples: [] as string[],
      dispatcherEvents: 0,
      dispatcherPositions: 0,
    }
    const cancelLat: number[] = []
    /** For each repeated offer of an incident: ms since its first offer arrived. */
    const resendGaps: number[] = []
    const pendingCancels = new Set<Promise<void>>()
    let cancelling = true
    const cancel = (r: Report) => {
      if (!r.id || r.cancelled) return
      r.cancelled = true
      const p = (async () => {
        await sleep(CANCEL_MS)
        const t = performance.now()
        try {
          const res = await http.call('POST', `/api/incidents/${r.id}/transitions`, { token: fleet.dispatcher, body: { to: 'cancelled', disposition: 'false_report', note: 'bench' } })
          cancelLat.push(performance.now() - t)
          if (res.status === 200) counts.cancelOk++
          else {
            counts.cancelFail++
            if (counts.cancelFailSamples.length < 3) counts.cancelFailSamples.push(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`)
          }
        } catch (err) {
          counts.cancelFail++
          if (counts.cancelFailSamples.length < 3) counts.cancelFailSamples.push(String(err))
        }
      })()
      pendingCancels.add(p)
      void p.finally(() => pendingCancels.delete(p))
    }
    const byId = new Map<string, Report>()
    const eventsByType = new Map<string, number>()
    const dispatcher = await connect(server.url, fleet.dispatcher)
    sockets.push(dispatcher)
    const earlyQueued = new Set<string>()
    const earlyDup = new Set<string>()
    dispatcher.on('log:event', (e: LogEvent) => {
      counts.dispatcherEvents++
      eventsByType.set(e.type, (eventsByType.get(e.type) ?? 0) + 1)
      if (!e.incidentId) return
      if (e.type === 'incident.queued') {
        const r = byId.get(e.incidentId)
        if (r) r.queued = true
        else earlyQueued.add(e.incidentId)
      } else if (e.type === 'incident.duplicate_flagged') {
        const r = byId.get(e.incidentId)
        if (r) {
          r.heldDuplicate = true
          if (cancelling) cancel(r)
        } else earlyDup.add(e.incidentId)
      }
    })
    dispatcher.on('team:positions', (b) => (counts.dispatcherPositions += b.length))

    // --- team phones ------------------------------------------------------------------------
    const socks = await Promise.all(fleet.tokens.map((token) => connect(server.url, token)))
    sockets.push(...socks)
    socks.forEach((sock) => {
      sock.on('assignment:offer', (offer, ack) => {
        const at = performance.now()
        if (typeof ack === 'function') ack({ received: true })
        const m = /^bench report (\d+)$/.exec(offer.incident.description)
        const r = m ? reports[Number(m[1])] : undefined
        if (!r) {
          counts.unknownOffers++
          return
        }
        if (r.offerAt !== undefined) {
          counts.offerResends++
          resendGaps.push(at - r.offerAt)
          return
        }
        r.offerAt = at
        r.id ??= offer.incident.id
        byId.set(r.id, r)
        cancel(r)
      })
    })
    const setupS = (performance.now() - t0) / 1000
    console.log(`   setup: ${TEAMS} teams created, positioned and connected in ${setupS.toFixed(1)} s`)

    // --- positions over the socket ----------------------------------------------------------
    const posLat: number[] = []
    let positionsOn = true
    const posTimers: NodeJS.Timeout[] = []
    const here: Point[] = [...teamPoints]
    socks.forEach((sock, k) => {
      const send = async () => {
        if (!positionsOn) return
        here[k] = jitter(teamPoints[k]!, 300, random)
        const t = performance.now()
        try {
          const res = await sock.timeout(30_000).emitWithAck('team:position', { ...here[k]!, accuracyM: 10, deviceTime: new Date().toISOString() })
          posLat.push(performance.now() - t)
          if (res.ok) counts.posOk++
          else {
            counts.posFail++
            if (counts.posFailSamples.length < 3) counts.posFailSamples.push(JSON.stringify(res.error).slice(0, 200))
          }
        } catch (err) {
          counts.posFail++
          if (counts.posFailSamples.length < 3) counts.posFailSamples.push(String(err))
        }
      }
      const first = setTimeout(
        () => {
          void send()
          posTimers.push(setInterval(() => void send(), POSITION_S * 1000))
        },
        random() * POSITION_S * 1000,
      )
      posTimers.push(first)
    })

    // --- the open-loop report schedule ------------------------------------------------------
    const commits0 = server.dbName ? await xactCommits(server.dbName) : null
    const clientSampler = processSampler()
    const sys = systemCpu()
    await server.sampleStart()
    clientSampler.start()
    sys.start()
    const start = performance.now() + 100
    reports.forEach((r) => (r.due = start + (r.i * 1000) / RATE))
    const inflight = new Set<Promise<void>>()
    const fire = (r: Report) => {
      r.sentAt = performance.now()
      const p = http
        .call('POST', '/api/incidents', { body: { category: 'sick', location: reportPoints[r.i], description: `bench report ${r.i}` } })
        .then((res) => {
          r.respAt = performance.now()
          r.status = res.status
          if (res.status === 201) {
            r.id = res.body.id
            r.receiptStatus = res.body.status
            byId.set(r.id!, r)
            if (earlyQueued.has(r.id!)) r.queued = true
            if (earlyDup.has(r.id!)) {
              r.heldDuplicate = true
              cancel(r)
            }
          } else r.error = `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`
        })
        .catch((err) => {
          r.respAt = performance.now()
          r.error = String(err)
        })
      inflight.add(p)
      void p.finally(() => inflight.delete(p))
    }
    await new Promise<void>((resolve) => {
      let next = 0
      const tick = () => {
        const now = performance.now()
        while (next < reports.length && reports[next]!.due <= now) fire(reports[next++]!)
        if (next >= reports.length) return resolve()
        setTimeout(tick, Math.max(0, reports[next]!.due - performance.now()))
      }
      setTimeout(tick, Math.max(0, start - performance.now()))
    })
    const scheduleEnd = performance.now()
    const serverSample = await server.sampleStop().catch((err: Error) => {
      console.log(`\n   !! ${err.message}`)
      return null
    })
    const clientSample = clientSampler.stop()
    const sysCores = sys.stop()
    const commits1 = server.dbName ? await xactCommits(server.dbName).catch(() => null) : null

    // --- drain: wait (bounded) for answers and for offers of reports that were assigned -----
    positionsOn = false
    posTimers.forEach((t) => clearTimeout(t))
    const drainUntil = performance.now() + DRAIN_S * 1000
    // Outstanding: no answer yet; or answered and waiting for its offer (assigned or queued); or
    // answered 'reported' and the dispatcher has not yet seen why (queued or held as duplicate).
    const outstanding = () =>
      reports.filter(
        (r) =>
          (r.status === undefined && !r.error) ||
          (r.status === 201 && r.offerAt === undefined && !r.heldDuplicate && (r.receiptStatus === 'assigned' || r.queued)) ||
          (r.status === 201 && r.receiptStatus !== 'assigned' && !r.queued && !r.heldDuplicate),
      ).length
    while (performance.now() < drainUntil && !server.exited() && (inflight.size > 0 || outstanding() > 0)) await sleep(100)
    const drainS = (performance.now() - scheduleEnd) / 1000
    cancelling = false
    await Promise.race([Promise.allSettled([...pendingCancels]), sleep(CANCEL_MS + 10_000)])
    await sleep(300) // the last cancels' events reach the dispatcher socket

    // --- figures ----------------------------------------------------------------------------
    const ok = reports.filter((r) => r.status === 201)
    const offered = reports.filter((r) => r.offerAt !== undefined)
    const offerLat = offered.map((r) => r.offerAt! - r.due)
    const atReport = offered.filter((r) => r.receiptStatus === 'assigned')
    const viaQueue = offered.filter((r) => r.receiptStatus !== 'assigned')
    const respLat = reports.filter((r) => r.respAt !== undefined).map((r) => r.respAt! - r.due)
    const sendLag = reports.filter((r) => r.sentAt !== undefined).map((r) => r.sentAt! - r.due)
    const row = (name: string, v: number[]) => {
      const s = summarize(v)
      return [name, s.n, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max)]
    }
    const wallS = (scheduleEnd - start) / 1000
    console.log(`\n   latency, ms (from each report's scheduled send time; positions: socket emit → ack)`)
    console.log(
      table(
        ['   measure', 'n', 'p50', 'p95', 'p99', 'max'],
        [
          row('   report → assignment:offer (all offered)', offerLat),
          row(
            '     assigned in the report transaction',
            atReport.map((r) => r.offerAt! - r.due),
          ),
          row(
            '     queued first, offered when a team freed',
            viaQueue.map((r) => r.offerAt! - r.due),
          ),
          row('   POST /api/incidents response', respLat),
          row('   team:position ack (socket)', posLat),
          row('   cancel POST /transitions response', cancelLat),
          row('   generator send lag (sent − scheduled)', sendLag),
        ],
      ),
    )
    const errors = reports.filter((r) => r.error)
    const queued = reports.filter((r) => r.queued).length
    const held = reports.filter((r) => r.heldDuplicate).length
    const neverOffered = ok.filter((r) => r.offerAt === undefined && !r.heldDuplicate).length
    console.log(`\n   counts`)
    console.log(
      table(
        ['   count', 'value'],
        [
          ['   reports sent', `${reports.filter((r) => r.sentAt !== undefined).length} in ${wallS.toFixed(1)} s (${(reports.length / wallS).toFixed(1)}/s)`],
          ['   answered 201', ok.length],
          ['   errors (non-201 or network)', errors.length],
          ['   assigned in the report transaction', ok.filter((r) => r.receiptStatus === 'assigned').length],
          ['   queued (no free team at report time)', queued],
          ['   held as likely duplicate (cancelled)', held],
          ['   offer received on the team socket', offered.length],
          ['   answered but never offered', `${neverOffered} (after ${drainS.toFixed(1)} s drain)`],
          ['   offer re-sends seen', counts.offerResends ? `${counts.offerResends} (ms after the first offer: p50 ${ms(summarize(resendGaps).p50)}, max ${ms(summarize(resendGaps).max)})` : 0],
          ['   cancels ok / failed', `${counts.cancelOk} / ${counts.cancelFail}`],
          ['   socket positions ok / failed', `${counts.posOk} / ${counts.posFail}`],
          ['   dispatcher socket: log events / positions', `${counts.dispatcherEvents} / ${counts.dispatcherPositions}`],
        ],
      ),
    )
    // Queue order: reports assigned at once while an older report was still waiting in the queue.
    const waiting = reports.filter((r) => r.queued).sort((a, b) => a.due - b.due)
    if (waiting.length) {
      let overtook = 0
      for (const r of offered) {
        if (r.queued) continue
        if (waiting.some((q) => q.due < r.due && (q.offerAt === undefined || q.offerAt > r.offerAt!))) overtook++
      }
      console.log(
        `   queue order: ${overtook} reports got a team at once while an older report was still queued (queued reports waited p50 ${ms(summarize(viaQueue.map((r) => r.offerAt! - r.due)).p50)} ms)`,
      )
    }
    if (counts.unknownOffers) console.log(`   offers for incidents the bench did not report: ${counts.unknownOffers}`)
    if (errors.length)
      console.log(
        `   first errors: ${errors
          .slice(0, 3)
          .map((r) => r.error)
          .join(' | ')}`,
      )
    if (counts.cancelFailSamples.length) console.log(`   cancel failures: ${counts.cancelFailSamples.join(' | ')}`)
    if (counts.posFailSamples.length) console.log(`   position failures: ${counts.posFailSamples.join(' | ')}`)
    if (serverSample) {
      printResources(serverSample, clientSample, sysCores, ok.length, commits0, commits1)
      printTimeline(reports, serverSample.timeline, start, Math.max(1, Math.round(SECONDS / 6)))
    } else console.log(`\n   !! no server-side figures: the server process died during the run (${server.exited() ?? '?'})`)
    console.log(`   log events by type: ${[...eventsByType].map(([k, v]) => `${k}=${v}`).join(', ')}`)
  } finally {
    for (const s of sockets) s.disconnect()
    http.close()
    await server.close()
  }
}

export function printResources(
  s: import('./server.js').ChildSample,
  c: import('./common.js').ProcessSample,
  sysCores: number | null,
  units: number,
  commits0: number | null,
  commits1: number | null,
  unitName = 'report',
) {
  const wallS = s.wallMs / 1000
  const parts = [`server process CPU ${s.cpuCores.toFixed(2)} cores, event-loop utilisation ${(s.elu * 100).toFixed(0)}%, loop delay p99 ${ms(s.eldP99)} ms / max ${ms(s.eldMax)} ms`]
  if (s.pgliteCalls > 0) {
    parts.push(
      `time inside PGlite (WASM, on the server's main thread) ${((s.pgliteMs / s.wallMs) * 100).toFixed(0)}% of wall time; ${s.pgliteCalls} protocol messages (${units ? (s.pgliteCalls / units).toFixed(0) : '-'} per ${unitName}, ${((s.pgliteMs / Math.max(1, s.pgliteCalls)) * 1000).toFixed(0)} µs each)`,
    )
  }
  if (commits0 !== null && commits1 !== null) {
    parts.push(
      `Postgres transactions committed ${commits1 - commits0} (${units ? ((commits1 - commits0) / units).toFixed(1) : '-'} per ${unitName}, ${((commits1 - commits0) / wallS).toFixed(0)}/s; includes autocommit statements)`,
    )
  }
  const others = sysCores === null ? null : Math.max(0, sysCores - s.cpuCores - c.cpuCores)
  parts.push(
    `load generator CPU ${c.cpuCores.toFixed(2)} cores, loop delay p99 ${ms(c.eldP99)} ms; whole machine ${sysCores === null ? '?' : sysCores.toFixed(2)} of ${os.cpus().length} cores busy` +
      (others === null ? '' : ` (everything else${s.pgliteCalls > 0 ? '' : ', the Postgres server included'}: ${others.toFixed(2)} cores)`),
  )
  if (s.walBytes !== null && Number.isFinite(s.walBytes)) {
    parts.push(
      `WAL written ${(s.walBytes / 2 ** 20).toFixed(1)} MiB (${units ? (s.walBytes / units / 1024).toFixed(1) : '-'} KiB per ${unitName}${s.pgliteCalls > 0 ? '' : '; cluster-wide, so other databases on the server count too'})`,
    )
  }
  if (s.slowest.length && s.slowest[0]!.ms >= 5) {
    parts.push(
      `slowest single PGlite messages (each blocks the server's event loop): ${s.slowest
        .filter((x) => x.ms >= 5)
        .map((x) => `${ms(x.ms)} ms at ${x.at.toFixed(0)} s, '${x.type}' of \`${x.sql}\``)
        .join('; ')}`,
    )
  }
  if (s.logged.error || s.logged.warn) parts.push(`server logged ${s.logged.error} errors, ${s.logged.warn} warnings: ${s.logged.samples.slice(0, 3).join(' | ')}`)
  console.log(`\n   resources during the measured window`)
  for (const p of parts) console.log(`   - ${p}`)
}

/** Latency and server load per time slice of the run (reports bucketed by scheduled time). */
function printTimeline(reports: Report[], tl: import('./server.js').ChildSample['timeline'], start: number, sliceS: number) {
  const slices = Math.ceil(tl.length / sliceS)
  const pglite = tl.some((x) => x.pgMs > 0)
  const rows: (string | number)[][] = []
  for (let k = 0; k < slices; k++) {
    const from = start + k * sliceS * 1000
    const to = from + sliceS * 1000
    const rs = reports.filter((r) => r.due >= from && r.due < to)
    const off = summarize(rs.filter((r) => r.offerAt !== undefined).map((r) => r.offerAt! - r.due))
    const resp = summarize(rs.filter((r) => r.respAt !== undefined).map((r) => r.respAt! - r.due))
    const sec = tl.slice(k * sliceS, (k + 1) * sliceS)
    if (!rs.length) continue
    const avg = (f: (x: (typeof tl)[number]) => number) => (sec.length ? sec.reduce((a, x) => a + f(x), 0) / sec.length : NaN)
    const max = (f: (x: (typeof tl)[number]) => number) => (sec.length ? Math.max(...sec.map(f)) : NaN)
    rows.push([
      `   ${k * sliceS}-${(k + 1) * sliceS}s`,
      rs.length,
      ms(off.p50),
      ms(off.p99),
      ms(off.max),
      ms(resp.p99),
      `${(avg((x) => x.elu) * 100).toFixed(0)}%`,
      pglite ? `${(avg((x) => x.pgMs) / 10).toFixed(0)}%` : '-',
      pglite ? ms(max((x) => x.pgMax)) : '-',
      ms(max((x) => x.eldMax)),
    ])
  }
  console.log(`\n   timeline (reports by scheduled time; server columns from the child process, per-second samples)`)
  console.log(table(['   slice', 'reports', 'offer p50', 'offer p99', 'offer max', 'POST p99', 'server ELU', 'in PGlite', 'longest PGlite call ms', 'longest loop delay ms'], rows))
}
