import { boundDeviceTime } from '../../shared/device-time.js'
import type { Actor } from '../../shared/events.js'
import type { Handover, HandoverInput } from '../../shared/handovers.js'
import type { Deps } from '../context.js'
import { assignmentsRepository } from '../dispatch/assignments.repository.js'
import { destinationsRepository } from '../destinations/destinations.repository.js'
import { AppError, conflict, isUniqueViolation, notFound } from '../errors.js'
import { incidentsRepository } from '../incidents/incidents.repository.js'
import type { TeamsService } from '../teams/teams.service.js'
import { handoversRepository } from './handovers.repository.js'

export class HandoversService {
  constructor(
    private readonly d: Deps,
    private readonly teams: TeamsService,
  ) {}

  /**
   * Records that the team handed the person over. In one transaction: the handover row, the
   * destination's occupancy (refused when full unless overridden), the incident to
   * `handed_over`, the assignment ended and the team returning.
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
        if (dest.capacity !== null && dest.occupancy >= dest.capacity && !input.overrideCapacity) {
          throw new AppError('destination_full', `${dest.name} is full (${dest.occupancy}/${dest.capacity}); choose another destination or set overrideCapacity`)
        }
        // The phone's time (a handover sent later from its outbox), within bounds: shared/device-time.ts.
        const handedOverAt = boundDeviceTime(input.handedOverAt ? new Date(input.handedOverAt) : null, now, incident.times.transportingAt ? new Date(incident.times.transportingAt) : null).at
        const handover = await handoversRepository.insert(tx, this.d.ids.uuid(), input, handedOverAt, now)
        const destAfter = await destinationsRepository.update(tx, dest.id, { occupancy: dest.occupancy + 1 }, now)
        uow.log({ type: 'handover.logged', actor, incidentId: incident.id, teamId: input.teamId, destinationId: dest.id, after: handover })
        uow.log({ type: 'destination.updated', actor, destinationId: dest.id, before: dest, after: destAfter, data: { reason: 'handover', handoverId: handover.id, override: input.overrideCapacity } })
        const after = await incidentsRepository.update(tx, incident.id, { status: 'handed_over', handed_over_at: handedOverAt, destination_id: dest.id }, now)
        uow.log({ type: 'incident.transitioned', actor, incidentId: incident.id, teamId: input.teamId, before: incident, after, data: { from: 'transporting', to: 'handed_over', handoverId: handover.id } })
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

  async get(id: string): Promise<Handover> {
    const h = await handoversRepository.get(this.d.db.sql, id)
    if (!h) throw notFound('Handover', id)
    return h
  }

  list(opts: { from?: Date; to?: Date; destinationId?: string }): Promise<Handover[]> {
    return handoversRepository.list(this.d.db.sql, opts)
  }
}
