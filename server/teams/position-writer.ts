import type { Q } from '../db/transaction.js'
import { teamsRepository, type IngestedPosition, type PositionFix } from './teams.repository.js'

interface Pending {
  fix: PositionFix
  resolve: (team: IngestedPosition | null) => void
  reject: (err: unknown) => void
}

/** The most fixes written by one statement. */
export const MAX_POSITION_BATCH = 256

/**
 * Group commit for position fixes. Fixes are the highest-volume write (every team, every few
 * seconds), and each one alone costs a round trip, a WAL flush and a write on the socket on
 * both sides. Fixes that arrive while the writer is busy, or in the same turn of the event
 * loop, are stored together by one statement (teamsRepository.ingestPositions); a fix that
 * arrives alone is written at once (after the current turn, setImmediate), so an idle server
 * adds no delay. At most `maxInFlight` statements run at a time; under load the batches grow
 * instead of the queue of statements. A team appears at most once per statement, so two fixes
 * from one phone are applied in order.
 */
export class PositionWriter {
  private queue: Pending[] = []
  private scheduled = false
  private inFlight = 0

  constructor(
    private readonly sql: Q,
    private readonly maxInFlight: number,
  ) {}

  /** Stores one fix; resolves with the team's row after it (null for an unknown team). */
  write(fix: PositionFix): Promise<IngestedPosition | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ fix, resolve, reject })
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      void this.flush()
    })
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return
    const batch: Pending[] = []
    const rest: Pending[] = []
    const teams = new Set<string>()
    for (const item of this.queue) {
      if (batch.length < MAX_POSITION_BATCH && !teams.has(item.fix.teamId)) {
        teams.add(item.fix.teamId)
        batch.push(item)
      } else rest.push(item)
    }
    this.queue = rest
    this.inFlight++
    // More waiting and another statement allowed: start it now rather than after this one.
    this.schedule()
    try {
      const rows = await teamsRepository.ingestPositions(
        this.sql,
        batch.map((b) => b.fix),
      )
      const byTeam = new Map(rows.map((r) => [r.id, r]))
      for (const b of batch) b.resolve(byTeam.get(b.fix.teamId) ?? null)
    } catch (err) {
      for (const b of batch) b.reject(err)
    } finally {
      this.inFlight--
      this.schedule()
    }
  }
}
