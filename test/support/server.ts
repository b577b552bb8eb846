import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, LogEvent, ServerToClientEvents } from '@shared/events.js'
import { apiClient } from '@shared/api-client.js'
import type { EndpointInput, EndpointOutput, EndpointSpec } from '@shared/endpoint.js'
import { incidentEndpoints } from '@shared/endpoints/incidents.js'
import { teamEndpoints } from '@shared/endpoints/teams.js'
import type { ErrorBody } from '@shared/errors.js'
import type { Incident, ReportIncident, ReportReceipt } from '@shared/incidents.js'
import type { Team } from '@shared/teams.js'
import { createApp, type App, type AppOptions } from '../../server/app.js'
import { ManualClock } from '../../server/clock.js'
import { testConfig, type Config } from '../../server/config.js'
import type { Database } from '../../server/db/database.js'
import type { Backend } from './backends.js'

/** For 'team' the second argument of the helpers below is the team's id; for 'facility' the destination's. */
export type Role = 'citizen' | 'dispatcher' | 'admin' | 'viewer' | 'call_taker' | 'team' | 'facility'
export const TEST_PASSWORD = 'correct horse battery'
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** A point in Pancoran Mas, Depok, and a few offsets from it (≈ 111 m per 0.001° of latitude). */
export const DEPOK = { lon: 106.8186, lat: -6.399 }
export const near = (dLatMetres: number, dLonMetres = 0) => ({
  lon: DEPOK.lon + dLonMetres / 110_600,
  lat: DEPOK.lat + dLatMetres / 110_574,
})

/** Who makes a typed call (TestServer.api), besides the endpoint's own inputs. */
export interface CallAs {
  role?: Role
  teamId?: string
  headers?: Record<string, string>
}

/** A report's answer: the receipt on 201; on a refusal the error body (the receipt's fields then absent). */
export type ReportAnswer = ReportReceipt & Partial<ErrorBody>

export interface TestServer {
  url: string
  app: App
  db: Database
  clock: ManualClock
  /** Signs in (once) as a user of the role — for a team, a member of that team — and returns its bearer header. */
  headersFor(role: Role, teamId?: string): Promise<Record<string, string>>
  /** The account id behind a role's session. */
  userIdOf(role: Role, teamId?: string): Promise<string>
  /**
   * Calls an endpoint through its declaration (shared/endpoints/) as a role: its inputs and its
   * answer are typed from the declaration's zod schemas. Any status but the declared one throws
   * (with the error body), and the answer is parsed with the declared response schema, so a
   * server that drifts from its declaration fails the test that meets it.
   */
  api<E extends EndpointSpec>(spec: E, input: EndpointInput<E> & CallAs): Promise<EndpointOutput<E>>
  /**
   * Calls a path as a role (signed in with a real session); returns status and parsed JSON. The
   * raw way, for what a typed call cannot send (malformed input, refusals, other statuses); the
   * body's type is the caller's word (`T`), unchecked.
   */
  call<T = any>(
    method: string,
    path: string,
    opts?: { role?: Role; teamId?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string },
  ): Promise<{ status: number; body: T; headers: Headers }>
  socket(auth: { role?: Role; teamId?: string; lastSeq?: number; trackingCode?: string; token?: string }): Promise<ClientSocket>
  createTeam(callSign: string, at?: { lon: number; lat: number } | null, opts?: { onDuty?: boolean }): Promise<Team>
  report(input?: Partial<ReportIncident>, headers?: Record<string, string>): Promise<{ status: number; body: ReportAnswer }>
  postPosition(teamId: string, p: { lon: number; lat: number }): Promise<void>
  incident(id: string): Promise<Incident>
  team(id: string): Promise<Team>
  /** Waits until every committed event has gone out on the sockets. */
  flush(): Promise<void>
  close(): Promise<void>
}

export interface TestServerOptions {
  /** Extra routes, e.g. the built web app for browser tests (`(app) => serveWeb(app, dir)`). */
  extend?: AppOptions['extend']
  /** The real password cost, for tests about hashing under load (default: TEST_PASSWORD_PARAMS). */
  passwordParams?: AppOptions['passwordParams']
}

/**
 * Cheap scrypt for test accounts (1 MiB, about 1 ms, instead of 32 MiB): tests sign in
 * hundreds of times. The hashes still go through the same code and the same bounded hasher.
 */
export const TEST_PASSWORD_PARAMS = { N: 2 ** 10, r: 8, p: 1 }

/** A real server on a random port, on a fresh database, with a clock the test moves. */
export async function startTestServer(backend: Backend, overrides: Partial<Config> = {}, opened?: { db: Database; dispose(): Promise<void> }, options: TestServerOptions = {}): Promise<TestServer> {
  const handle = opened ?? (await backend.open())
  const clock = new ManualClock(new Date())
  const app = createApp({
    db: handle.db,
    config: testConfig({ OFFER_RESEND_MS: 200, REPORTS_PER_IP_PER_HOUR: 100_000, LOG_LEVEL: (process.env.TEST_LOG_LEVEL as Config['LOG_LEVEL'] | undefined) ?? 'silent', ...overrides }),
    clock,
    extend: options.extend,
    passwordParams: options.passwordParams ?? TEST_PASSWORD_PARAMS,
  })
  const { url } = await app.listen(0, '127.0.0.1')
  const sockets: ClientSocket[] = []
  const sessions = new Map<string, Promise<{ token: string; userId: string }>>()

  /** Real accounts and real sign-ins through the API, one per role (per team for members). */
  const session = (role: Role, teamId?: string) => {
    const key = `${role}:${teamId ?? ''}`
    if (!sessions.has(key)) {
      sessions.set(
        key,
        (async () => {
          const username = `test-${role.replace('_', '-')}${teamId ? `-${teamId.slice(0, 8)}` : ''}`.toLowerCase()
          const user = await app.services.auth.createUser({
            username,
            displayName: username,
            role: role as never,
            teamId: role === 'team' ? teamId : undefined,
            destinationId: role === 'facility' ? teamId : undefined,
            password: TEST_PASSWORD,
          })
          const res = await fetch(`${url}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username, password: TEST_PASSWORD, issueToken: true }),
          })
          const body = (await res.json()) as { token: string }
          if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`)
          return { token: body.token, userId: user.id }
        })(),
      )
    }
    return sessions.get(key)!
  }
  const headersFor = async (role: Role, teamId?: string): Promise<Record<string, string>> => (role === 'citizen' ? {} : { Authorization: `Bearer ${(await session(role, teamId)).token}` })

  const call: TestServer['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.role ? await headersFor(opts.role, opts.teamId) : {}), ...(opts.headers ?? {}) }
    let body: string | undefined = opts.rawBody
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body)
      headers['content-type'] = 'application/json'
    } else if (body !== undefined) headers['content-type'] ??= 'application/json'
    const res = await fetch(url + path, { method, headers, body })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {}
    // The caller names the body's type (T); see TestServer.call.
    return { status: res.status, body: parsed as never, headers: res.headers }
  }

  const api = apiClient<CallAs>(async (req, spec, as) => {
    const res = await call(req.method, req.url, { role: as.role, teamId: as.teamId, headers: as.headers, body: req.body })
    const expected = spec.status ?? 200
    if (res.status !== expected) throw new Error(`${req.method} ${req.url}: ${res.status} (expected ${expected}) ${JSON.stringify(res.body)}`)
    return spec.response ? spec.response.parse(res.body) : res.body
  })

  const s: TestServer = {
    url,
    app,
    db: handle.db,
    clock,
    call,
    api,
    headersFor,
    async userIdOf(role, teamId) {
      return (await session(role, teamId)).userId
    },
    async socket({ role, teamId, lastSeq, trackingCode, token }) {
      const auth = { lastSeq, trackingCode, token: token ?? (role && role !== 'citizen' ? (await session(role, teamId)).token : undefined) }
      const sock: ClientSocket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true })
      sockets.push(sock)
      // Listen before connecting: the catch-up can arrive in the same read as the connect
      // packet, and be dispatched before the caller gets the socket to call collect() on.
      collect(sock)
      await new Promise<void>((resolve, reject) => {
        sock.once('connect', () => resolve())
        sock.once('connect_error', reject)
      })
      return sock
    },
    async createTeam(callSign, at = DEPOK, opts = {}) {
      const team = await api(teamEndpoints.create, { role: 'admin', body: { callSign, name: `Team ${callSign}`, onDuty: opts.onDuty ?? true } })
      if (at) await s.postPosition(team.id, at)
      return s.team(team.id)
    },
    report(input = {}, headers) {
      // Not a typed call: tests send partial and refused reports through here too.
      return call<ReportAnswer>('POST', '/api/incidents', { body: { category: 'sick', location: DEPOK, description: 'lying by the road', ...input }, headers })
    },
    async postPosition(id, p) {
      await api(teamEndpoints.position, { role: 'team', teamId: id, params: { id }, body: { ...p, accuracyM: 8, deviceTime: clock.now().toISOString() } })
    },
    incident(id) {
      return api(incidentEndpoints.read, { role: 'dispatcher', params: { id } })
    },
    team(id) {
      return api(teamEndpoints.read, { role: 'dispatcher', params: { id } })
    },
    async flush() {
      await app.realtime?.relay.flush()
    },
    async close() {
      for (const sock of sockets) sock.disconnect()
      await app.close()
      await handle.dispose()
    },
  }
  return s
}

const collected = new WeakMap<ClientSocket, LogEvent[]>()

/** The `log:event`s a socket receives (for a socket from TestServer.socket, from its first). */
export function collect(sock: ClientSocket): LogEvent[] {
  let seen = collected.get(sock)
  if (!seen) {
    const list: LogEvent[] = []
    sock.on('log:event', (e) => list.push(e))
    collected.set(sock, list)
    seen = list
  }
  return seen
}

/** Resolves when `predicate` holds, polling; rejects after `ms` with `what`. */
export async function eventually<T>(fn: () => T | Promise<T>, what: string, ms = 5000): Promise<NonNullable<T>> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v as NonNullable<T>
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
