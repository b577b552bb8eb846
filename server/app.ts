import { randomUUID } from 'node:crypto'
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { API } from '@shared/api.js'
import type { EventType, LogEvent, LogEventOf } from '@shared/events.js'
import { systemClock, type Clock } from './clock.js'
import type { Config } from './config.js'
import type { Deps } from './context.js'
import type { ScryptParams } from './auth/passwords.js'
import type { Database } from './db/database.js'
import type { Effect, EffectType, React } from './effects.js'
import { createTransactor } from './db/transaction.js'
import { MAX_IMPORT_BYTES } from '@shared/destination-import.js'
import { destinationsRoutes } from './destinations/destinations.routes.js'
import { AppError } from './errors.js'
import { loadCity, type CityData } from './geo/city.js'
import { ServiceArea } from './geo/service-area.js'
import { handoversRoutes } from './handovers/handovers.routes.js'
import { historyRoutes } from './history/history.routes.js'
import { pushRoutes } from './push/push.routes.js'
import { papersRoutes } from './papers/papers.routes.js'
import { peopleRoutes } from './people/people.routes.js'
import { staysRoutes } from './stays/stays.routes.js'
import { identity, type IdentityEnv } from './http/identity.js'
import { authRoutes } from './auth/auth.routes.js'
import { reportsRoutes } from './reports/reports.routes.js'
import { corsPolicy } from './http/security.js'
import { requestBaseline, withBaselineHeaders } from './http/baseline.js'
import { rosterRoutes } from './roster/roster.routes.js'
import { defaultSettings, RuntimeSettingsHolder } from './settings/runtime-settings.js'
import { settingsRoutes } from './settings/settings.routes.js'
import { ApiDocs } from './http/openapi.js'
import { endpointBinder } from './http/endpoint.js'
import type { FindAnswer } from './http/idempotency.js'
import { idempotencyRepository } from './db/idempotency.repository.js'
import { randomIds, type Ids } from './ids.js'
import { incidentsRoutes } from './incidents/incidents.routes.js'
import { createLogger, type Logger } from './logger.js'
import { TeamPresence } from './realtime/presence.js'
import { createRealtime, type Realtime } from './realtime/socket.js'
import { createServices, type Services } from './services.js'
import { teamsRoutes } from './teams/teams.routes.js'
import { cityRoutes } from './geo/city.routes.js'
import { healthRepository } from './db/health.repository.js'
import type { MiddlewareHandler } from 'hono'

export interface AppOptions {
  db: Database
  config: Config
  clock?: Clock
  ids?: Ids
  logger?: Logger
  city?: CityData
  /** The cost of new password hashes: tests inject a cheap one (there is deliberately no setting). */
  passwordParams?: ScryptParams
  /** Extra routes mounted last (the web app's static files in production). */
  extend?: (app: Hono<IdentityEnv>) => void
}

export interface App {
  hono: Hono<IdentityEnv>
  services: Services
  deps: Deps
  docs: ApiDocs
  /** Set once listen() has run. */
  realtime: Realtime | null
  listen(port?: number, host?: string): Promise<{ url: string; http: HttpServer }>
  /** Stops taking requests, closes sockets and timers; the caller closes the database. */
  close(): Promise<void>
}

/** The composition root: builds every part from its dependencies; no module holds state. */
export function createApp(opts: AppOptions): App {
  const config = opts.config
  const clock = opts.clock ?? systemClock
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL)
  const city = opts.city ?? loadCity(config.CITY_DIR)
  let realtime: Realtime | null = null
  // Names this process (this app) in NOTIFY payloads, so it skips its own echoes.
  const processId = randomUUID()

  // What happens after a change is committed, read top to bottom. Effects are what services
  // report (`d.react`, or `uow.effect` in a transaction: dispatched after COMMIT); events are
  // the log's tail as the relay sends it, from this process's commits and others'.
  const effects: EffectReactions = {
    // A team became free: offer it the waiting queue (most urgent, oldest first).
    // (Unless the roster took it off duty while it held a case: then it goes off duty now.)
    'team.freed': async ({ teamId }) => {
      if (await services.roster.releaseIfPending(teamId)) return
      await services.dispatch.offerQueueTo(teamId)
    },
    // A position was stored: fan it out to the dispatchers on every process. Not awaited: the
    // fix is stored, and the next one replaces a lost broadcast.
    'position.stored': async ({ team }) => {
      void realtime?.publishPosition(team).catch((err) => logger.error('position broadcast failed', { err: String(err) }))
    },
    // A case was offered to a team, or taken off it: Web Push to the team's phones, so a locked
    // phone hears too. Only the committing process sends (effects are not relayed), once. Not
    // awaited: the change is committed, and a slow or failing push service must not hold up
    // the request or the sweep (notifyTeam logs and never throws).
    'team.notify': async ({ teamId, message }) => {
      void services.push.notifyTeam(teamId, message)
    },
    // A session or an account ended: drop its sockets here and on every other process.
    'session.ended': async ({ sessionId }) => {
      await realtime?.endSessions({ sessionId })
    },
    'account.ended': async ({ userId }) => {
      await realtime?.endSessions({ userId })
    },
  }
  const events: EventReactions = {
    // A case was assigned: push the offer to the team's phones (every process to its own).
    'incident.assigned': (e) => {
      if (e.teamId) realtime?.offer(e.teamId, { assignmentId: e.data.assignmentId, incident: e.after, ackDeadline: e.after.ackDeadline })
    },
    // The offer reached a phone, or the case left the team: stop re-sending it.
    'assignment.delivered': (e) => realtime?.settle(e.data.assignmentId),
    // A team's status changed, here or on another process: keep the free-teams index in step.
    'team.status_changed': (e) => services.teams.noteTeam(e.after),
    // An admin changed a setting, here or on another process: read them again.
    'settings.changed': () => void services.settings.load().catch((err) => logger.error('settings reload failed', { err: String(err) })),
  }

  const react: React = (effect) => dispatchEffect(effects, effect)
  const transaction = createTransactor(opts.db, clock, {
    processId,
    react,
    // The relay exists once listen() has run; before that nobody is connected to hear events.
    listener: {
      reserved: (seqs) => realtime?.relay.reserved(seqs),
      committed: (logged) => realtime?.relay.committed(logged),
      aborted: (seqs) => realtime?.relay.aborted(seqs),
    },
  })
  const presence = new TeamPresence({ clock, config, db: opts.db, logger }, processId)
  const settings = new RuntimeSettingsHolder(defaultSettings(config, city.config))
  const deps: Deps = { config, clock, ids: opts.ids ?? randomIds, db: opts.db, transaction, area: new ServiceArea(city), city, logger, react, presence, settings, passwordParams: opts.passwordParams }
  // Declared after the reactions that call it: they run only after a commit, long after this line.
  const services = createServices(deps)
  const docs = new ApiDocs()
  const hono = buildHttp(deps, services, docs, opts.extend)

  let http: HttpServer | null = null
  let sweepTimer: NodeJS.Timeout | null = null
  let sweeping = false
  let lastRetention = 0

  return {
    hono,
    services,
    deps,
    docs,
    get realtime() {
      return realtime
    },
    async listen(port = config.PORT, host = config.HOST) {
      await services.settings.load()
      // The VAPID key pair exists from the first start on (made and stored once, server/push).
      await services.push.keys()
      http = createServer(await withBaselineHeaders(config, getRequestListener(hono.fetch)))
      realtime = await createRealtime(http, deps, services, { processId, onEvent: (e) => dispatchEvent(events, e) })
      await new Promise<void>((resolve, reject) => {
        http!.once('error', reject)
        http!.listen(port, host, () => resolve())
      })
      if (config.SWEEP_INTERVAL_MS > 0) {
        sweepTimer = setInterval(() => {
          if (sweeping) return
          sweeping = true
          Promise.all([
            services.dispatch.sweep().catch((err) => logger.error('acknowledgement sweep failed', { err: String(err) })),
            // Stays nearing or past the maximum for their kind (city.json stays.maxDays).
            services.stays.sweep().catch((err) => logger.error('stay alert sweep failed', { err: String(err) })),
            // Shift changes put rostered teams on duty and the others off; the no-team-on-duty alarm.
            services.roster.tick().catch((err) => logger.error('roster job failed', { err: String(err) })),
            // Person records past the city's retention period (city.json retention), hourly.
            clock.now().getTime() - lastRetention >= RETENTION_EVERY_MS
              ? services.people.anonymiseExpired().then(
                  () => void (lastRetention = clock.now().getTime()),
                  (err) => logger.error('retention job failed', { err: String(err) }),
                )
              : null,
          ]).finally(() => (sweeping = false))
        }, config.SWEEP_INTERVAL_MS)
        sweepTimer.unref()
      }
      const addr = http.address() as AddressInfo
      return { url: `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`, http }
    },
    async close() {
      if (sweepTimer) clearInterval(sweepTimer)
      if (realtime) {
        await realtime.relay.flush().catch(() => {})
        await realtime.close() // closes sockets and the HTTP server
      } else if (http) {
        await new Promise<void>((resolve) => http!.close(() => resolve()))
      }
      http?.closeAllConnections?.()
    },
  }
}

/** How often the retention job looks for person records to anonymise. */
const RETENTION_EVERY_MS = 60 * 60_000

/** One reaction per effect type: the compiler checks none is missing. */
type EffectReactions = { [T in EffectType]: (effect: Extract<Effect, { type: T }>) => Promise<void> }
/** Reactions to live events, by type (most events need none). */
type EventReactions = { [T in EventType]?: (event: LogEventOf<T>) => void }

function dispatchEffect(table: EffectReactions, effect: Effect): Promise<void> {
  return (table[effect.type] as (e: Effect) => Promise<void>)(effect)
}

function dispatchEvent(table: EventReactions, event: LogEvent): void {
  ;(table[event.type] as ((e: LogEvent) => void) | undefined)?.(event)
}

function buildHttp(d: Deps, s: Services, docs: ApiDocs, extend?: (app: Hono<IdentityEnv>) => void): Hono<IdentityEnv> {
  const app = new Hono<IdentityEnv>()
  app.use('*', requestBaseline(d.logger))
  const cors = corsPolicy(d.config)
  if (cors) app.use('/api/*', cors)
  const limit = (maxSize: number): MiddlewareHandler<IdentityEnv> => {
    const tooLarge = () => {
      throw new AppError('payload_too_large', `The request body is larger than ${maxSize} bytes`)
    }
    const streamed = bodyLimit({ maxSize, onError: tooLarge })
    return (c, next) => {
      // A declared length is checked from the header alone. Hono's bodyLimit first touches the
      // request's `body`, which makes @hono/node-server build a web stream for every request and
      // read the JSON through it instead of its fast path (a third of the HTTP position ingest
      // time, measured with --cpu-prof); only a chunked body needs the counting stream.
      const declared = c.req.header('content-length')
      if (declared !== undefined && !c.req.header('transfer-encoding')) return Number(declared) > maxSize ? tooLarge() : next()
      return streamed(c, next)
    }
  }
  const jsonLimit = limit(d.config.MAX_BODY_BYTES)
  const photoLimit = limit(d.config.MAX_PHOTO_BYTES)
  // A list of destinations as one JSON string: the file's size, plus room for JSON escapes.
  const importLimit = limit(2 * MAX_IMPORT_BYTES)
  app.use('/api/*', (c, next) =>
    /^\/api\/(incidents\/[^/]+\/photo|stays\/[^/]+\/agreement|people\/[^/]+\/photos)$/.test(c.req.path)
      ? photoLimit(c, next)
      : c.req.path === `${API.destinations}/import`
        ? importLimit(c, next)
        : jsonLimit(c, next),
  )
  app.use(
    '/api/*',
    identity((token) => s.auth.authenticate(token)),
  )
  // Every endpoint is bound through `on`: route, validation, permission and OpenAPI entry from one declaration.
  const findAnswer: FindAnswer = (scope, key) => idempotencyRepository.find(d.db.sql, scope, key)
  const on = endpointBinder(app, docs, findAnswer)

  app.get('/health', (c) => c.json({ status: 'ok' }))
  app.get('/ready', async (c) => {
    try {
      await healthRepository.ping(d.db.sql)
      return c.json({ status: 'ready', database: d.db.kind })
    } catch {
      return c.json({ status: 'unavailable', database: d.db.kind }, 503)
    }
  })

  // Order matters where paths overlap: /api/incidents/queue is bound before /api/incidents/:id.
  incidentsRoutes(on, s, d.config)
  authRoutes(on, s, d.config)
  reportsRoutes(on, s.reports, d.city.config.serviceName)
  teamsRoutes(on, s)
  destinationsRoutes(on, s)
  handoversRoutes(on, s)
  historyRoutes(on, s)
  rosterRoutes(on, s)
  settingsRoutes(on, s)
  pushRoutes(on, s)
  peopleRoutes(on, s)
  staysRoutes(on, s)
  papersRoutes(on, s)
  cityRoutes(on, d, s, docs)

  extend?.(app)

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}` } }, 404))
  app.onError((err, c) => {
    const rid = c.get('requestId')
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v)
      return c.json({ error: { code: err.code, message: err.message, issues: err.issues, requestId: rid } }, err.status as ContentfulStatusCode)
    }
    if (err instanceof HTTPException) {
      return c.json({ error: { code: err.status === 413 ? 'payload_too_large' : 'validation_failed', message: err.message, requestId: rid } }, err.status)
    }
    d.logger.error('unhandled error', { requestId: rid, err: err instanceof Error ? `${err.name}: ${err.message}` : String(err) })
    return c.json({ error: { code: 'internal', message: 'Internal error; quote the request id when reporting it', requestId: rid } }, 500)
  })
  return app
}
