import type { Server, Socket } from 'socket.io'
import type { ClientToServerEvents, LogEvent, ServerToClientEvents } from '../../shared/events.js'
import type { Incident } from '../../shared/incidents.js'
import type { Database } from '../db/database.js'
import { EVENTS_CHANNEL } from '../db/transaction.js'
import { eventsRepository } from '../events/events.repository.js'
import { toTrackingView } from '../incidents/incidents.repository.js'
import { redactEvent } from '../auth/redact.js'
import type { Logger } from '../logger.js'

export type Io = Server<ClientToServerEvents, ServerToClientEvents>
export type ClientSocket = Socket<ClientToServerEvents, ServerToClientEvents>

export const DISPATCH_ROOM = 'dispatch'
/** Viewers: every event, with personal data removed. */
export const VIEWERS_ROOM = 'viewers'
export const userRoom = (userId: string) => `user:${userId}`
export const teamRoom = (teamId: string) => `team:${teamId}`
export const trackRoom = (incidentId: string) => `track:${incidentId}`

/** What a socket in these rooms may see of an event: all of it, a redacted copy, or nothing. */
export function viewOf(e: LogEvent, rooms: ReadonlySet<string>): LogEvent | null {
  if (rooms.has(DISPATCH_ROOM)) return e
  if (e.teamId !== null && rooms.has(teamRoom(e.teamId))) return e
  if (rooms.has(VIEWERS_ROOM)) return redactEvent(e)
  return null
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
    const rooms = [DISPATCH_ROOM, ...(e.teamId ? [teamRoom(e.teamId)] : [])]
    this.io.to(rooms).emit('log:event', e)
    this.io.to(VIEWERS_ROOM).except(rooms).emit('log:event', redactEvent(e))
    if (e.incidentId && e.type.startsWith('incident.') && e.after && typeof e.after === 'object' && 'trackingCode' in e.after) {
      this.io.to(trackRoom(e.incidentId)).emit('track:update', toTrackingView(e.after as Incident))
    }
  }

  /**
   * Sends a socket every event after `fromSeq` it may see, then joins it to its rooms. With no
   * `fromSeq` it just joins. Either way it ends with `log:synced` carrying the current seq.
   */
  attach(socket: ClientSocket, rooms: string[], fromSeq: number | undefined): Promise<void> {
    return this.serial(async () => {
      const visible = new Set(rooms)
      if (fromSeq !== undefined && fromSeq < this.lastSeq) {
        let cursor = fromSeq
        let done = false
        while (!done) {
          const page = await eventsRepository.since(this.db.sql, cursor, PAGE)
          for (const e of page) {
            if (e.seq > this.lastSeq) break
            const view = viewOf(e, visible)
            if (view) socket.emit('log:event', view)
            cursor = e.seq
          }
          done = page.length < PAGE || cursor >= this.lastSeq || page.some((e) => e.seq > this.lastSeq)
        }
      }
      await socket.join(rooms)
      socket.emit('log:synced', { seq: this.lastSeq })
    })
  }
}
