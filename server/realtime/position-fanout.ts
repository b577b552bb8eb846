import type { TeamPositionUpdate } from '@shared/events.js'

/**
 * How often dispatch screens get a batch of positions. 4 per second is smoother than any
 * phone's fix rate (one every few seconds) and bounds what a screen receives to a few
 * messages a second however many teams post.
 */
export const POSITION_FLUSH_MS = 250

export interface PositionFanoutOptions {
  /** Sends one batch (at most one entry per team) to the dispatch screens. */
  emit: (batch: TeamPositionUpdate[]) => void
  /** Passes this process's own fixes of the batch on to the other processes (Postgres NOTIFY). */
  publish?: (batch: TeamPositionUpdate[]) => void
  flushMs?: number
}

/**
 * Coalesces position fixes per team: the latest fix wins, and every `flushMs` the teams that
 * moved since the last flush go out as one `team:positions` batch. Before, each fix was a
 * volatile emit, and under load socket.io dropped most of them, so a console could keep a
 * team's position from minutes ago. A batch is a normal (reliable) emit: a screen that keeps
 * up gets every team's latest fix within one interval; one that falls behind gets the newest
 * state in the next batch rather than a backlog of stale ones.
 *
 * Fed from this process's own fixes and, on a Postgres server, from other processes' NOTIFYs;
 * each flush also publishes this process's own fixes to the others, one NOTIFY statement per
 * batch rather than one per fix. A fix no newer than the one already seen for the team (this
 * process's own NOTIFY echo, a late out-of-order fix) is ignored. Idle costs nothing: a timer
 * runs only while a batch waits.
 */
export class PositionFanout {
  private readonly latest = new Map<string, TeamPositionUpdate>()
  /** The fixes of `latest` that this process received (the ones to publish). */
  private readonly own = new Map<string, TeamPositionUpdate>()
  /** The newest fix seen per team, so echoes and older fixes are dropped. */
  private readonly seen = new Map<string, TeamPositionUpdate['position']>()
  private timer: NodeJS.Timeout | null = null
  private closed = false
  private readonly flushMs: number

  constructor(private readonly opts: PositionFanoutOptions) {
    this.flushMs = opts.flushMs ?? POSITION_FLUSH_MS
  }

  /** A fix stored by this process ('local') or heard from another one ('remote'). */
  offer(u: TeamPositionUpdate, origin: 'local' | 'remote' = 'local'): void {
    if (this.closed) return
    const prev = this.seen.get(u.teamId)
    if (prev && !isNewer(u.position, prev)) return
    this.seen.set(u.teamId, u.position)
    this.latest.set(u.teamId, u)
    if (origin === 'local') this.own.set(u.teamId, u)
    else this.own.delete(u.teamId)
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs)
      this.timer.unref()
    }
  }

  /** Sends what is waiting now (the timer calls it; shutdown too). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.latest.size === 0) return
    const batch = [...this.latest.values()]
    const own = [...this.own.values()]
    this.latest.clear()
    this.own.clear()
    this.opts.emit(batch)
    if (own.length) this.opts.publish?.(own)
  }

  close(): void {
    this.flush()
    this.closed = true
  }
}

/**
 * Ordered as the database orders them: by device time (a fix older than the stored one does not
 * move the team), then by receive time. A tie with another place is a newer fix (two fixes in
 * one millisecond); a tie with the same place is the same fix seen twice.
 */
function isNewer(next: TeamPositionUpdate['position'], prev: TeamPositionUpdate['position']): boolean {
  const d = Date.parse(next.deviceTime) - Date.parse(prev.deviceTime)
  if (d !== 0) return d > 0
  const r = Date.parse(next.receivedAt) - Date.parse(prev.receivedAt)
  if (r !== 0) return r > 0
  return next.lon !== prev.lon || next.lat !== prev.lat || next.accuracyM !== prev.accuracyM
}
