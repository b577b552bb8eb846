import { destination as moveTo, distance, bearing, point } from '@turf/turf'
import type { Actor } from '@shared/events.js'
import type { Point } from '@shared/geo.js'
import type { Incident } from '@shared/incidents.js'
import type { Team } from '@shared/teams.js'
import type { Deps } from '../context.js'
import type { Services } from '../services.js'
import type { Mode } from '../startup.js'
import { demoRepository } from './demo.repository.js'

/**
 * How the simulated phones behave: a crew that answers in seconds, drives straight at city
 * speed, spends a while with the person and hands them over. Short, so a newcomer watching
 * the console after `npm start` sees a whole case in a few minutes.
 */
export const SIMULATION = {
  tickMs: 2_000,
  acceptAfterMs: 8_000,
  /** ≈ 30 km/h, a car in Depok traffic. */
  speedMps: 8.5,
  arrivedM: 30,
  onSceneMs: 45_000,
  /** Back at work this long after a handover (the crew "returns"). */
  restMs: 30_000,
} as const
export type SimulationSettings = { [K in keyof typeof SIMULATION]: number }

/** What the timelines show for every step a simulated phone takes: never mistaken for a crew. */
export const SIMULATED_NAME = 'Ponsel simulasi'
/** Added to a simulated team's name, so the console's lists and the team's page say so. */
export const SIMULATED_LABEL = 'simulasi'

export interface SimulatedPhones {
  /** Call signs of the simulated teams (for the start banner). */
  callSigns: string[]
  /** One step of every simulated phone (the timer calls it; tests call it with a manual clock). */
  tick(): Promise<void>
  start(): void
  stop(): void
}

/**
 * Simulated phones exist only in demo mode, and not when demo mode was forced on beside a real
 * deployment (DEMO=true with DATABASE_URL or ADMIN_*): they log handovers and move teams, which
 * must never happen to real data. The first demo team is left to the newcomer (sign in as it on
 * a phone); the others on duty are simulated.
 */
export async function simulatedPhonesFor(mode: Mode, app: { deps: Deps; services: Services }, settings: SimulationSettings = SIMULATION): Promise<SimulatedPhones | null> {
  if (!mode.demo || mode.warning) return null
  const ids = await demoRepository.teamIds(app.deps.db.sql)
  const teams = (await Promise.all(ids.map((id) => app.services.teams.get(id)))).filter((t) => t.status !== 'off_duty')
  teams.sort((a, b) => a.callSign.localeCompare(b.callSign, undefined, { numeric: true }))
  const simulated = teams.slice(1)
  if (simulated.length === 0) return null
  await demoRepository.labelTeams(
    app.deps.db.sql,
    simulated.map((t) => t.id),
    SIMULATED_LABEL,
  )
  const labelled = await Promise.all(simulated.map((t) => app.services.teams.get(t.id)))
  return createSimulatedPhones(app.deps, app.services, labelled, settings)
}

/** Where a team is now, as a turf point (its last fix). */
const at = (t: Team): Point | null => (t.position ? { lon: t.position.lon, lat: t.position.lat } : null)

export function createSimulatedPhones(d: Deps, s: Services, teams: Team[], settings: SimulationSettings): SimulatedPhones {
  // When each team's current step began (by the injected clock), to wait before the next one.
  const since = new Map<string, { step: string; at: number }>()
  const lastMove = new Map<string, number>()
  const destinationOf = new Map<string, string>()
  let timer: NodeJS.Timeout | null = null
  let running = false

  const actorFor = (t: Team): Actor => ({ kind: 'team', id: t.id, userId: null, name: `${SIMULATED_NAME} ${t.callSign}` })
  const elapsed = (teamId: string, step: string): number => {
    const now = d.clock.now().getTime()
    const cur = since.get(teamId)
    if (cur?.step !== step) {
      since.set(teamId, { step, at: now })
      return 0
    }
    return now - cur.at
  }

  /** Drives `team` toward `target` for the time since its last move; true once there. */
  const drive = async (team: Team, target: Point): Promise<boolean> => {
    const from = at(team)
    const now = d.clock.now().getTime()
    const dt = Math.min(10_000, now - (lastMove.get(team.id) ?? now - settings.tickMs))
    lastMove.set(team.id, now)
    const left = from ? distance(point([from.lon, from.lat]), point([target.lon, target.lat]), { units: 'meters' }) : 0
    const step = (settings.speedMps * dt) / 1000
    let next = target
    let heading: number | null = null
    if (from && left > step) {
      heading = (bearing(point([from.lon, from.lat]), point([target.lon, target.lat])) + 360) % 360
      const [lon, lat] = moveTo(point([from.lon, from.lat]), step, heading, { units: 'meters' }).geometry.coordinates as [number, number]
      next = { lon, lat }
    }
    await s.teams.postPosition(team.id, { ...next, accuracyM: 8, headingDeg: heading, speedMps: left > step ? settings.speedMps : 0, deviceTime: d.clock.now().toISOString() })
    return left - step <= settings.arrivedM
  }

  const step = async (teamId: string): Promise<void> => {
    const team = await s.teams.get(teamId)
    const actor = actorFor(team)
    if (team.status === 'off_duty') return
    const incident: Incident | null = team.currentIncidentId ? await s.incidents.get(team.currentIncidentId) : null
    if (!incident) {
      lastMove.delete(teamId)
      if (team.status === 'returning' && elapsed(teamId, 'returning') >= settings.restMs) await s.teams.setOwnStatus(teamId, 'available', actor)
      return
    }
    const key = `${incident.id}:${incident.status}`
    switch (incident.status) {
      case 'assigned':
        if (elapsed(teamId, key) >= settings.acceptAfterMs) await s.incidents.transition(incident.id, { to: 'acknowledged' }, actor)
        return
      case 'acknowledged':
        await s.incidents.transition(incident.id, { to: 'en_route' }, actor)
        return
      case 'en_route':
        if (await drive(team, incident.location)) await s.incidents.transition(incident.id, { to: 'on_scene' }, actor)
        return
      case 'on_scene': {
        if (elapsed(teamId, key) < settings.onSceneMs) return
        // Demo shelters first (they are demo data); a hospital for a sick person.
        const options = await s.destinations.recommend(incident.location, incident.category)
        const chosen = options.find((o) => o.destination.isExample) ?? options[0]
        // No destination takes this person: the crew stays until the dispatcher closes the case.
        if (!chosen) return
        destinationOf.set(incident.id, chosen.destination.id)
        await s.incidents.transition(incident.id, { to: 'transporting' }, actor)
        return
      }
      case 'transporting': {
        const destinationId = destinationOf.get(incident.id)
        const dest = destinationId ? await s.destinations.get(destinationId) : null
        if (!dest) return
        if (!(await drive(team, dest.location))) return
        await s.handovers.log(
          {
            incidentId: incident.id,
            teamId,
            destinationId: dest.id,
            person: { sex: 'unknown', condition: `${SIMULATED_NAME}: data contoh, bukan orang nyata / simulated phone: example, not a real person` },
            receivedBy: `${SIMULATED_NAME} (demo)`,
            overrideCapacity: true,
          },
          actor,
        )
        destinationOf.delete(incident.id)
        return
      }
      default:
        return
    }
  }

  const tick = async () => {
    for (const t of teams) {
      // One phone's trouble (a case taken away between reads) must not stop the others.
      await step(t.id).catch((err) => d.logger.warn('simulated phone step failed', { team: t.callSign, err: String(err) }))
    }
  }

  return {
    callSigns: teams.map((t) => t.callSign),
    tick,
    start() {
      if (timer) return
      // A simulated phone is always reachable: presence (ASSIGN_REACHABLE) must not starve the demo.
      for (const t of teams) void d.presence.connected(t.id, `simulated:${t.id}`).catch(() => {})
      timer = setInterval(() => {
        if (running) return
        running = true
        void tick().finally(() => (running = false))
      }, settings.tickMs)
      timer.unref()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
      for (const t of teams) void d.presence.disconnected(t.id, `simulated:${t.id}`).catch(() => {})
    },
  }
}
