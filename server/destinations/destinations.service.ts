import type { Actor } from '../../shared/events.js'
import type { Destination, DestinationInput, DestinationPatch, RecommendedDestination } from '../../shared/destinations.js'
import type { Point } from '../../shared/geo.js'
import type { IncidentCategory } from '../../shared/incidents.js'
import type { Deps } from '../context.js'
import { rankByCost } from '../dispatch/ranking.js'
import { AppError, notFound } from '../errors.js'
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
      const dest = await destinationsRepository.insert(tx, this.d.ids.uuid(), input, this.d.clock.now())
      uow.log({ type: 'destination.created', actor, destinationId: dest.id, after: dest })
      return dest
    })
  }

  async update(id: string, patch: DestinationPatch, actor: Actor): Promise<Destination> {
    return this.d.transaction(async (tx, uow) => {
      const before = await destinationsRepository.get(tx, id, { lock: true })
      if (!before) throw notFound('Destination', id)
      checkCapacity(patch.capacity !== undefined ? patch.capacity : before.capacity, patch.occupancy ?? before.occupancy)
      const after = await destinationsRepository.update(tx, id, patch, this.d.clock.now())
      uow.log({ type: 'destination.updated', actor, destinationId: id, before, after })
      return after
    })
  }

  /** Open destinations that accept the category and have room, nearest first; then the rest open. */
  async recommend(from: Point, category: IncidentCategory): Promise<RecommendedDestination[]> {
    const now = this.d.clock.now()
    const tz = this.d.config.TIMEZONE ?? this.d.city.config.timezone
    const usable = (await this.list()).filter((d) => d.accepts.includes(category) && (d.free === null || d.free > 0))
    return rankByCost(from, usable, (d) => d.location)
      .map(({ item, distanceM }) => ({ destination: item, distanceM, openNow: isOpen(item.openingHours, now, tz) }))
      .sort((a, b) => Number(b.openNow) - Number(a.openNow))
  }
}

function checkCapacity(capacity: number | null, occupancy: number) {
  if (capacity !== null && occupancy > capacity) {
    throw new AppError('validation_failed', `occupancy: ${occupancy} exceeds the capacity of ${capacity}`, [{ path: 'occupancy', message: `must not exceed capacity ${capacity}` }])
  }
}
