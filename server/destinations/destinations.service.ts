import type { DestinationImportRequest, DestinationImportResult } from '@shared/destination-import.js'
import type { Actor } from '@shared/events.js'
import type { Destination, DestinationInput, DestinationPatch, RecommendedDestination } from '@shared/destinations.js'
import type { Point } from '@shared/geo.js'
import type { IncidentCategory } from '@shared/incidents.js'
import type { Deps } from '../context.js'
import { rankByCost } from '../dispatch/ranking.js'
import { AppError, notFound } from '../errors.js'
import { readDestinationList } from './destination-import.js'
import { isResidential } from '@shared/destinations.js'
import { occupancyRepository } from '../stays/stays.repository.js'
import { destinationsRepository } from './destinations.repository.js'

/** Is "HH:MM-HH:MM" (or "24h") open at `now` in `timeZone`? Ranges may pass midnight. */
export function isOpen(hours: string, now: Date, timeZone: string): boolean {
  if (hours === '24h') return true
  const [open, close] = hours.split('-') as [string, string]
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now)
  return open <= close ? hm >= open && hm < close : hm >= open || hm < close
}

export class DestinationsService {
  constructor(private readonly d: Deps) {}

  list(includeInactive = false): Promise<Destination[]> {
    return destinationsRepository.list(this.d.db.sql, { includeInactive })
  }

  async get(id: string): Promise<Destination> {
    const dest = await destinationsRepository.get(this.d.db.sql, id)
    if (!dest) throw notFound('Destination', id)
    return dest
  }

  async create(input: DestinationInput, actor: Actor): Promise<Destination> {
    checkCapacity(input.capacity, input.occupancy)
    return this.d.transaction(async (tx, uow) => {
      const now = this.d.clock.now()
      // Occupancy is open stays plus adjustments: a starting figure is the first adjustment; a
      // hospital's is unknown (decision 009).
      const residential = isResidential(input.kind)
      let dest = await destinationsRepository.insert(tx, this.d.ids.uuid(), { ...input, occupancy: residential ? 0 : null }, now)
      if (residential && input.occupancy > 0) {
        await occupancyRepository.adjust(tx, dest.id, input.occupancy, 'occupancy when the destination was added', actor, now)
        await occupancyRepository.recount(tx, dest.id, now)
        dest = (await destinationsRepository.get(tx, dest.id))!
      }
      uow.log({ type: 'destination.created', actor, destinationId: dest.id, after: dest })
      return dest
    })
  }

  async update(id: string, patch: DestinationPatch, actor: Actor): Promise<Destination> {
    return this.d.transaction(async (tx, uow) => {
      const before = await destinationsRepository.get(tx, id, { lock: true })
      if (!before) throw notFound('Destination', id)
      const now = this.d.clock.now()
      const { occupancy, occupancyReason, ...rest } = patch
      const kind = rest.kind ?? before.kind
      if (occupancy !== undefined && !isResidential(kind)) {
        throw new AppError('validation_failed', `occupancy: a ${kind}'s occupancy is not tracked`, [{ path: 'occupancy', message: `is unknown for a ${kind}` }])
      }
      checkCapacity(rest.capacity !== undefined ? rest.capacity : before.capacity, occupancy ?? before.occupancy ?? 0)
      const delta = occupancy === undefined ? 0 : occupancy - (before.occupancy ?? 0)
      if (delta !== 0 && !occupancyReason) {
        throw new AppError('validation_failed', 'occupancyReason: say why occupancy is set by hand (it is logged)', [{ path: 'occupancyReason', message: 'required when occupancy changes' }])
      }
      let after = await destinationsRepository.update(tx, id, rest, now)
      if (delta !== 0) await occupancyRepository.adjust(tx, id, delta, occupancyReason!, actor, now)
      if (kind !== before.kind || delta !== 0) {
        if (isResidential(kind)) await occupancyRepository.recount(tx, id, now)
        else await destinationsRepository.update(tx, id, { occupancy: null }, now)
        after = (await destinationsRepository.get(tx, id))!
      }
      if (delta !== 0) uow.log({ type: 'occupancy.adjusted', actor, destinationId: id, data: { delta, reason: occupancyReason!, occupancy: after.occupancy ?? 0 } })
      uow.log({ type: 'destination.updated', actor, destinationId: id, before, after })
      return after
    })
  }

  /**
   * Loads a list (CSV or GeoJSON) in one transaction: every row is checked first, and a bad row
   * means nothing is written. Each destination gets its own `destination.created` (live screens
   * add it as they would one made by hand), and the import one `destination.imported`.
   */
  async importList(req: DestinationImportRequest, actor: Actor): Promise<DestinationImportResult> {
    const inputs = readDestinationList(req.format, req.content)
    for (const [i, input] of inputs.entries()) {
      if (input.capacity !== null && input.occupancy > input.capacity) {
        const where = req.format === 'csv' ? `rows.${i + 2}` : `features.${i}`
        throw new AppError('validation_failed', `${where}.occupancy: exceeds the capacity of ${input.capacity}`, [
          { path: `${where}.occupancy`, message: `must not exceed capacity ${input.capacity}` },
        ])
      }
    }
    if (req.dryRun) return { dryRun: true, count: inputs.length, destinations: inputs }
    return this.d.transaction(async (tx, uow) => {
      const now = this.d.clock.now()
      const created: Destination[] = []
      for (const input of inputs) {
        const dest = await destinationsRepository.insert(tx, this.d.ids.uuid(), input, now)
        uow.log({ type: 'destination.created', actor, destinationId: dest.id, after: dest })
        created.push(dest)
      }
      uow.log({ type: 'destination.imported', actor, data: { format: req.format, count: created.length, destinationIds: created.map((d) => d.id) } })
      return { dryRun: false, count: created.length, destinations: created }
    })
  }

  /**
   * Withdraws every active example ("CONTOH") destination, once the city has a real place of
   * the same kind to take people to (an active destination that is not an example). They are kept (past
   * handovers name them) but no longer offered. One `destination.updated` each.
   */
  async replaceExamples(actor: Actor): Promise<{ withdrawn: Destination[] }> {
    return this.d.transaction(async (tx, uow) => {
      const all = await destinationsRepository.list(tx)
      // Hospitals do not replace a shelter: a real destination of a kind the examples stand for.
      const kinds = new Set(all.filter((d) => d.isExample).map((d) => d.kind))
      if (kinds.size > 0 && !all.some((d) => !d.isExample && kinds.has(d.kind))) {
        throw new AppError('conflict', `Add a real destination (${[...kinds].join(', ')}) before withdrawing the examples: otherwise none of that kind would be left to offer`)
      }
      const withdrawn: Destination[] = []
      for (const before of all.filter((d) => d.isExample)) {
        const locked = await destinationsRepository.get(tx, before.id, { lock: true })
        if (!locked?.active) continue
        const after = await destinationsRepository.update(tx, before.id, { active: false }, this.d.clock.now())
        uow.log({ type: 'destination.updated', actor, destinationId: after.id, before: locked, after, data: { reason: 'examples_replaced' } })
        withdrawn.push(after)
      }
      return { withdrawn }
    })
  }

  /**
   * Destinations that accept the category and have room: open ones first, then by fit (the
   * city's `destinationFit` for the category: an elderly person to a panti or RPS before a
   * hospital), then those with known free beds before those whose occupancy is unknown, then
   * nearest first.
   */
  async recommend(from: Point, category: IncidentCategory): Promise<RecommendedDestination[]> {
    const now = this.d.clock.now()
    const tz = this.d.config.TIMEZONE ?? this.d.city.config.timezone
    const fit = this.d.city.config.destinationFit[category] ?? []
    const usable = (await this.list()).filter((d) => d.accepts.includes(category) && (d.free === null || d.free > 0))
    const rank = (d: Destination) => (fit.includes(d.kind) ? fit.indexOf(d.kind) : fit.length)
    return rankByCost(from, usable, (d) => d.location)
      .map(({ item, distanceM }) => ({ destination: item, distanceM, openNow: isOpen(item.openingHours, now, tz), fitRank: fit.includes(item.kind) ? fit.indexOf(item.kind) : null }))
      .sort(
        (a, b) =>
          Number(b.openNow) - Number(a.openNow) || rank(a.destination) - rank(b.destination) || Number(a.destination.free === null) - Number(b.destination.free === null) || a.distanceM - b.distanceM,
      )
  }
}

function checkCapacity(capacity: number | null, occupancy: number) {
  if (capacity !== null && occupancy > capacity) {
    throw new AppError('validation_failed', `occupancy: ${occupancy} exceeds the capacity of ${capacity}`, [{ path: 'occupancy', message: `must not exceed capacity ${capacity}` }])
  }
}
