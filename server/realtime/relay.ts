import type { Server, Socket } from 'socket.io'
import type { ClientToServerEvents, LogEvent, ServerToClientEvents } from '../../shared/events.js'
import type { Incident } from '../../shared/incidents.js'
import type { Database } from '../db/database.js'
import { EVENTS_CHANNEL } from '../db/transaction.js'
import { eventsRepository } from '../events/events.repository.js'
import { toTrackingView } from '../incidents/incidents.repository.js'
import { eventViewOf, redactEvent, viewEvent } from '../auth/redact.js'
import { permits } from '../auth/policy.js'
import type { Role } from '../../shared/permissions.js'
import type { Logger } from '../logger.js'

export type Io = Server<ClientToServerEvents, ServerToClientEvents>
export type ClientSocket = Socket<ClientToServerEvents, ServerToClientEvents>

/** Dispatchers and admins: every event, whole. */
export const DISPATCH_ROOM = 'dispatch'
/** Call-takers: every event, handovers without the person (they may not read handovers). */
export const STAFF_ROOM = 'staff'
/** Viewers: every event, with personal data removed. */
export const VIEWERS_ROOM = 'viewers'
export const userRoom = (userId: string) => `user:${userId}`
export const teamRoom = (teamId: string) => `team:${teamId}`
export const trackRoom = (incidentId: string) => `track:${incidentId}`

/** The room a role's live feed comes through (with the view of events that role gets), if any. */
export function feedRoomOf(role: Role, teamId: string | null): string | null {
  if (permits(role, 'live.full')) return eventViewOf(role) === 'full' ? DISPATCH_ROOM : STAFF_ROOM
  if (permits(role, 'live.redacted')) return VIEWERS_ROOM
  if (permits(role, 'live.team') && teamId) return teamRoom(teamId)
  return null
}

/**
 * What a socket in these rooms may see of an event: all of it, a copy without what its role
 * may not read (the same rule as over HTTP, server/auth/redact.ts), or nothing.
 */
export function viewOf(e: LogEvent, rooms: ReadonlySet<string>): LogEvent | null {
  if (rooms.has(DISPATCH_ROOM)) return e
  if (rooms.has(STAFF_ROOM)) return viewEvent(e, 'no_handover_person')
  if (e.teamId !== null && rooms.has(teamRoom(e.teamId))) return viewEvent(e, eventViewOf('team'))
  if (rooms.has(VIEWERS_ROOM)) return redactEvent(e)
  return null
}

/** Which of a reconnecting socket's missed events it may be sent (see ReadScope.catchUp). */
export interface CatchUpFilter {
  /** Incidents whose events may be sent; null when any may. */
  incidents: ReadonlySet<string> | null
  /** With `incidents`: the team whose own (non-incident) events may be sent too. */
  teamId: string | null
}

function inScope(e: LogEvent, f: CatchUpFilter | undefined): boolean {
  if (!f || f.incidents === null) return true
  if (e.incidentId !== null) return f.incidents.has(e.incidentId)
  return e.teamId !== null && e.teamId === f.teamId
}

const PAGE = 500

/**
 * Live events are a tail of the event log, not a side channel: after every commit (and, on a
 * Postgres server, on every NOTIFY from another process) the relay reads the log past the
 * last sequence it sent and emits those rows in order. Catch-up for a reconnecting client
 * runs on the same serial queue, so between "send what you missed" and "join the live
 * rooms" nothing can slip through or be sent twice.
 */
export class EventRelay {
  private lastSeq = 0
  private chain: Promise<unknown> = Promise.resolve()
  private drainQueued = false
  /** Called for each event after it has gone out (assignment offers hook in here). */
  onEvent: (e: LogEvent) => void = () => {}

  constructor(
    private readonly db: Database,
    private readonly io: Io,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.lastSeq = await eventsRepository.lastSeq(this.db.sql)
    await this.db.listen(EVENTS_CHANNEL, () => this.poke())
  }

  get seq(): number {
    return this.lastSeq
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn)
    this.chain = run.catch((err) => this.logger.error('relay step failed', { err: String(err) }))
    return run
  }

  /** Something was committed: send what is new. Calls made while a drain is queued coalesce. */
  poke(): Promise<void> {
    if (this.drainQueued) return this.chain.then(() => {})
    this.drainQueued = true
    return this.serial(async () => {
      this.drainQueued = false
      await this.drain()
    })
  }

  /** Waits until everything committed so far has been sent (tests and shutdown). */
  flush(): Promise<void> {
    return this.poke()
  }

  private async drain(): Promise<void> {
    for (;;) {
      const events = await eventsRepository.since(this.db.sql, this.lastSeq, PAGE)
      for (const e of events) {
        this.broadcast(e)
        this.lastSeq = e.seq
        this.onEvent(e)
      }
      if (events.length < PAGE) return
    }
  }

  private broadcast(e: LogEvent): void {
    // Each socket is in one feed room (feedRoomOf), which decides its view of the event.
    for (const room of [DISPATCH_ROOM, STAFF_ROOM, VIEWERS_ROOM, ...(e.teamId ? [teamRoom(e.teamId)] : [])]) {
      const view = viewOf(e, new Set([room]))
      if (view) this.io.to(room).emit('log:event', view)
    }
    if (e.incidentId && e.type.startsWith('incident.') && e.after && typeof e.after === 'object' && 'trackingCode' in e.after) {
      this.io.to(trackRoom(e.incidentId)).emit('track:update', toTrackingView(e.after as Incident))
    }
  }

  /**
   * Sends a socket every event after `fromSeq` it may see (within `filter`), then joins it to
   * its rooms. With no `fromSeq` it just joins. Either way it ends with `log:synced` carrying
   * the current seq. Returns the incidents whose events were sent (for the access log).
   */
  attach(socket: ClientSocket, rooms: string[], fromSeq: number | undefined, filter?: CatchUpFilter): Promise<{ incidentIds: string[] }> {
    return this.serial(async () => {
      const visible = new Set(rooms)
      const sent = new Set<string>()
      if (fromSeq !== undefined && fromSeq < this.lastSeq) {
        let cursor = fromSeq
        let done = false
        while (!done) {
          const page = await eventsRepository.since(this.db.sql, cursor, PAGE)
          for (const e of page) {
            if (e.seq > this.lastSeq) break
            const view = inScope(e, filter) ? viewOf(e, visible) : null
            if (view) {
              socket.emit('log:event', view)
              if (e.incidentId) sent.add(e.incidentId)
            }
            cursor = e.seq
          }
          done = page.length < PAGE || cursor >= this.lastSeq || page.some((e) => e.seq > this.lastSeq)
        }
      }
      await socket.join(rooms)
      socket.emit('log:synced', { seq: this.lastSeq })
      return { incidentIds: [...sent] }
    })
  }
}
