import type { Destination, DestinationInput, DestinationPatch } from '@shared/destinations.js'
import type { Q } from '../db/transaction.js'

/** A row of `destinations` as the driver returns it. */
interface DestinationsRow {
  id: string
  name: string
  kind: Destination['kind']
  lon: number
  lat: number
  address: string | null
  capacity: number | null
  occupancy: number | null
  accepts: Destination['accepts']
  opening_hours: string
  contact: string | null
  is_example: boolean
  source: string | null
  active: boolean
  created_at: Date
  updated_at: Date
}

export function toDestination(r: DestinationsRow): Destination {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    location: { lon: r.lon, lat: r.lat },
    address: r.address,
    capacity: r.capacity,
    occupancy: r.occupancy,
    free: r.capacity === null || r.occupancy === null ? null : Math.max(0, r.capacity - r.occupancy),
    accepts: r.accepts,
    openingHours: r.opening_hours,
    contact: r.contact,
    isExample: r.is_example,
    source: r.source,
    active: r.active,
  }
}

/** Fields as stored: occupancy may be null (unknown), which no API input may set. */
type Stored<T> = Omit<T, 'occupancy' | 'occupancyReason'> & { occupancy?: number | null }

/** The columns a new or changed destination writes (camelCase → snake_case). */
function columns(d: Stored<DestinationPatch>): Partial<DestinationsRow> {
  const c: Partial<DestinationsRow> = {}
  if (d.name !== undefined) c.name = d.name
  if (d.kind !== undefined) c.kind = d.kind
  if (d.location !== undefined) {
    c.lon = d.location.lon
    c.lat = d.location.lat
  }
  if (d.address !== undefined) c.address = d.address
  if (d.capacity !== undefined) c.capacity = d.capacity
  if (d.occupancy !== undefined) c.occupancy = d.occupancy
  if (d.accepts !== undefined) c.accepts = d.accepts
  if (d.openingHours !== undefined) c.opening_hours = d.openingHours
  if (d.contact !== undefined) c.contact = d.contact
  if (d.isExample !== undefined) c.is_example = d.isExample
  if (d.source !== undefined) c.source = d.source
  if (d.active !== undefined) c.active = d.active
  return c
}

export const destinationsRepository = {
  async insert(q: Q, id: string, d: Stored<DestinationInput>, now: Date): Promise<Destination> {
    const [row] = await q<DestinationsRow[]>`insert into destinations ${q({ id, ...columns(d), created_at: now, updated_at: now } as never)} returning *`
    return toDestination(row!)
  },
  async update(q: Q, id: string, d: Stored<DestinationPatch>, now: Date): Promise<Destination> {
    const [row] = await q<DestinationsRow[]>`update destinations set ${q({ ...columns(d), updated_at: now } as never)} where id = ${id} returning *`
    return toDestination(row!)
  },
  async get(q: Q, id: string, opts: { lock?: boolean } = {}): Promise<Destination | null> {
    const [row] = opts.lock ? await q<DestinationsRow[]>`select * from destinations where id = ${id} for update` : await q<DestinationsRow[]>`select * from destinations where id = ${id}`
    return row ? toDestination(row) : null
  },
  async list(q: Q, opts: { includeInactive?: boolean } = {}): Promise<Destination[]> {
    const rows = await q<DestinationsRow[]>`select * from destinations ${opts.includeInactive ? q`` : q`where active`} order by kind, name`
    return rows.map(toDestination)
  },
  async count(q: Q): Promise<number> {
    const [row] = await q<Array<{ n: number }>>`select count(*)::int as n from destinations`
    return row!.n
  },
}
