import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { estimateArrival, type FacilityEta } from '@shared/eta.js'
import { BACKENDS } from './support/backends.js'
import { handOver } from './support/pickup.js'
import { eventually, near, startTestServer, type ClientSocket, type TestServer } from './support/server.js'

describe.each(BACKENDS)('the arrival estimate a facility sees on $name', (backend) => {
  let s: TestServer
  let rpsA: { id: string; location: { lon: number; lat: number } }
  let rpsB: { id: string; location: { lon: number; lat: number } }
  const dest = async (name: string, location: { lon: number; lat: number }) => {
    const r = await s.call('POST', '/api/destinations', { role: 'admin', body: { name, kind: 'rps', location, capacity: 10, accepts: ['homeless'] } })
    return { id: r.body.id as string, location }
  }
  const etas = (sock: ClientSocket) => {
    const list: FacilityEta[] = []
    sock.on('facility:eta', (e) => list.push(e))
    return list
  }
  /** A case the team is taking to `to` (the team chose it when it started transporting). */
  const transporting = async (teamId: string, to: string | null, at: { lon: number; lat: number }) => {
    const rep = await s.report({ category: 'homeless', location: at, description: 'by the station' })
    const id = rep.body.id as string
    if ((await s.incident(id)).teamId !== teamId) expect((await s.call('POST', `/api/incidents/${id}/assign`, { role: 'dispatcher', body: { teamId } })).status).toBe(200)
    for (const step of ['acknowledged', 'en_route', 'on_scene', ...(to ? ['transporting'] : [])]) {
      const r = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId, body: { to: step, ...(step === 'transporting' ? { destinationId: to } : {}) } })
      expect(r.status, `${step}: ${JSON.stringify(r.body)}`).toBe(200)
    }
    return id
  }
  const move = async (teamId: string, p: { lon: number; lat: number }) => {
    s.clock.advance(5_000)
    await s.postPosition(teamId, p)
  }

  beforeAll(async () => {
    s = await startTestServer(backend)
    rpsA = await dest('RPS Utara', near(6000))
    rpsB = await dest('RPS Selatan', near(-6000))
  })
  afterAll(async () => {
    await s?.close()
  })

  it('recomputes the estimate at each fix of a team transporting there, and only there', async () => {
    const toA = (await s.createTeam('ETA-1', near(0))).id
    const toB = (await s.createTeam('ETA-2', near(-1000, 3000))).id
    const notYet = (await s.createTeam('ETA-3', near(500, -3000))).id
    const caseA = await transporting(toA, rpsA.id, near(0))
    const caseB = await transporting(toB, rpsB.id, near(-1000, 3000))
    await transporting(notYet, null, near(500, -3000))

    // Over HTTP: the team, its distance and the estimate at the city's average speed.
    const speed = s.app.deps.city.config.eta.averageSpeedKmh
    const first = await s.call('GET', `/api/destinations/${rpsA.id}/incoming`, { role: 'facility', teamId: rpsA.id })
    expect(first.status).toBe(200)
    const expected = estimateArrival((await s.team(toA)).position!, rpsA.location, speed)
    expect(first.body).toEqual([expect.objectContaining({ incidentId: caseA, team: expect.objectContaining({ id: toA, callSign: 'ETA-1' }), distanceM: expected.distanceM, etaS: expected.etaS })])
    expect(expected.etaS).toBeGreaterThan(900) // about 6 km at 20 km/h: some 18 minutes

    const staffA = await s.socket({ role: 'facility', teamId: rpsA.id })
    const staffB = await s.socket({ role: 'facility', teamId: rpsB.id })
    const atA = etas(staffA)
    const atB = etas(staffB)

    // The team not yet transporting and the one going to B move first; then the one coming to A.
    await move(notYet, near(800, -3000))
    await move(toB, near(-2000, 3000))
    await eventually(() => atB.length > 0, 'RPS Selatan to hear its team move')
    await move(toA, near(3000))
    await eventually(() => atA.length > 0, 'RPS Utara to hear its team move')
    expect(atA.map((e) => e.incidentId)).toEqual([caseA])
    expect(atB.map((e) => e.incidentId)).toEqual([caseB])
    const closer = estimateArrival(near(3000), rpsA.location, speed)
    expect(atA[0]).toMatchObject({ teamId: toA, distanceM: closer.distanceM, etaS: closer.etaS })
    expect(atA[0]!.etaS).toBeLessThan(expected.etaS)

    // The next fix moves the estimate again.
    await move(toA, near(5500))
    await eventually(() => atA.length > 1, 'a second estimate')
    expect(atA[1]!.etaS).toBe(estimateArrival(near(5500), rpsA.location, speed).etaS)
    expect(atA[1]!.etaS).toBeLessThan(atA[0]!.etaS)

    // Once handed over the team is no longer on its way: its fixes stop reaching the facility.
    expect((await handOver(s, toA, caseA, rpsA.id, { name: 'Pak Eta', sex: 'male' })).status).toBe(201)
    await move(toA, near(6000, 10))
    const later = await s.createTeam('ETA-4', near(-500))
    const caseLater = await transporting(later.id, rpsA.id, near(-500))
    await move(later.id, near(-400))
    await eventually(() => atA.some((e) => e.incidentId === caseLater), 'the next team coming to RPS Utara')
    expect(atA.filter((e) => e.teamId === toA)).toHaveLength(2)
  })
})
