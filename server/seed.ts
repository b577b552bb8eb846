import { pointOnFeature } from '@turf/turf'
import { INCIDENT_CATEGORIES, type IncidentCategory } from '../shared/incidents.js'
import type { Actor } from '../shared/events.js'
import type { Deps } from './context.js'
import { destinationsRepository } from './destinations/destinations.repository.js'
import type { Area } from './geo/city.js'
import type { Services } from './services.js'

const SEEDER: Actor = { kind: 'system', id: 'seed' }

/**
 * First start only (no destinations yet): the city's real hospitals become destinations.
 * In demo mode also a handful of teams at real government offices, and example shelters
 * that are marked `isExample` and named "CONTOH" so nobody mistakes them for real addresses.
 */
/** Demo accounts share one password, printed by `npm start`; they exist only in demo mode. */
export const DEMO_PASSWORD = 'trc-demo-2026'
export type DemoAccount = { username: string; role: string; team?: string }

export async function seed(d: Deps, s: Services, opts: { demo: boolean }): Promise<{ seeded: boolean; accounts: DemoAccount[] }> {
  if ((await destinationsRepository.count(d.db.sql)) > 0) return { seeded: false, accounts: [] }
  const accounts: DemoAccount[] = []
  const facilities = d.city.facilities?.features ?? []
  for (const f of facilities) {
    if (f.properties?.kind !== 'hospital') continue
    const [lon, lat] = f.geometry.coordinates as [number, number]
    await s.destinations.create(
      {
        name: String(f.properties.name),
        kind: 'hospital',
        location: { lon, lat },
        capacity: null,
        occupancy: 0,
        accepts: [...INCIDENT_CATEGORIES],
        openingHours: '24h',
        isExample: false,
        source: `© OpenStreetMap contributors (ODbL) ${String(f.properties.osm_id ?? '')}`.trim(),
      },
      SEEDER,
    )
  }
  const demo = d.city.config.demo
  if (!opts.demo || !demo) return { seeded: true, accounts }
  for (const [username, role] of [['admin', 'admin'], ['dispatcher', 'dispatcher'], ['calltaker', 'call_taker'], ['viewer', 'viewer']] as const) {
    await s.auth.createUser({ username, displayName: `Demo ${role}`, role, password: DEMO_PASSWORD })
    accounts.push({ username, role })
  }
  for (const ex of demo.exampleDestinations) {
    const kec = d.city.kecamatan.features.find((k) => k.properties?.[d.city.config.kecamatan.name] === ex.kecamatan)
    if (!kec) throw new Error(`city.json demo: no kecamatan named ${ex.kecamatan}`)
    const [lon, lat] = pointOnFeature(kec as Area).geometry.coordinates as [number, number]
    await s.destinations.create(
      {
        name: `CONTOH – ${ex.name} (${ex.kecamatan})`,
        kind: ex.kind,
        location: { lon, lat },
        address: 'Contoh data demo – bukan alamat nyata / demo example, not a real address',
        capacity: ex.capacity,
        occupancy: ex.occupancy,
        accepts: ex.accepts as IncidentCategory[],
        openingHours: ex.openingHours ?? '24h',
        isExample: true,
        source: 'demo example',
      },
      SEEDER,
    )
  }
  for (const t of demo.teams) {
    const base = facilities.find((f) => f.properties?.name === t.base)
    const team = await s.teams.create({ callSign: t.callSign, name: t.name, onDuty: !t.offDuty }, SEEDER)
    const username = t.callSign.toLowerCase()
    await s.auth.createUser({ username, displayName: `${t.name} (demo)`, role: 'team', teamId: team.id, password: DEMO_PASSWORD })
    accounts.push({ username, role: 'team', team: t.callSign })
    if (base) {
      const [lon, lat] = base.geometry.coordinates as [number, number]
      await s.teams.postPosition(team.id, { lon, lat, accuracyM: 10, headingDeg: null, speedMps: 0, deviceTime: d.clock.now().toISOString() })
    }
  }
  return { seeded: true, accounts }
}
