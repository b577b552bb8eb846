import { randomBytes } from 'node:crypto'
import { pointOnFeature } from '@turf/turf'
import type { AccountRole } from '@shared/auth.js'
import { INCIDENT_CATEGORIES, type IncidentCategory } from '@shared/incidents.js'
import type { Actor } from '@shared/events.js'
import { isResidential, type Destination } from '@shared/destinations.js'
import type { Deps } from './context.js'
import { demoRepository } from './demo/demo.repository.js'
import { destinationsRepository } from './destinations/destinations.repository.js'
import type { Area } from './geo/city.js'
import { incidentsRepository } from './incidents/incidents.repository.js'
import type { Services } from './services.js'

const SEEDER: Actor = { kind: 'system', id: 'seed' }

/** A demo account; `password` is set only on the start that created (or re-enabled) it. */
export type DemoAccount = { username: string; role: AccountRole; team?: string; password?: string }

/**
 * First start only (no destinations yet): the city's real hospitals become destinations.
 * Real data, so it is loaded in production as well as in demo mode.
 */
export async function seedCity(d: Deps, s: Services): Promise<boolean> {
  if ((await destinationsRepository.count(d.db.sql)) > 0) return false
  for (const f of d.city.facilities?.features ?? []) {
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
  return true
}

// Crockford's base32 in lower case: no i, l, o or u, so a password read aloud is not misheard.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/** A fresh demo password: 16 symbols × 5 bits = 80 bits from the OS's CSPRNG, as `xxxx-xxxx-xxxx-xxxx`. */
export function demoPassword(): string {
  const symbols = [...randomBytes(16)].map((b) => ALPHABET[b & 31]).join('')
  return symbols.match(/.{4}/g)!.join('-')
}

const DEMO_STAFF: Array<[string, AccountRole]> = [
  ['admin', 'admin'],
  ['dispatcher', 'dispatcher'],
  ['calltaker', 'call_taker'],
  ['viewer', 'viewer'],
]

/**
 * Demo mode on. The first time in this database: demo accounts (each with its own random
 * password, returned so `npm start` can show it this once; only its hash is stored), demo
 * teams at real government offices, and example shelters marked `isExample` and named
 * "CONTOH" so nobody mistakes them for real addresses. Every account and team is marked
 * `is_demo`, so a later start with demo mode off can find and disable them.
 * After that: accounts that a start without demo mode disabled are enabled again with new
 * passwords, and example shelters offered again.
 */
export async function startDemo(d: Deps, s: Services): Promise<{ accounts: DemoAccount[]; warnings: string[] }> {
  const demo = d.city.config.demo
  const warnings: string[] = []
  if (!demo) return { accounts: [], warnings: [`${d.city.config.name} has no demo section in city.json: no demo data`] }
  const existing = await demoRepository.users(d.db.sql)
  const teamsById = new Map((await s.teams.list()).map((t) => [t.id, t]))
  const accountOf = (u: { username: string; role: AccountRole; teamId: string | null }, password?: string): DemoAccount => ({
    username: u.username,
    role: u.role,
    ...(u.teamId ? { team: teamsById.get(u.teamId)?.callSign ?? '?' } : {}),
    ...(password ? { password } : {}),
  })

  if (existing.length > 0) {
    const accounts: DemoAccount[] = []
    for (const u of existing) {
      if (!u.disabled) {
        accounts.push(accountOf(u))
        continue
      }
      const password = demoPassword()
      await demoRepository.enableUser(d.db.sql, u.id, await s.auth.passwords.hash(password))
      accounts.push(accountOf(u, password))
    }
    for (const dest of await s.destinations.list(true)) {
      if (dest.isExample && !dest.active) await s.destinations.update(dest.id, { active: true }, SEEDER)
    }
    return { accounts, warnings }
  }

  const accounts: DemoAccount[] = []
  const addAccount = async (username: string, role: AccountRole, displayName: string, teamId?: string, destinationId?: string) => {
    if (await demoRepository.usernameTaken(d.db.sql, username)) {
      warnings.push(`No demo account ${username}: the username is taken by a real account`)
      return
    }
    const password = demoPassword()
    const user = await s.auth.createUser({ username, displayName, role, teamId, destinationId, password }, { demo: true })
    accounts.push(accountOf({ username: user.username, role, teamId: teamId ?? null }, password))
  }
  for (const [username, role] of DEMO_STAFF) await addAccount(username, role, `Demo ${role}`)

  const examples: Destination[] = []
  for (const ex of demo.exampleDestinations) {
    const kec = d.city.kecamatan.features.find((k) => k.properties?.[d.city.config.kecamatan.name] === ex.kecamatan)
    if (!kec) throw new Error(`city.json demo: no kecamatan named ${ex.kecamatan}`)
    const [lon, lat] = pointOnFeature(kec as Area).geometry.coordinates as [number, number]
    const created = await s.destinations.create(
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
    examples.push(created)
  }
  // Staff of one example shelter (the RPS when there is one), to try the facility page: cases
  // coming in, residents, check-out. A demo account like the others (decision 006).
  const shelter = examples.find((x) => x.kind === 'rps') ?? examples.find((x) => isResidential(x.kind))
  if (shelter) await addAccount(shelter.kind === 'rps' ? 'rps' : 'shelter', 'facility', `Petugas ${shelter.name} (demo)`, undefined, shelter.id)

  const callSigns = new Set([...teamsById.values()].map((t) => t.callSign))
  const facilities = d.city.facilities?.features ?? []
  for (const t of demo.teams) {
    if (callSigns.has(t.callSign)) {
      warnings.push(`No demo team ${t.callSign}: a real team has that call sign`)
      continue
    }
    const team = await s.teams.create({ callSign: t.callSign, name: t.name, onDuty: !t.offDuty, members: [], base: null }, SEEDER)
    await demoRepository.markTeam(d.db.sql, team.id)
    teamsById.set(team.id, team)
    await addAccount(t.callSign.toLowerCase(), 'team', `${t.name} (demo)`, team.id)
    const base = facilities.find((f) => f.properties?.name === t.base)
    if (base) {
      const [lon, lat] = base.geometry.coordinates as [number, number]
      await s.teams.postPosition(team.id, { lon, lat, accuracyM: 10, headingDeg: null, speedMps: 0, deviceTime: d.clock.now().toISOString() })
    }
  }
  return { accounts, warnings }
}

export interface DemoStopped {
  accounts: number
  teams: number
  casesReturnedToQueue: number
  exampleDestinations: number
  warnings: string[]
}

/** Statuses in which a case can go back to the queue without losing work done on the scene. */
const EARLY = ['assigned', 'acknowledged', 'en_route']

/**
 * Demo mode off. Every demo account is disabled and its sessions ended; demo teams go off
 * duty (a case they were sent to but have not reached goes back to the queue); example
 * shelters are no longer offered as destinations. Each change is logged like any other.
 * Idempotent: a second start without demo mode finds nothing left to do.
 */
export async function stopDemo(d: Deps, s: Services): Promise<DemoStopped> {
  const warnings: string[] = []
  const accounts = (await demoRepository.disableUsers(d.db.sql, d.clock.now())).length
  const teams = await Promise.all((await demoRepository.teamIds(d.db.sql)).map((id) => s.teams.get(id)))
  let offDuty = 0
  let returned = 0
  // Free teams first, so a case sent back to the queue is not offered to another demo team.
  teams.sort((a, b) => Number(Boolean(a.currentIncidentId)) - Number(Boolean(b.currentIncidentId)))
  for (const team of teams) {
    if (team.status === 'off_duty') continue
    if (!team.currentIncidentId) {
      await s.teams.setOwnStatus(team.id, 'off_duty', SEEDER)
      offDuty++
      continue
    }
    const incidentId = team.currentIncidentId
    const done = await d.transaction(async (tx, uow) => {
      const incident = await incidentsRepository.get(tx, incidentId, { lock: true })
      if (!incident || !EARLY.includes(incident.status)) return false
      await s.dispatch.release(tx, uow, incident, 'unassigned', SEEDER)
      // In the same transaction, so the freed team is never offered the queue.
      await s.teams.changeStatus(tx, uow, team.id, 'off_duty', SEEDER)
      return true
    })
    if (done) {
      offDuty++
      returned++
    } else {
      warnings.push(`Demo team ${team.callSign} is ${team.status} on case ${incidentId}: its accounts are disabled, so a dispatcher must finish or hand over that case`)
    }
  }
  let examples = 0
  for (const dest of await s.destinations.list()) {
    if (!dest.isExample) continue
    await s.destinations.update(dest.id, { active: false }, SEEDER)
    examples++
  }
  return { accounts, teams: offDuty, casesReturnedToQueue: returned, exampleDestinations: examples, warnings }
}
