import type { Server, Socket } from 'socket.io'
import { isAccountEvent, isIncidentChange, isRosterPlanEvent, type ClientToServerEvents, type LogEvent, type ServerToClientEvents } from '@shared/events.js'
import type { Database } from '../db/database.js'
import type { EventLogListener } from '../db/transaction.js'
import { EVENTS_CHANNEL, eventsRepository } from '../events/events.repository.js'
import { toTrackingView } from '../incidents/incidents.repository.js'
import { destinationsOf, eventViewOf, facilityView, redactEvent, viewEvent } from '../auth/redact.js'
import { permits } from '../auth/policy.js'
import type { Role } from '@shared/permissions.js'
import { ASSIGNED_STATUSES } from '@shared/incidents.js'
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
/** One session's sockets (closed at logout). */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`
export const teamRoom = (teamId: string) => `team:${teamId}`
export const trackRoom = (incidentId: string) => `track:${incidentId}`
/** Staff of one receiving facility: the events at that destination. */
export const facilityRoom = (destinationId: string) => `facility:${destinationId}`

/** The room a role's live feed comes through (with the view of events that role gets), if any. */
export function feedRoomOf(role: Role, teamId: string | null, destinationId: string | null = null): string | null {
  if (permits(role, 'live.full')) return eventViewOf(role) === 'full' ? DISPATCH_ROOM : STAFF_ROOM
  if (permits(role, 'live.redacted')) return VIEWERS_ROOM
  if (permits(role, 'live.team') && teamId) return teamRoom(teamId)
  if (permits(role, 'live.facility') && destinationId) return facilityRoom(destinationId)
  return null
}

/**
 * What a socket in these rooms may see of an event: all of it, a copy without what its role
 * may not read (the same rule as over HTTP, server/auth/redact.ts), or nothing.
 */
export function viewOf(e: LogEvent, rooms: ReadonlySet<string>): LogEvent | null {
  // Staff accounts are the admin's business, read from the log over HTTP; no live screen needs them.
  if (isAccountEvent(e)) return null
  if (rooms.has(DISPATCH_ROOM)) return e
  // Roster plans and handover notes go to the office's staff screens only (decision 013).
  if (isRosterPlanEvent(e)) return rooms.has(STAFF_ROOM) ? e : null
  if (rooms.has(STAFF_ROOM)) return viewEvent(e, 'no_handover_person')
  if (e.teamId !== null && rooms.has(teamRoom(e.teamId))) return teamView(e, e.teamId)
  if (rooms.has(VIEWERS_ROOM)) return redactEvent(e)
  for (const id of destinationsOf(e)) if (rooms.has(facilityRoom(id))) return facilityView(e)
  return null
}

/**
 * What a team's room sees of an event that carries the team's id. A change of a case comes
 * whole while the team holds the case after it (assigned … transporting) and for the handover
 * that ends it. Any other change (the case taken away, closed, or changed after its handover)
 * comes as the viewers' copy: HTTP refuses the team the record by then (ReadScope: at once, or
 * after HANDOVER_GRACE_MS, which a live event cannot check without a read), and the phone only
 * needs to learn that the case left it. Other events carry no more than the team view allows.
 */
function teamView(e: LogEvent, teamId: string): LogEvent {
  if (!isIncidentChange(e)) return viewEvent(e, eventViewOf('team'))
  const holds = e.after.teamId === teamId && ASSIGNED_STATUSES.includes(e.after.status)
  const handsOver = e.after.teamId === teamId && e.after.status === 'handed_over' && e.before?.status !== 'handed_over'
  return holds || handsOver ? viewEvent(e, eventViewOf('team')) : redactEvent(e)
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

export interface RelayOptions {
  /** Names this process in NOTIFY payloads, so it skips its own echo. */
  processId: string
  /** Called for each event once it has gone out, in seq order (createApp's reactions). */
  onEvent: (e: LogEvent) => void
}

/**
 * Live events are the event log's tail, sent in seq order without gaps
 * (docs/decisions/007-event-path.md). This process's commits hand their rows over as they
 * were appended (`committed`), so nothing is read back; rows from other processes are read
 * from the log when their NOTIFY arrives. Since concurrent transactions may finish out of seq
 * order, a row waits in `ready` until every lower seq has been sent or is known absent: a
 * lower seq still `reserved` here is awaited; any other hole is settled by reading the log,
 * which (the append takes the ordering lock) holds every committed event below the highest
 * one it returns. Catch-up for a reconnecting client runs on the same serial queue, so
 * between "send what you missed" and "join the live rooms" nothing can slip through or be
 * sent twice.
 */
export class EventRelay implements EventLogListener {
  private lastSeq = 0
  private chain: Promise<unknown> = Promise.resolve()
  private pumpQueued = false
  /** Another process committed (or a caller asked): read the log on the next pump. */
  private readNeeded = false
  /** Seqs this process's transactions hold, commit not yet reported. */
  private readonly pending = new Set<number>()
  /** Committed rows waiting for a lower seq. */
  private readonly ready = new Map<number, LogEvent>()

  constructor(
    private readonly db: Database,
    private readonly io: Io,
    private readonly logger: Logger,
    private readonly opts: RelayOptions,
  ) {}

  async start(): Promise<void> {
    this.lastSeq = await eventsRepository.lastSeq(this.db.sql)
    await this.db.listen(EVENTS_CHANNEL, (payload) => {
      if (payload !== this.opts.processId) void this.poke()
    })
  }

  get seq(): number {
    return this.lastSeq
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn)
    this.chain = run.catch((err) => this.logger.error('relay step failed', { err: String(err) }))
    return run
  }

  reserved(seqs: number[]): void {
    for (const seq of seqs) if (seq > this.lastSeq) this.pending.add(seq)
  }

  committed(events: LogEvent[]): void {
    for (const e of events) {
      this.pending.delete(e.seq)
      if (e.seq > this.lastSeq) this.ready.set(e.seq, e)
    }
    void this.pump()
  }

  aborted(seqs: number[]): void {
    // Not assumed absent: a COMMIT whose answer was lost may have committed. The log says.
    for (const seq of seqs) this.pending.delete(seq)
    void this.pump()
  }

  /** Read the log for what others committed and send it. Calls made while one is queued coalesce. */
  poke(): Promise<void> {
    this.readNeeded = true
    return this.pump()
  }

  /** Waits until everything committed so far has been sent (tests and shutdown). */
  flush(): Promise<void> {
    return this.poke()
  }

  private pump(): Promise<void> {
    if (this.pumpQueued) return this.chain.then(() => {})
    this.pumpQueued = true
    return this.serial(async () => {
      this.pumpQueued = false
      for (;;) {
        while (this.ready.has(this.lastSeq + 1)) {
          const e = this.ready.get(this.lastSeq + 1)!
          this.ready.delete(e.seq)
          this.send(e)
        }
        // A hole below a committed row that no transaction of ours holds: another process's
        // row, or a seq that was never committed. Reading the log settles it (and the read
        // makes progress: it returns at least that committed row).
        const hole = this.ready.size > 0 && !this.pending.has(this.lastSeq + 1)
        if (!hole && !this.readNeeded) return
        this.readNeeded = false
        await this.readLog()
      }
    })
  }

  private async readLog(): Promise<void> {
    for (;;) {
      const page = await eventsRepository.since(this.db.sql, this.lastSeq, PAGE)
      for (const e of page) {
        this.ready.delete(e.seq)
        this.send(e)
      }
      if (page.length < PAGE) break
    }
    // Every seq up to the highest one read is settled: committed ones were in the read, the
    // rest never will be (docs/decisions/007).
    for (const seq of this.pending) if (seq <= this.lastSeq) this.pending.delete(seq)
    for (const seq of this.ready.keys()) if (seq <= this.lastSeq) this.ready.delete(seq)
  }

  private send(e: LogEvent): void {
    this.broadcast(e)
    this.lastSeq = e.seq
    try {
      this.opts.onEvent(e)
    } catch (err) {
      this.logger.error('event reaction failed', { type: e.type, err: String(err) })
    }
  }

  /** Whether a room has a socket on this process (each process emits to its own sockets only). */
  private occupied(room: string): boolean {
    return (this.io.of('/').adapter.rooms.get(room)?.size ?? 0) > 0
  }

  private broadcast(e: LogEvent): void {
    // Each socket is in one feed room (feedRoomOf), which decides its view of the event. An
    // empty room is skipped before its view is made: socket.io would encode the packet anyway.
    for (const room of [DISPATCH_ROOM, STAFF_ROOM, VIEWERS_ROOM, ...(e.teamId ? [teamRoom(e.teamId)] : []), ...destinationsOf(e).map(facilityRoom)]) {
      if (!this.occupied(room)) continue
      const view = viewOf(e, new Set([room]))
      if (view) this.io.to(room).emit('log:event', view)
    }
    if (isIncidentChange(e) && this.occupied(trackRoom(e.after.id))) {
      const update = trackingUpdate(e)
      if (update) this.io.to(trackRoom(update.incidentId)).emit('track:update', update.view)
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

/** What a citizen following the case sees after an event: the incident's new public view. */
function trackingUpdate(e: LogEvent): { incidentId: string; view: ReturnType<typeof toTrackingView> } | null {
  return isIncidentChange(e) ? { incidentId: e.after.id, view: toTrackingView(e.after) } : null
}
