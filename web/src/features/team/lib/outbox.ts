import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { Incident, PatrolCase } from '@shared/incidents.js'
import type { Team } from '@shared/teams.js'
import { ApiError, newIdempotencyKey } from '../../../lib/api.js'
import { createHandover, type HandoverInput } from '../api/create-handover.js'
import { postPosition, type PositionFix } from '../api/post-position.js'
import { setTeamStatus, type OwnTeamStatus } from '../api/set-team-status.js'
import { startPatrolCase, uploadPatrolPhoto } from '../api/start-patrol-case.js'
import { transitionIncident, type TeamStep } from '../api/transition-incident.js'

/**
 * The team phone's outbox: every step the team presses, and the positions that could not be
 * sent, go into IndexedDB first (with the phone's time and an Idempotency-Key) and are sent from
 * there in order. A step pressed in a dead zone survives a reload and is sent when the
 * connection returns: on `online`, when the page opens, and every FLUSH_EVERY_MS (Background
 * Sync does not exist on iOS). The server records each once (the key) at the phone's time,
 * bounded (shared/device-time.ts). docs/decisions/010-team-phone-in-the-field.md
 */
export type OutboxEntry =
  | { id?: number; kind: 'step'; key: string; teamId: string; incidentId: string; to: TeamStep; deviceTime: string; destinationId?: string }
  | { id?: number; kind: 'position'; key: string; teamId: string; fix: PositionFix }
  /** The team's own duty status (on/off duty, ready), pressed outside a case. */
  | { id?: number; kind: 'status'; key: string; teamId: string; status: OwnTeamStatus; deviceTime: string }
  /** A handover whose request found no connection (the form sends it directly first: a full destination needs an answer). */
  | { id?: number; kind: 'handover'; key: string; teamId: string; incidentId: string; input: HandoverInput; deviceTime: string }
  /**
   * A case found on patrol started without a connection (decision 015): the same body (with the
   * phone's time) and key as the form's own attempt, and its photo. Steps on it wait until the
   * server has made the case (they need its id).
   */
  | { id?: number; kind: 'patrol'; key: string; teamId: string; input: PatrolCase; deviceTime: string; photo?: Blob }
  /** The photo of a patrol case sent from the outbox, once the case exists. */
  | { id?: number; kind: 'photo'; key: string; teamId: string; incidentId: string; photo: Blob }

/** An entry the server refused (e.g. the case went to another team meanwhile): dropped, and shown. */
export interface OutboxFailure {
  entry: OutboxEntry
  error: ApiError
}

export type OutboxState = 'idle' | 'sending' | 'waiting'

export interface OutboxSnapshot {
  entries: readonly OutboxEntry[]
  failures: readonly OutboxFailure[]
  /** waiting: the last attempt found no connection (or the server busy); it is tried again. */
  state: OutboxState
}

interface Schema extends DBSchema {
  entries: { key: number; value: OutboxEntry }
}

const DB_NAME = 'trc-team-outbox'
export const FLUSH_EVERY_MS = 15_000
/** Positions kept at most while offline; the oldest go first (a day in a dead zone must not fill the phone). */
const MAX_POSITIONS = 300

/** No answer, or an answer that may change on a retry: keep the entry. */
function retryable(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true
  return err.code === 'network' || err.status === 0 || err.status === 401 || err.status === 408 || err.status === 429 || err.status >= 500
}

export class Outbox {
  private readonly db: Promise<IDBPDatabase<Schema>>
  private snapshot: OutboxSnapshot = { entries: [], failures: [], state: 'idle' }
  private readonly listeners = new Set<() => void>()
  private running: Promise<void> | null = null
  private again = false
  /** A step the server recorded: the incident after it. */
  onStepSent: (entry: OutboxEntry & { kind: 'step' }, incident: Incident) => void = () => {}
  onFailed: (failure: OutboxFailure) => void = () => {}
  /** A status the server recorded: the team after it. */
  onStatusSent: (team: Team) => void = () => {}
  /** A patrol case the server made from the outbox: the team's case now. */
  onPatrolSent: (incident: Incident) => void = () => {}

  constructor(readonly teamId: string) {
    this.db = openDB<Schema>(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('entries', { keyPath: 'id', autoIncrement: true })
      },
    })
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  getSnapshot = () => this.snapshot

  private set(patch: Partial<OutboxSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch }
    this.listeners.forEach((l) => l())
  }

  /** This team's entries in the order they were pressed. */
  private async load(): Promise<OutboxEntry[]> {
    const all = await (await this.db).getAll('entries')
    const mine = all.filter((e) => e.teamId === this.teamId)
    this.set({ entries: mine })
    return mine
  }

  async step(incidentId: string, to: TeamStep, extra: { destinationId?: string } = {}): Promise<void> {
    await this.add({ kind: 'step', key: newIdempotencyKey(), teamId: this.teamId, incidentId, to, deviceTime: new Date().toISOString(), ...extra })
  }

  /** The team's own status (duty buttons), at the phone's time. */
  async status(status: OwnTeamStatus): Promise<void> {
    await this.add({ kind: 'status', key: newIdempotencyKey(), teamId: this.teamId, status, deviceTime: new Date().toISOString() })
  }

  /** A handover the form could not deliver: the same body and key, so a request that did arrive is not recorded twice. */
  async handover(input: HandoverInput, key: string): Promise<void> {
    await this.add({ kind: 'handover', key, teamId: this.teamId, incidentId: input.incidentId, input, deviceTime: input.handedOverAt ?? new Date().toISOString() })
  }

  /** A patrol case the form could not deliver: the same body and key, sent when the connection returns. */
  async patrol(input: PatrolCase & { deviceTime: string }, key: string, photo: Blob | null): Promise<void> {
    await this.add({ kind: 'patrol', key, teamId: this.teamId, input, deviceTime: input.deviceTime, ...(photo ? { photo } : {}) })
  }

  /** A fix the live channel could not deliver. */
  async position(fix: PositionFix): Promise<void> {
    const db = await this.db
    const positions = (await db.getAll('entries')).filter((e) => e.kind === 'position' && e.teamId === this.teamId)
    for (const old of positions.slice(0, Math.max(0, positions.length - MAX_POSITIONS + 1))) await db.delete('entries', old.id!)
    await db.add('entries', { kind: 'position', key: newIdempotencyKey(), teamId: this.teamId, fix })
    await this.load()
  }

  private async add(entry: OutboxEntry): Promise<void> {
    await (await this.db).add('entries', entry)
    await this.load()
    await this.flush()
  }

  dismissFailure(f: OutboxFailure) {
    this.set({ failures: this.snapshot.failures.filter((x) => x !== f) })
  }

  /** Sends what waits, in order; one run at a time (a call during a run runs again after it). */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      try {
        do {
          this.again = false
          await this.sendAll()
        } while (this.again)
      } finally {
        this.running = null
      }
    })()
    return this.running
  }

  private async sendAll(): Promise<void> {
    const entries = await this.load()
    if (entries.length === 0) return this.set({ state: 'idle' })
    this.set({ state: 'sending' })
    const db = await this.db
    for (const entry of entries) {
      try {
        if (entry.kind === 'step') {
          const incident = await transitionIncident(entry.incidentId, entry.to, entry.key, entry.deviceTime, entry.destinationId ? { destinationId: entry.destinationId } : {})
          await db.delete('entries', entry.id!)
          this.onStepSent(entry, incident)
        } else if (entry.kind === 'status') {
          const team = await setTeamStatus(entry.teamId, entry.status, entry.key, entry.deviceTime)
          await db.delete('entries', entry.id!)
          this.onStatusSent(team)
        } else if (entry.kind === 'handover') {
          await createHandover(entry.input, entry.key)
          await db.delete('entries', entry.id!)
        } else if (entry.kind === 'patrol') {
          const incident = await startPatrolCase(entry.input, entry.key)
          // The photo follows as an entry of its own: the case stands even if the photo waits.
          const { photo } = entry
          await db.delete('entries', entry.id!)
          if (photo) {
            await db.add('entries', { kind: 'photo', key: newIdempotencyKey(), teamId: this.teamId, incidentId: incident.id, photo })
            this.again = true
          }
          this.onPatrolSent(incident)
        } else if (entry.kind === 'photo') {
          await uploadPatrolPhoto(entry.incidentId, entry.photo)
          await db.delete('entries', entry.id!)
        } else {
          await postPosition(entry.teamId, entry.fix, entry.key)
          await db.delete('entries', entry.id!)
        }
      } catch (err) {
        if (retryable(err)) {
          await this.load()
          return this.set({ state: 'waiting' })
        }
        await db.delete('entries', entry.id!)
        const failure = { entry, error: err as ApiError }
        this.set({ failures: [...this.snapshot.failures, failure] })
        this.onFailed(failure)
      }
      await this.load()
    }
    this.set({ state: 'idle' })
  }

  /** Sends on `online`, now, and every FLUSH_EVERY_MS; returns the stop function. */
  start(): () => void {
    const kick = () => void this.flush()
    window.addEventListener('online', kick)
    const timer = setInterval(kick, FLUSH_EVERY_MS)
    kick()
    return () => {
      window.removeEventListener('online', kick)
      clearInterval(timer)
    }
  }
}
