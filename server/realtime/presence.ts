import { z } from 'zod'
import type { TeamPresenceUpdate } from '@shared/events.js'
import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Database } from '../db/database.js'
import type { Logger } from '../logger.js'
import { channelsRepository, PRESENCE_CHANNEL } from './channels.repository.js'

/** Another process's announcement counts for this many heartbeats (a process that died stops announcing). */
const HEARTBEATS_UNTIL_GONE = 3

const AnnouncementSchema = z.object({ origin: z.string(), teams: z.array(z.string()).max(2000) })

/**
 * Which team phones are connected now (issue #11), across server processes without a table:
 * each process knows its own team sockets, and announces the set of teams it holds on
 * PRESENCE_CHANNEL (Postgres LISTEN/NOTIFY) whenever it changes and every
 * PRESENCE_HEARTBEAT_S. A team is connected while this process holds one of its phones' sockets
 * or another process announced it within HEARTBEATS_UNTIL_GONE heartbeats; a process that stops
 * (or dies) drops out by itself. Changes go to this process's consoles (`team:presence`).
 * With PGlite there is one process and no channel. docs/decisions/010-team-phone-in-the-field.md
 *
 * Why not a table of connections: nothing here needs to survive a restart (a restarted
 * process's phones reconnect), and a table would need a migration and a write per connect.
 * Limit: one announcement lists at most ~180 teams (Postgres NOTIFY payloads stay under 8 kB);
 * a city with more teams per process needs chunked announcements.
 */
export class TeamPresence {
  /** This process's team sockets: team → socket ids. */
  private readonly local = new Map<string, Set<string>>()
  /** What other processes announced: process → its teams and when it said so (this clock). */
  private readonly remote = new Map<string, { teams: Set<string>; at: number }>()
  /** What the consoles were last told was connected. */
  private announced = new Set<string>()
  private timer: NodeJS.Timeout | null = null
  /** Set by the realtime layer: tells this process's consoles. */
  onChange: (u: TeamPresenceUpdate) => void = () => {}

  constructor(
    private readonly d: { clock: Clock; config: Config; db: Database; logger: Logger },
    private readonly processId: string,
  ) {}

  isConnected(teamId: string): boolean {
    return this.connectedTeams().has(teamId)
  }

  connectedTeams(): Set<string> {
    const out = new Set(this.local.keys())
    const since = this.d.clock.now().getTime() - HEARTBEATS_UNTIL_GONE * this.d.config.PRESENCE_HEARTBEAT_S * 1000
    for (const p of this.remote.values()) if (p.at >= since) for (const t of p.teams) out.add(t)
    return out
  }

  start(): void {
    if (this.d.db.kind !== 'postgres' || this.d.config.PRESENCE_HEARTBEAT_S <= 0) return
    this.timer = setInterval(() => void this.heartbeat(), this.d.config.PRESENCE_HEARTBEAT_S * 1000)
    this.timer.unref()
  }

  /** Re-announces this process's teams, and notices processes that went quiet. */
  async heartbeat(): Promise<void> {
    this.changed()
    await this.publish()
  }

  async connected(teamId: string, socketId: string): Promise<void> {
    const sockets = this.local.get(teamId) ?? new Set()
    sockets.add(socketId)
    this.local.set(teamId, sockets)
    this.changed()
    await this.publish()
  }

  async disconnected(teamId: string, socketId: string): Promise<void> {
    const sockets = this.local.get(teamId)
    sockets?.delete(socketId)
    if (sockets?.size === 0) this.local.delete(teamId)
    this.changed()
    await this.publish()
  }

  /** An announcement from the channel (this process's own come back too, and are skipped). */
  heard(payload: string): void {
    let parsed: z.infer<typeof AnnouncementSchema> | null
    try {
      const r = AnnouncementSchema.safeParse(JSON.parse(payload))
      parsed = r.success ? r.data : null
    } catch {
      parsed = null
    }
    if (!parsed) return this.d.logger.warn('bad presence announcement', {})
    if (parsed.origin === this.processId) return
    if (parsed.teams.length === 0) this.remote.delete(parsed.origin)
    else this.remote.set(parsed.origin, { teams: new Set(parsed.teams), at: this.d.clock.now().getTime() })
    this.changed()
  }

  /** Tells the consoles what changed since they were last told. */
  private changed(): void {
    const now = this.connectedTeams()
    for (const t of now) if (!this.announced.has(t)) this.onChange({ teamId: t, connected: true })
    for (const t of this.announced) if (!now.has(t)) this.onChange({ teamId: t, connected: false })
    this.announced = now
  }

  private async publish(teams: string[] = [...this.local.keys()]): Promise<void> {
    if (this.d.db.kind !== 'postgres') return
    try {
      await channelsRepository.notify(this.d.db.sql, PRESENCE_CHANNEL, JSON.stringify({ origin: this.processId, teams }))
    } catch (err) {
      this.d.logger.error('presence announcement failed', { err: String(err) })
    }
  }

  /** This process stops: the others drop its phones at once rather than after the heartbeats. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.local.clear()
    await this.publish([])
  }
}
