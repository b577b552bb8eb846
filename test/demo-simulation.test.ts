import { afterAll, describe, expect, it } from 'vitest'
import { simulatedPhonesFor, SIMULATED_LABEL, SIMULATED_NAME, type SimulationSettings } from '../server/demo/simulated-phones.js'
import { prepareStart } from '../server/startup.js'
import { BACKENDS } from './support/backends.js'
import { eventually, startTestServer, type TestServer } from './support/server.js'

/** Quick phones for the test: each tick the clock moves one `tickMs`. */
const QUICK: SimulationSettings = { tickMs: 1_000, acceptAfterMs: 5_000, speedMps: 60, arrivedM: 30, onSceneMs: 10_000, restMs: 5_000 }
/** Kantor Kecamatan Sawangan, TRC-2's base in the city's demo section, and a spot ~400 m from it. */
const NEAR_SAWANGAN_OFFICE = { lon: 106.7695, lat: -6.4005 }

describe.each(BACKENDS)('simulated team phones on $name', (backend) => {
  const servers: TestServer[] = []
  const start = async (overrides: Parameters<typeof startTestServer>[1]) => {
    const s = await startTestServer(backend, overrides)
    servers.push(s)
    return s
  }
  afterAll(async () => {
    for (const s of servers) await s.close()
  })

  it('never run outside demo mode, nor when demo mode was forced on beside a real deployment', async () => {
    const off = await start({ DEMO: false })
    const offReport = await prepareStart(off.app)
    expect(offReport.mode.demo).toBe(false)
    expect(await simulatedPhonesFor(offReport.mode, off.app, QUICK)).toBeNull()

    // Demo teams exist in this database, but a start without demo mode finds no phones to run.
    const demo = await start({ DEMO: true })
    const demoReport = await prepareStart(demo.app)
    expect(demoReport.mode.demo).toBe(true)
    expect(await simulatedPhonesFor({ ...demoReport.mode, demo: false }, demo.app, QUICK)).toBeNull()

    const beside = await start({ DEMO: true, DATABASE_URL: 'postgres://db.example/trc' })
    const besideReport = await prepareStart(beside.app)
    expect(besideReport.mode).toMatchObject({ demo: true })
    expect(besideReport.mode.warning).toBeTruthy()
    expect(await simulatedPhonesFor(besideReport.mode, beside.app, QUICK)).toBeNull()
  })

  it('in demo mode accept, drive to, stay with and hand over a case, labelled as simulated, leaving the first team to a person', { timeout: 120_000 }, async () => {
    const s = await start({ DEMO: true })
    const report = await prepareStart(s.app)
    const phones = await simulatedPhonesFor(report.mode, s.app, QUICK)
    // TRC-1 is left for a person to try; TRC-6 is off duty.
    expect(phones?.callSigns).toEqual(['TRC-2', 'TRC-3', 'TRC-4', 'TRC-5'])
    // Their names say so wherever a team is listed; the person's team does not.
    const names = new Map(((await s.call('GET', '/api/teams', { role: 'dispatcher' })).body as { callSign: string; name: string }[]).map((t) => [t.callSign, t.name]))
    for (const cs of ['TRC-2', 'TRC-3', 'TRC-4', 'TRC-5']) expect(names.get(cs)).toMatch(new RegExp(`\\(${SIMULATED_LABEL}\\)$`))
    expect(names.get('TRC-1')).not.toContain(SIMULATED_LABEL)
    // Labelled once, however often demo mode starts.
    await simulatedPhonesFor(report.mode, s.app, QUICK)
    const again = ((await s.call('GET', '/api/teams', { role: 'dispatcher' })).body as { callSign: string; name: string }[]).find((t) => t.callSign === 'TRC-2')!
    expect(again.name.split(SIMULATED_LABEL)).toHaveLength(2)

    // Started, the simulated phones count as connected (ASSIGN_REACHABLE must not starve them).
    phones!.start()
    await eventually(async () => {
      const listed = (await s.call('GET', '/api/teams', { role: 'dispatcher' })).body as { callSign: string; phoneConnected?: boolean }[]
      return listed.filter((t) => ['TRC-2', 'TRC-3', 'TRC-4', 'TRC-5'].includes(t.callSign)).every((t) => t.phoneConnected === true)
    }, 'the simulated phones to count as connected')
    phones!.stop()

    const r = await s.report({ category: 'homeless', location: NEAR_SAWANGAN_OFFICE })
    expect(r.status).toBe(201)
    const id = r.body.id as string
    const assigned = await s.incident(id)
    expect(assigned.status).toBe('assigned')
    const teamId = assigned.teamId!
    const before = (await s.team(teamId)).position!

    const seen: string[] = []
    for (let i = 0; i < 600 && (await s.incident(id)).status !== 'handed_over'; i++) {
      s.clock.advance(QUICK.tickMs)
      await phones!.tick()
      const status = (await s.incident(id)).status
      if (seen.at(-1) !== status) seen.push(status)
    }
    expect(seen).toEqual(['assigned', 'acknowledged', 'en_route', 'on_scene', 'transporting', 'handed_over'])

    const incident = await s.incident(id)
    const destination = (await s.call('GET', `/api/destinations/${incident.destinationId}`, { role: 'admin' })).body
    expect(destination.isExample).toBe(true) // demo shelters, not the city's real ones
    const after = (await s.team(teamId)).position!
    expect(Math.abs(after.lon - destination.location.lon) + Math.abs(after.lat - destination.location.lat)).toBeLessThan(0.001)
    expect(after.lon).not.toBe(before.lon)

    const timeline = (await s.call('GET', `/api/incidents/${id}/timeline`, { role: 'dispatcher' })).body as { type: string; actor: { kind: string; name?: string } }[]
    const byTeam = timeline.filter((e) => e.actor.kind === 'team')
    expect(byTeam.length).toBeGreaterThanOrEqual(5)
    for (const e of byTeam) expect(e.actor.name).toContain(SIMULATED_NAME)

    // Back at work after a rest.
    for (let i = 0; i < 20 && (await s.team(teamId)).status !== 'available'; i++) {
      s.clock.advance(QUICK.tickMs)
      await phones!.tick()
    }
    expect((await s.team(teamId)).status).toBe('available')
  })
})
