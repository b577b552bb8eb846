import type { Server as HttpServer } from 'node:http'
import { Server } from 'socket.io'
import { z } from 'zod'
import type { Ack, AssignmentOffer, ClientToServerEvents, LogEvent, ServerToClientEvents, TeamPositionUpdate } from '@shared/events.js'
import type { Team } from '@shared/teams.js'
import { channelsRepository, POSITIONS_CHANNEL, PRESENCE_CHANNEL, SESSIONS_CHANNEL } from './channels.repository.js'
import { SocketAuthSchema, SocketPositionSchema } from '@shared/events.js'
import type { Deps } from '../context.js'
import { assignmentsRepository } from '../dispatch/assignments.repository.js'
import { AppError, fromZod } from '../errors.js'
import { authorize, CITIZEN, SESSION_COOKIE, type Identity } from '../http/identity.js'
import { seesPersonalData } from '../auth/redact.js'
import { isAllowedOrigin } from '../http/security.js'
import { incidentsRepository } from '../incidents/incidents.repository.js'
import type { Services } from '../services.js'
import { DISPATCH_ROOM, EventRelay, STAFF_ROOM, facilityRoom, feedRoomOf, sessionRoom, teamRoom, trackRoom, userRoom, type ClientSocket, type Io } from './relay.js'
import { toTrackingView } from '../incidents/incidents.repository.js'
import { PositionFanout } from './position-fanout.js'
import type { TeamPresence } from './presence.js'

const SessionsEndedSchema = z.union([z.object({ origin: z.string(), sessionId: z.string() }), z.object({ origin: z.string(), userId: z.string() })])
const safeJson = (s: string): unknown => {
  try {
    return JSON.parse(s)
  } catch {
    return null
  }
}

/** Maps any thrown error to the ack's error shape, never leaking internals. */
function toAckError(err: unknown, d: Deps): Ack<never> {
  if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message, issues: err.issues } }
  d.logger.error('socket handler failed', { err: String(err) })
  return { ok: false, error: { code: 'internal', message: 'Internal error' } }
}

type TeamSocket = Awaited<ReturnType<Io['fetchSockets']>>[number]

/**
 * Pushes each new assignment to the team's phones and re-sends it every OFFER_RESEND_MS until
 * a phone acknowledges receipt (socket.io delivers at most once). Timers are per assignment,
 * so an earlier offer's timer never re-sends a newer one early. Every server process pushes to
 * its own sockets.
 */
class AssignmentPusher {
  private timers = new Map<string, NodeJS.Timeout>()
  private closed = false
  constructor(
    private readonly io: Io,
    private readonly d: Deps,
    private readonly s: Services,
  ) {}

  /** Sends the team's undelivered assignment now (a new assignment, or a phone that connected). */
  async push(teamId: string, only?: string): Promise<void> {
    if (this.closed) return
    const pending = (await assignmentsRepository.undelivered(this.d.db.sql, teamId)).filter((a) => !only || a.id === only)
    if (pending.length === 0) return
    const sockets = await this.io.in(teamRoom(teamId)).fetchSockets()
    for (const a of pending) {
      const incident = await incidentsRepository.get(this.d.db.sql, a.incidentId)
      if (!incident) continue
      const offer: AssignmentOffer = { assignmentId: a.id, incident, ackDeadline: a.ackDeadline?.toISOString() ?? null }
      for (const socket of sockets) this.emit(socket, offer)
      this.schedule(a.id, teamId)
    }
  }

  /** Sends an offer made from a committed `incident.assigned` event, without reading it back. */
  offer(teamId: string, offer: AssignmentOffer): void {
    if (this.closed) return
    this.io
      .in(teamRoom(teamId))
      .fetchSockets()
      .then(
        (sockets) => {
          for (const socket of sockets) this.emit(socket, offer)
          this.schedule(offer.assignmentId, teamId)
        },
        (err) => this.d.logger.error('assignment push failed', { err: String(err) }),
      )
  }

  private emit(socket: TeamSocket, offer: AssignmentOffer) {
    socket.timeout(this.d.config.OFFER_RESEND_MS).emit('assignment:offer', offer, (err: Error | null) => {
      if (err) return
      this.cancel(offer.assignmentId)
      void this.s.dispatch.markDelivered(offer.assignmentId).catch((e) => this.d.logger.error('markDelivered failed', { err: String(e) }))
    })
  }

  private schedule(assignmentId: string, teamId: string) {
    if (this.closed || this.timers.has(assignmentId)) return
    const t = setTimeout(() => {
      this.timers.delete(assignmentId)
      void this.push(teamId, assignmentId).catch((e) => this.d.logger.error('assignment push failed', { err: String(e) }))
    }, this.d.config.OFFER_RESEND_MS)
    t.unref()
    this.timers.set(assignmentId, t)
  }

  cancel(assignmentId: string) {
    const t = this.timers.get(assignmentId)
    if (t) clearTimeout(t)
    this.timers.delete(assignmentId)
  }

  close() {
    this.closed = true
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
  }
}

/** Sockets to close: one session's (logout), or every session of an account (disabled, new password). */
export type EndedSessions = { sessionId: string } | { userId: string }

export interface Realtime {
  io: Io
  relay: EventRelay
  /** Which team phones are connected, on any process (presence.ts). */
  presence: TeamPresence
  /** Sends a new assignment to the team's phones on this process (from the event: no reads). */
  offer(teamId: string, offer: AssignmentOffer): void
  /** Stops re-sending an offer (it was delivered, or the case moved on). */
  settle(assignmentId: string): void
  /** A stored position goes to every staff screen, on every process, in the next batch. */
  publishPosition(team: Team): Promise<void>
  /** Closes the ended sessions' sockets here and, through the database, on every other process. */
  endSessions(ended: EndedSessions): Promise<void>
  close(): Promise<void>
}

export interface RealtimeOptions {
  processId: string
  /** Each live event once it has gone out, in seq order (createApp's reactions). */
  onEvent: (e: LogEvent) => void
}

export async function createRealtime(http: HttpServer, d: Deps, s: Services, opts: RealtimeOptions): Promise<Realtime> {
  const io: Io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    serveClient: false,
    cors: { origin: false },
    // Browsers send the session cookie with a handshake from any site (cross-site WebSocket
    // hijacking), so a browser's handshake must come from our own origin or a listed one.
    // Runs for polling and websocket handshakes alike. No Origin header means no browser
    // page is involved (phone apps and tools with a bearer token).
    allowRequest: (req, callback) => {
      const origin = req.headers.origin
      if (origin === undefined || isAllowedOrigin(d.config, origin, req.headers.host)) return callback(null, true)
      callback('Origin not allowed', false)
    },
  })
  const relay = new EventRelay(d.db, io, d.logger, opts)
  await relay.start()
  const pusher = new AssignmentPusher(io, d, s)

  // Positions reach staff screens (dispatchers, call-takers) in batches, the latest fix per team
  // (position-fanout.ts). On a Postgres server other processes hold other screens' sockets: each
  // batch's own fixes go out on the shared channel in one NOTIFY, and what arrives there joins
  // the next batch (this process's own fixes come back too and are dropped as already seen).
  const positions = new PositionFanout({
    emit: (batch) => {
      io.to([DISPATCH_ROOM, STAFF_ROOM]).emit('team:positions', batch)
      void sendEtas(batch).catch((err) => d.logger.error('facility arrival estimates failed', { err: String(err) }))
    },
    publish: d.db.kind === 'postgres' ? (batch) => void channelsRepository.notifyPositions(d.db.sql, batch).catch((err) => d.logger.error('position notify failed', { err: String(err) })) : undefined,
  })
  // A facility's screen hears the teams on their way to it, with a new arrival estimate at each
  // fix. One statement per batch, and only while this process holds a facility's socket.
  const sendEtas = async (batch: TeamPositionUpdate[]) => {
    const rooms = io.of('/').adapter.rooms
    if (![...rooms.keys()].some((r) => r.startsWith(facilityRoom('')))) return
    for (const { destinationId, eta } of await s.stays.etasFor(batch)) {
      if (rooms.has(facilityRoom(destinationId))) io.to(facilityRoom(destinationId)).emit('facility:eta', eta)
    }
  }
  // Which team phones are connected (kept by createApp, read by dispatch): consoles hear changes.
  const presence = d.presence
  presence.onChange = (u) => io.to([DISPATCH_ROOM, STAFF_ROOM]).emit('team:presence', u)
  presence.start()
  // Sessions that ended on any process: close their sockets here.
  const disconnect = (ended: EndedSessions) => io.in('sessionId' in ended ? sessionRoom(ended.sessionId) : userRoom(ended.userId)).disconnectSockets(true)
  if (d.db.kind === 'postgres') {
    await d.db.listen(POSITIONS_CHANNEL, (payload) => {
      try {
        for (const u of JSON.parse(payload) as TeamPositionUpdate[]) positions.offer(u, 'remote')
      } catch (err) {
        d.logger.warn('bad position notification', { err: String(err) })
      }
    })
    await d.db.listen(PRESENCE_CHANNEL, (payload) => presence.heard(payload))
    await d.db.listen(SESSIONS_CHANNEL, (payload) => {
      const parsed = SessionsEndedSchema.safeParse(safeJson(payload))
      if (!parsed.success) return d.logger.warn('bad sessions notification', {})
      const { origin, ...ended } = parsed.data
      if (origin !== opts.processId) {
        // Another process ended them: this process's session cache forgets them too.
        s.auth.forgetSessions(ended as EndedSessions)
        disconnect(ended as EndedSessions)
      }
    })
  }

  // Who is connecting: the session cookie the browser sends with the handshake, or a token in
  // `auth.token`; neither means a citizen (who may only follow a tracking code).
  io.use((socket, next) => {
    const auth = SocketAuthSchema.safeParse(socket.handshake.auth ?? {})
    if (!auth.success) return next(new Error(fromZod(auth.error, 'auth').message))
    const cookie = socket.handshake.headers.cookie
      ?.split(/;\s*/)
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
      ?.slice(SESSION_COOKIE.length + 1)
    const token = auth.data.token ?? (cookie ? decodeURIComponent(cookie) : undefined)
    socket.data.auth = auth.data
    if (!token) {
      socket.data.identity = CITIZEN
      return next()
    }
    s.auth
      .authenticate(token)
      .then((found) => {
        if (!found) return next(new Error('The session has expired or was ended; sign in again'))
        socket.data.identity = { ...found, via: auth.data.token ? 'bearer' : 'cookie' } satisfies Identity
        next()
      })
      .catch(() => next(new Error('Could not check the session')))
  })

  io.on('connection', (socket: ClientSocket) => {
    const who = socket.data.identity as Identity
    const auth = socket.data.auth as { lastSeq?: number; trackingCode?: string }
    if (who.role === 'team' && who.teamId) {
      // A team phone is connected from now until its socket goes (the first thing counted, so a
      // disconnect during the catch-up below is never missed).
      const teamId = who.teamId
      socket.once('disconnect', () => void presence.disconnected(teamId, socket.id))
      void presence.connected(teamId, socket.id)
    }
    void (async () => {
      if (who.userId) await socket.join(userRoom(who.userId))
      if (who.sessionId) await socket.join(sessionRoom(who.sessionId))
      if (who.expiresAt) {
        // The socket ends with the session, as HTTP requests would.
        const t = setTimeout(() => socket.disconnect(true), Math.max(0, who.expiresAt.getTime() - d.clock.now().getTime()))
        t.unref()
        socket.once('disconnect', () => clearTimeout(t))
      }
      const feed = feedRoomOf(who.role, who.teamId, who.destinationId)
      if (auth.trackingCode) {
        const incident = await incidentsRepository.getByTrackingCode(d.db.sql, auth.trackingCode)
        if (incident) {
          await socket.join(trackRoom(incident.id))
          socket.emit('track:update', toTrackingView(incident))
        }
      }
      if (feed) {
        // The catch-up obeys the HTTP rules (ReadScope.catchUp): no history a role could not
        // read over HTTP, and a team only its current case.
        const scope = auth.lastSeq === undefined ? undefined : await s.scope.catchUp(who, auth.lastSeq)
        const { incidentIds } = await relay.attach(socket, [feed], scope?.fromSeq, scope)
        if (seesPersonalData(who)) {
          // Socket reads of personal data are logged like HTTP reads: the catch-up names the
          // incidents it sent; the live subscription the cases it shows now (a team's
          // current case; the open incidents on a console).
          const requestId = `socket:${socket.id}`
          await s.auth.logAccess(who, 'events', incidentIds, 'socket:catch-up', requestId)
          const live =
            who.role === 'team'
              ? who.teamId
                ? await s.scope.currentCases(who.teamId)
                : []
              : who.role === 'facility'
                ? who.destinationId
                  ? await s.stays.incomingIds(who.destinationId)
                  : []
                : (await s.incidents.list({ status: ['open'], limit: 1000 })).map((i) => i.id)
          await s.auth.logAccess(who, 'incident', live, 'socket:subscribe', requestId)
        }
      }
      if (who.role === 'team' && who.teamId) await pusher.push(who.teamId)
    })().catch((err) => d.logger.error('socket connect failed', { err: String(err) }))

    socket.on('team:position', async (raw, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {}
      try {
        authorize(who, 'team.position')
        if (!who.teamId) throw new AppError('forbidden', 'Only a team’s phone posts its position')
        const parsed = SocketPositionSchema.safeParse(raw)
        if (!parsed.success) throw fromZod(parsed.error)
        await s.teams.postPosition(who.teamId, parsed.data)
        reply({ ok: true, data: null })
      } catch (err) {
        reply(toAckError(err, d))
      }
    })
  })

  return {
    io,
    relay,
    presence,
    offer: (teamId, offer) => pusher.offer(teamId, offer),
    settle: (assignmentId) => pusher.cancel(assignmentId),
    async publishPosition(team) {
      if (team.position) positions.offer({ teamId: team.id, position: team.position })
    },
    async endSessions(ended) {
      disconnect(ended)
      if (d.db.kind === 'postgres') await channelsRepository.notify(d.db.sql, SESSIONS_CHANNEL, JSON.stringify({ origin: opts.processId, ...ended }))
    },
    async close() {
      pusher.close()
      positions.close()
      await presence.close()
      io.disconnectSockets(true)
      await new Promise<void>((resolve) => io.close(() => resolve()))
    },
  }
}
