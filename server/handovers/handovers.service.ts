import { boundDeviceTime } from '@shared/device-time.js'
import type { Actor } from '@shared/events.js'
import type { Handover, HandoverInput } from '@shared/handovers.js'
import type { Deps } from '../context.js'
import { assignmentsRepository } from '../dispatch/assignments.repository.js'
import { destinationsRepository } from '../destinations/destinations.repository.js'
import { AppError, conflict, isUniqueViolation, notFound } from '../errors.js'
import { incidentsRepository } from '../incidents/incidents.repository.js'
import { isResidential } from '@shared/destinations.js'
import type { Caller, Identity } from '../http/identity.js'
import type { AuthService } from '../auth/auth.service.js'
import { peopleRepository } from '../people/people.repository.js'
import type { PeopleService } from '../people/people.service.js'
import type { StaysService } from '../stays/stays.service.js'
import type { TeamsService } from '../teams/teams.service.js'
import { handoversRepository } from './handovers.repository.js'

export class HandoversService {
  constructor(
    private readonly d: Deps,
    private readonly teams: TeamsService,
    private readonly people: PeopleService,
    private readonly stays: StaysService,
    private readonly auth: AuthService,
  ) {}

  /**
   * Records that the team handed the person over. In one transaction: the person record
   * (created, or the one picked by `personId`), the handover row, at a shelter, RPS or panti
   * the stay and the destination's occupancy (refused when full unless overridden), the
   * incident to `handed_over`, the assignment ended and the team returning.
   */
  async log(input: HandoverInput, actor: Actor): Promise<Handover> {
    if (actor.kind === 'team' && actor.id !== input.teamId) throw new AppError('forbidden', 'A team can only log its own handovers')
    try {
      return await this.d.transaction(async (tx, uow) => {
        const now = this.d.clock.now()
        const incident = await incidentsRepository.get(tx, input.incidentId, { lock: true })
        if (!incident) throw notFound('Incident', input.incidentId)
        if (incident.status !== 'transporting') {
          throw new AppError('invalid_transition', `Incident ${incident.id} cannot go from ${incident.status} to handed_over (a handover follows transporting)`)
        }
        if (incident.teamId !== input.teamId) throw conflict(`Incident ${incident.id} is not assigned to team ${input.teamId}`)
        const dest = await destinationsRepository.get(tx, input.destinationId, { lock: true })
        if (!dest || !dest.active) throw notFound('Destination', input.destinationId)
        if (!dest.accepts.includes(incident.category) && !input.overrideCapacity) {
          throw conflict(`${dest.name} does not accept ${incident.category} cases; choose another destination or set overrideCapacity to record an exception`)
        }
        if (dest.capacity !== null && dest.occupancy !== null && dest.occupancy >= dest.capacity && !input.overrideCapacity) {
          throw new AppError('destination_full', `${dest.name} is full (${dest.occupancy}/${dest.capacity}); choose another destination or set overrideCapacity`)
        }
        let personId = input.personId
        if (personId) {
          if (!(await peopleRepository.get(tx, personId))) throw new AppError('validation_failed', `personId: person ${personId} was not found`, [{ path: 'personId', message: 'not found' }])
          // The city's rule for a returning person (Depok: after a release to family, a panti)
          // is a recommendation: another shelter needs a reason, kept with the handover.
          const rule = this.people.recommendationFor(await peopleRepository.lastOutcome(tx, personId))
          if (rule && isResidential(dest.kind) && dest.kind !== rule.destinationKind && !input.ruleOverrideReason) {
            throw new AppError('conflict', `The city's rule recommends a ${rule.destinationKind} for this person (${rule.because}); choose one, or give ruleOverrideReason`, [
              { path: 'ruleOverrideReason', message: `required to hand over to a ${dest.kind} instead of a ${rule.destinationKind}` },
            ])
          }
        } else {
          const { condition: _condition, ...known } = input.person
          const fields = this.people.settle({ ...known, aliases: known.aliases ?? [] }, 'person', this.people.defaultPpks(incident.category))
          personId = (await this.people.insert(tx, uow, fields, actor)).id
        }
        // The phone's time (a handover sent later from its outbox), within bounds: shared/device-time.ts.
        const handedOverAt = boundDeviceTime(input.handedOverAt ? new Date(input.handedOverAt) : null, now, incident.times.transportingAt ? new Date(incident.times.transportingAt) : null).at
        const handover = await handoversRepository.insert(tx, this.d.ids.uuid(), input, personId, handedOverAt, now)
        // The person and the notes stay in `handovers`, where they can be anonymised (decision 016).
        const { person: _person, notes: _notes, ...logged } = handover
        uow.log({ type: 'handover.logged', actor, incidentId: incident.id, teamId: input.teamId, destinationId: dest.id, after: logged })
        if (isResidential(dest.kind)) {
          await this.stays.openInTx(tx, uow, { personId, dest, handoverId: handover.id, override: input.overrideCapacity, checkedInAt: handedOverAt, actor })
        }
        const after = await incidentsRepository.update(tx, incident.id, { status: 'handed_over', statusAt: handedOverAt, destinationId: dest.id }, now)
        uow.log({
          type: 'incident.transitioned',
          actor,
          incidentId: incident.id,
          teamId: input.teamId,
          before: incident,
          after,
          data: { from: 'transporting', to: 'handed_over', handoverId: handover.id },
        })
        const active = await assignmentsRepository.activeForIncident(tx, incident.id)
        if (active) await assignmentsRepository.end(tx, active.id, 'completed', now)
        await this.teams.get(input.teamId, tx, { lock: true })
        await this.teams.changeStatus(tx, uow, input.teamId, 'returning', actor, { incidentId: incident.id })
        return handover
      })
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`Incident ${input.incidentId} already has a handover`)
      throw err
    }
  }

  /** The receiving side signs the handover off (facility staff: at their own facility). */
  async confirmReceipt(id: string, who: Identity): Promise<Handover> {
    const h = await handoversRepository.get(this.d.db.sql, id)
    if (!h) throw notFound('Handover', id)
    this.stays.assertAtFacility(who, h.destinationId)
    return this.d.transaction(async (tx, uow) => {
      const at = this.d.clock.now()
      const done = await handoversRepository.confirmReceipt(tx, id, who.actor, at)
      if (!done) throw conflict(`Handover ${id} was already confirmed`)
      uow.log({
        type: 'handover.receipt_confirmed',
        actor: who.actor,
        incidentId: h.incidentId,
        teamId: h.teamId,
        destinationId: h.destinationId,
        data: { handoverId: id, receivedAt: at.toISOString() },
      })
      return done
    })
  }

  async get(id: string): Promise<Handover> {
    const h = await handoversRepository.get(this.d.db.sql, id)
    if (!h) throw notFound('Handover', id)
    return h
  }

  list(opts: { from?: Date; to?: Date; destinationId?: string }): Promise<Handover[]> {
    return handoversRepository.list(this.d.db.sql, opts)
  }

  /** One handover as a caller reads it: the read of the person's record is logged. */
  async read(caller: Caller, id: string): Promise<Handover> {
    const h = await this.get(id)
    await this.auth.logAccess(caller.who, 'handover', [h.id], 'read', caller.requestId)
    return h
  }

  /** Handovers in a period (at a destination), the read logged. */
  async listFor(caller: Caller, opts: { from?: string; to?: string; destinationId?: string }): Promise<Handover[]> {
    const list = await this.list({ from: opts.from ? new Date(opts.from) : undefined, to: opts.to ? new Date(opts.to) : undefined, destinationId: opts.destinationId })
    await this.auth.logAccess(
      caller.who,
      'handover',
      list.map((h) => h.id),
      'list',
      caller.requestId,
    )
    return list
  }
}
