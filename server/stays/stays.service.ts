import type { Destination, DestinationKind } from '@shared/destinations.js'
import { isResidential, RESIDENTIAL_KINDS } from '@shared/destinations.js'
import type { Actor } from '@shared/events.js'
import type { PersonRecord } from '@shared/people.js'
import type { CheckIn, CheckOut, IncomingCase, OccupancyAdjustmentInput, Stay, StayAlert, StayAlertItem } from '@shared/stays.js'
import type { AuthService } from '../auth/auth.service.js'
import type { Deps } from '../context.js'
import type { Tx, UnitOfWork } from '../db/transaction.js'
import { destinationsRepository } from '../destinations/destinations.repository.js'
import { AppError, conflict, isUniqueViolation, notFound } from '../errors.js'
import type { Identity } from '../http/identity.js'
import { peopleRepository } from '../people/people.repository.js'
import type { Caller } from '../people/people.service.js'
import { estimateArrival, type FacilityEta } from '@shared/eta.js'
import type { TeamPositionUpdate } from '@shared/events.js'
import { sniffScan } from './agreement.js'
import { agreementsRepository, incomingRepository, occupancyRepository, staysRepository, transportingRepository, type StayRow } from './stays.repository.js'

const DAY_MS = 86_400_000

/** A resident as the facility screen lists them: the stay and who it is. */
export interface Resident {
  stay: Stay
  person: PersonRecord
}

/**
 * Stays at the destinations that hold residents (RPS, shelter, panti). A destination's
 * occupancy is its open stays plus logged manual adjustments, recounted under the
 * destination's row lock in the transaction that changes either (decision 009), so it is
 * exact whichever process serves the request.
 */
export class StaysService {
  constructor(
    private readonly d: Deps,
    private readonly auth: AuthService,
  ) {}

  /** The maximum stay for a destination kind, in days (city.json `stays.maxDays`, or as an admin changed it: the settings); null when none. */
  maxDays(kind: DestinationKind): number | null {
    return (this.d.settings.current().stayMaxDays as Partial<Record<DestinationKind, number | null>>)[kind] ?? null
  }

  /** A stored stay with its days stayed, due date and alert, by the clock. */
  view(row: StayRow, kind: DestinationKind): Stay {
    const now = this.d.clock.now().getTime()
    const end = row.checkedOutAt?.getTime() ?? now
    const max = this.maxDays(kind)
    const due = max === null ? null : row.checkedInAt.getTime() + max * DAY_MS
    let alert: StayAlert = 'none'
    if (due !== null && !row.checkedOutAt) {
      if (now >= due) alert = 'overdue'
      else if (now >= due - this.d.settings.current().stayAlertDaysBefore * DAY_MS) alert = 'due_soon'
    }
    return {
      id: row.id,
      personId: row.personId,
      destinationId: row.destinationId,
      handoverId: row.handoverId,
      checkedInAt: row.checkedInAt.toISOString(),
      checkedOutAt: row.checkedOutAt?.toISOString() ?? null,
      outcome: row.outcome,
      outcomeDetails: row.outcomeDetails,
      overrideCapacity: row.overrideCapacity,
      daysStayed: Math.floor((end - row.checkedInAt.getTime()) / DAY_MS),
      dueAt: due === null ? null : new Date(due).toISOString(),
      alert,
    }
  }

  /**
   * Opens a stay inside the caller's transaction, which holds `dest`'s row lock: refused when
   * the person is staying somewhere already, or when the destination is full unless overridden.
   */
  async openInTx(
    tx: Tx,
    uow: UnitOfWork,
    o: { personId: string; dest: Destination; handoverId: string | null; override: boolean; overrideReason?: string; checkedInAt: Date; actor: Actor },
  ): Promise<{ stay: Stay; dest: Destination }> {
    const { dest } = o
    if (!isResidential(dest.kind)) throw conflict(`${dest.name} is a ${dest.kind}, which does not hold residents; only ${RESIDENTIAL_KINDS.join(', ')} do`)
    const current = await staysRepository.openForPerson(tx, o.personId)
    if (current) throw conflict(`Person ${o.personId} is still checked in at destination ${current.destinationId} (stay ${current.id}); check them out first`)
    const occupancy = dest.occupancy ?? 0
    if (dest.capacity !== null && occupancy >= dest.capacity && !o.override) {
      throw new AppError('destination_full', `${dest.name} is full (${occupancy}/${dest.capacity}); choose another destination or override with a reason`)
    }
    const now = this.d.clock.now()
    let row: StayRow
    try {
      row = await staysRepository.open(
        tx,
        { id: this.d.ids.uuid(), personId: o.personId, destinationId: dest.id, handoverId: o.handoverId, checkedInAt: o.checkedInAt, overrideCapacity: o.override },
        now,
      )
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`Person ${o.personId} is already checked in somewhere`)
      throw err
    }
    const count = await occupancyRepository.recount(tx, dest.id, now)
    const after: Destination = { ...dest, occupancy: count, free: dest.capacity === null ? null : Math.max(0, dest.capacity - count) }
    uow.log({
      type: 'stay.checked_in',
      actor: o.actor,
      destinationId: dest.id,
      data: { stayId: row.id, personId: o.personId, handoverId: o.handoverId, override: o.override, occupancy: count, ...(o.overrideReason ? { overrideReason: o.overrideReason } : {}) },
    })
    uow.log({ type: 'destination.updated', actor: o.actor, destinationId: dest.id, before: dest, after, data: { reason: 'stay.checked_in', override: o.override } })
    return { stay: this.view(row, dest.kind), dest: after }
  }

  /** Checks a person in without a handover (a walk-in, or brought by others). */
  async checkIn(input: CheckIn, caller: Caller): Promise<Stay> {
    this.assertAtFacility(caller.who, input.destinationId)
    return this.d.transaction(async (tx, uow) => {
      const dest = await destinationsRepository.get(tx, input.destinationId, { lock: true })
      if (!dest || !dest.active) throw notFound('Destination', input.destinationId)
      const person = await peopleRepository.get(tx, input.personId)
      if (!person) throw notFound('Person', input.personId)
      const checkedInAt = input.checkedInAt ? new Date(input.checkedInAt) : this.d.clock.now()
      const { stay } = await this.openInTx(tx, uow, {
        personId: person.id,
        dest,
        handoverId: null,
        override: input.overrideCapacity,
        overrideReason: input.overrideReason,
        checkedInAt,
        actor: caller.who.actor,
      })
      return stay
    })
  }

  /**
   * Ends a stay with its outcome. A transfer, or a referral to a panti that is one of the
   * destinations, opens the stay there in the same transaction. Destinations are locked in id
   * order, then the stay, so two check-outs crossing between the same places cannot deadlock.
   */
  async checkOut(stayId: string, input: CheckOut & { checkedOutAt?: string }, caller: Caller): Promise<Stay> {
    const first = await staysRepository.get(this.d.db.sql, stayId)
    if (!first) throw notFound('Stay', stayId)
    this.assertAtFacility(caller.who, first.destinationId)
    const toId = (input.outcome === 'transferred' || input.outcome === 'referred_to_panti') && input.destinationId ? input.destinationId : null
    if (toId === first.destinationId) throw new AppError('validation_failed', 'destinationId: the person is already here', [{ path: 'destinationId', message: 'must be another destination' }])
    // A referral says which panti (issue #9): one on record, or its name.
    if (input.outcome === 'referred_to_panti' && !input.destinationId && !input.pantiName) {
      throw new AppError('validation_failed', 'pantiName: name the panti the person is referred to, or give its destinationId', [{ path: 'pantiName', message: 'required without destinationId' }])
    }
    return this.d.transaction(async (tx, uow) => {
      const now = this.d.clock.now()
      const ids = [first.destinationId, ...(toId ? [toId] : [])].sort()
      const locked = new Map<string, Destination>()
      for (const id of ids) {
        const dest = await destinationsRepository.get(tx, id, { lock: true })
        if (dest) locked.set(id, dest)
      }
      const here = locked.get(first.destinationId)!
      const stay = await staysRepository.get(tx, stayId, { lock: true })
      if (!stay) throw notFound('Stay', stayId)
      if (stay.checkedOutAt) throw conflict(`Stay ${stayId} ended at ${stay.checkedOutAt.toISOString()} (${stay.outcome})`)
      const to = toId ? locked.get(toId) : undefined
      if (toId && (!to || !to.active)) throw new AppError('validation_failed', `destinationId: destination ${toId} was not found`, [{ path: 'destinationId', message: 'not found' }])
      if (to && !isResidential(to.kind))
        throw new AppError('validation_failed', `destinationId: ${to.name} does not hold residents`, [{ path: 'destinationId', message: `must be one of ${RESIDENTIAL_KINDS.join(', ')}` }])
      if (to && input.outcome === 'referred_to_panti' && to.kind !== 'panti')
        throw new AppError('validation_failed', `destinationId: ${to.name} is a ${to.kind}, not a panti (a move between shelters is a transfer)`, [
          { path: 'destinationId', message: 'must be a panti' },
        ])
      // Without a stated time, "now" — but never before the check-in, which another process
      // with a slightly different clock may have stamped.
      const at = input.checkedOutAt ? new Date(input.checkedOutAt) : new Date(Math.max(now.getTime(), stay.checkedInAt.getTime()))
      if (at < stay.checkedInAt) throw new AppError('validation_failed', 'checkedOutAt: before the check-in', [{ path: 'checkedOutAt', message: 'must not be before the check-in' }])
      const { checkedOutAt: _at, ...checkOut } = input
      const outcome = checkOut.outcome
      const closed = await staysRepository.close(tx, stay.id, checkOut, at)
      const count = await occupancyRepository.recount(tx, here.id, now)
      const view = this.view(closed, here.kind)
      const actor = caller.who.actor
      uow.log({
        type: 'stay.checked_out',
        actor,
        destinationId: here.id,
        data: { stayId: stay.id, personId: stay.personId, outcome, toDestinationId: toId, daysStayed: view.daysStayed, occupancy: count },
      })
      uow.log({
        type: 'destination.updated',
        actor,
        destinationId: here.id,
        before: here,
        after: { ...here, occupancy: count, free: here.capacity === null ? null : Math.max(0, here.capacity - count) },
        data: { reason: 'stay.checked_out' },
      })
      if (to) await this.openInTx(tx, uow, { personId: stay.personId, dest: to, handoverId: null, override: false, checkedInAt: at, actor })
      return view
    })
  }

  /**
   * The family's signed agreement for a release, as a scan or photo (JPEG, PNG, WebP or PDF,
   * judged by its bytes). Only for a stay that ended with `released_to_family`; facility staff
   * at their own facility only. A second upload replaces the first (a better scan).
   */
  async addAgreement(stayId: string, bytes: Uint8Array, caller: Caller): Promise<Stay> {
    const stay = await staysRepository.get(this.d.db.sql, stayId)
    if (!stay) throw notFound('Stay', stayId)
    this.assertAtFacility(caller.who, stay.destinationId)
    if (stay.outcome !== 'released_to_family') throw conflict(`Stay ${stayId} ${stay.outcome ? `ended with ${stay.outcome}` : 'has not ended'}; an agreement belongs to a release to family`)
    const max = this.d.config.MAX_PHOTO_BYTES
    if (bytes.length > max) throw new AppError('payload_too_large', `agreement: at most ${max} bytes`, [{ path: 'agreement', message: `larger than ${max} bytes` }])
    const type = sniffScan(bytes)
    if (!type)
      throw new AppError('validation_failed', 'agreement: the file is not a JPEG, PNG, WebP image or a PDF', [{ path: 'agreement', message: 'must be a JPEG, PNG or WebP photo or a PDF scan' }])
    return this.d.transaction(async (tx, uow) => {
      const now = this.d.clock.now()
      await agreementsRepository.put(tx, { stayId, contentType: type, bytes, uploadedAt: now, uploadedBy: caller.who.actor })
      uow.log({ type: 'stay.agreement_added', actor: caller.who.actor, destinationId: stay.destinationId, data: { stayId, personId: stay.personId, contentType: type, size: bytes.length } })
      const dest = await destinationsRepository.get(tx, stay.destinationId)
      return this.view((await staysRepository.get(tx, stayId))!, dest!.kind)
    })
  }

  /** The agreement's file: the facility that held the stay, dispatchers and admins; every read logged. */
  async agreement(stayId: string, caller: Caller): Promise<{ contentType: string; bytes: Uint8Array }> {
    const stay = await staysRepository.get(this.d.db.sql, stayId)
    if (!stay) throw notFound('Stay', stayId)
    this.assertAtFacility(caller.who, stay.destinationId)
    const file = await agreementsRepository.get(this.d.db.sql, stayId)
    if (!file) throw new AppError('not_found', `Stay ${stayId} has no agreement on file`)
    await this.auth.logAccess(caller.who, 'stay', [stayId], 'agreement', caller.requestId)
    return file
  }

  /** A manual occupancy change with its reason (people not tracked as stays, a correction). */
  async adjust(destinationId: string, input: OccupancyAdjustmentInput, caller: Caller): Promise<Destination> {
    this.assertAtFacility(caller.who, destinationId)
    return this.d.transaction(async (tx, uow) => {
      const dest = await destinationsRepository.get(tx, destinationId, { lock: true })
      if (!dest) throw notFound('Destination', destinationId)
      return this.adjustInTx(tx, uow, dest, input.delta, input.reason, caller.who.actor)
    })
  }

  /** The caller holds `dest`'s row lock. */
  async adjustInTx(tx: Tx, uow: UnitOfWork, dest: Destination, delta: number, reason: string, actor: Actor): Promise<Destination> {
    if (!isResidential(dest.kind)) throw conflict(`${dest.name} is a ${dest.kind}: its occupancy is not tracked (unknown)`)
    const now = this.d.clock.now()
    if ((dest.occupancy ?? 0) + delta < 0) {
      throw new AppError('validation_failed', `delta: occupancy would go below 0 (${dest.occupancy} ${delta})`, [{ path: 'delta', message: `must be at least ${-(dest.occupancy ?? 0)}` }])
    }
    await occupancyRepository.adjust(tx, dest.id, delta, reason, actor, now)
    const count = await occupancyRepository.recount(tx, dest.id, now)
    const after = (await destinationsRepository.get(tx, dest.id))!
    uow.log({ type: 'occupancy.adjusted', actor, destinationId: dest.id, data: { delta, reason, occupancy: count } })
    uow.log({ type: 'destination.updated', actor, destinationId: dest.id, before: dest, after, data: { reason: 'occupancy.adjusted' } })
    return after
  }

  /** The people staying at a destination now, with their records (access-logged). */
  async residents(destinationId: string, caller: Caller): Promise<Resident[]> {
    this.assertAtFacility(caller.who, destinationId)
    const dest = await destinationsRepository.get(this.d.db.sql, destinationId)
    if (!dest) throw notFound('Destination', destinationId)
    const rows = await staysRepository.forDestination(this.d.db.sql, destinationId, { open: true })
    const out: Resident[] = []
    for (const row of rows) {
      const person = await peopleRepository.get(this.d.db.sql, row.personId)
      if (person) out.push({ stay: this.view(row, dest.kind), person })
    }
    await this.logStaysRead(
      caller,
      rows.map((r) => r.id),
      out.map((r) => r.person.id),
      'residents',
    )
    return out
  }

  /**
   * Cases on their way to the destination (the team chose it when it started transporting),
   * with the team and its straight-line distance, and those handed over there in the last day
   * that the facility has not yet confirmed receiving (access-logged).
   */
  async incoming(destinationId: string, caller: Caller): Promise<IncomingCase[]> {
    this.assertAtFacility(caller.who, destinationId)
    const dest = await destinationsRepository.get(this.d.db.sql, destinationId)
    if (!dest) throw notFound('Destination', destinationId)
    const rows = await incomingRepository.list(this.d.db.sql, destinationId, new Date(this.d.clock.now().getTime() - DAY_MS))
    await this.auth.logAccess(
      caller.who,
      'incident',
      rows.map((r) => r.incidentId),
      'facility-incoming',
      caller.requestId,
    )
    const speed = this.d.city.config.eta.averageSpeedKmh
    return rows.map((r) => {
      // Only a team on its way has an arrival to estimate; a handed-over case has arrived.
      const eta = r.team?.position && r.status === 'transporting' ? estimateArrival(r.team.position, dest.location, speed) : null
      return { ...r, transportingAt: r.transportingAt?.toISOString() ?? null, distanceM: eta?.distanceM ?? null, etaS: eta?.etaS ?? null }
    })
  }

  /**
   * New arrival estimates for the facilities that teams in a position batch are transporting
   * to (straight line at the city's average speed, recomputed at every fix). Positions carry
   * no personal data; a facility hears only about the teams coming to it.
   */
  async etasFor(batch: TeamPositionUpdate[]): Promise<{ destinationId: string; eta: FacilityEta }[]> {
    const byTeam = new Map(batch.map((u) => [u.teamId, u.position]))
    const speed = this.d.city.config.eta.averageSpeedKmh
    return (await transportingRepository.forTeams(this.d.db.sql, [...byTeam.keys()])).map((r) => {
      const p = byTeam.get(r.teamId)!
      return {
        destinationId: r.destinationId,
        eta: { incidentId: r.incidentId, teamId: r.teamId, position: { lon: p.lon, lat: p.lat, receivedAt: p.receivedAt }, ...estimateArrival(p, r.destination, speed) },
      }
    })
  }

  /** The ids of the cases incoming at a destination (for the socket's access-log row). */
  async incomingIds(destinationId: string): Promise<string[]> {
    return (await incomingRepository.list(this.d.db.sql, destinationId, new Date(this.d.clock.now().getTime() - DAY_MS))).map((r) => r.incidentId)
  }

  /**
   * Every open stay that is due soon or overdue, for the dispatch console (the facility sees
   * its own on its residents list). The same state as the sweep's alerts, computed from the
   * clock; access-logged, since it names people.
   */
  async alerts(caller: Caller): Promise<StayAlertItem[]> {
    const now = this.d.clock.now().getTime()
    const out: StayAlertItem[] = []
    for (const kind of RESIDENTIAL_KINDS) {
      const max = this.maxDays(kind)
      if (max === null) continue
      const since = new Date(now - (max - this.d.city.config.stays.alertDaysBefore) * DAY_MS)
      for (const row of await staysRepository.openSince(this.d.db.sql, kind, since)) {
        const stay = this.view(row, kind)
        if (stay.alert !== 'none') out.push({ stay, destinationName: row.destinationName, personName: row.personName, incidentId: row.incidentId })
      }
    }
    out.sort((a, b) => a.stay.checkedInAt.localeCompare(b.stay.checkedInAt))
    await this.logStaysRead(
      caller,
      out.map((a) => a.stay.id),
      out.map((a) => a.stay.personId),
      'stay-alerts',
    )
    return out
  }

  /** Logs that the caller read these stays and the people in them (one access-log row each kind). */
  private async logStaysRead(caller: Caller, stayIds: string[], personIds: string[], action: string): Promise<void> {
    await this.auth.logAccess(caller.who, 'stay', stayIds, action, caller.requestId)
    await this.auth.logAccess(caller.who, 'person', personIds, action, caller.requestId)
  }

  /** A person's stays, newest first (facility staff: only those at their facility). */
  async forPerson(personId: string, caller: Caller): Promise<Stay[]> {
    const rows = (await staysRepository.forPerson(this.d.db.sql, personId)).filter((r) => caller.who.role !== 'facility' || r.destinationId === caller.who.destinationId)
    const kinds = new Map((await destinationsRepository.list(this.d.db.sql, { includeInactive: true })).map((d) => [d.id, d.kind]))
    await this.auth.logAccess(
      caller.who,
      'stay',
      rows.map((r) => r.id),
      'person-history',
      caller.requestId,
    )
    return rows.map((r) => this.view(r, kinds.get(r.destinationId) ?? 'shelter'))
  }

  async get(stayId: string, caller: Caller): Promise<Stay> {
    const row = await staysRepository.get(this.d.db.sql, stayId)
    if (!row) throw notFound('Stay', stayId)
    this.assertAtFacility(caller.who, row.destinationId)
    const dest = await destinationsRepository.get(this.d.db.sql, row.destinationId)
    await this.auth.logAccess(caller.who, 'stay', [row.id], 'read', caller.requestId)
    return this.view(row, dest!.kind)
  }

  /** Counts only: open stays per destination, ended stays per outcome. */
  async counts(who: Identity) {
    return staysRepository.counts(this.d.db.sql, who.role === 'facility' ? who.destinationId : null)
  }

  /**
   * Logs `stay.alerted` once per stay when it comes within `alertDaysBefore` of the kind's
   * maximum (`due_soon`) and once when it passes it (`overdue`). Safe on several processes:
   * the mark is a conditional update, so one of them logs each alert.
   */
  async sweep(): Promise<number> {
    let sent = 0
    const now = this.d.clock.now()
    const before = this.d.settings.current().stayAlertDaysBefore
    for (const kind of RESIDENTIAL_KINDS) {
      const max = this.maxDays(kind)
      if (max === null) continue
      for (const alert of ['overdue', 'due_soon'] as const) {
        const cutoff = new Date(now.getTime() - (alert === 'overdue' ? max : max - before) * DAY_MS)
        for (const row of await staysRepository.dueForAlert(this.d.db.sql, kind, cutoff, alert)) {
          const logged = await this.d.transaction(async (tx, uow) => {
            if (!(await staysRepository.markAlerted(tx, row.id, alert, now))) return false
            // An overdue stay that was never warned about is not warned about afterwards.
            if (alert === 'overdue') await staysRepository.markAlerted(tx, row.id, 'due_soon', now)
            const dueAt = new Date(row.checkedInAt.getTime() + max * DAY_MS).toISOString()
            uow.log({ type: 'stay.alerted', actor: { kind: 'system', id: null }, destinationId: row.destinationId, data: { stayId: row.id, personId: row.personId, alert, dueAt } })
            return true
          })
          if (logged) sent++
        }
      }
    }
    return sent
  }

  /** Facility staff act only at their own facility. */
  assertAtFacility(who: Identity, destinationId: string): void {
    if (who.role === 'facility' && who.destinationId !== destinationId) throw new AppError('forbidden', 'This is not your facility')
  }
}
