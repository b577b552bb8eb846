import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { pickedUp } from './support/pickup.js'
import { near, startTestServer, type TestServer } from './support/server.js'

describe.each(BACKENDS)('destinations ranked by fit on $name', (backend) => {
  let s: TestServer
  let teamId: string
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    s = await startTestServer(backend)
    teamId = (await s.createTeam('FIT-1', near(0))).id
    const all = ['homeless', 'sick', 'odgj', 'elderly', 'street_child', 'disability', 'other']
    // Hospitals nearest, the RPS and the panti further away: distance alone would send everyone to a hospital.
    for (const [name, kind, at, capacity] of [
      ['RS Dekat 1', 'hospital', near(200), null],
      ['RS Dekat 2', 'hospital', near(300), null],
      ['Puskesmas', 'puskesmas', near(400), null],
      ['RPS', 'rps', near(3000), 30],
      ['Panti Werdha', 'panti', near(4000), 20],
      ['Rumah Singgah', 'shelter', near(2500), 10],
    ] as const) {
      const r = await s.call('POST', '/api/destinations', { role: 'admin', body: { name, kind, location: at, capacity, accepts: all } })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      ids[name] = r.body.id
    }
  })
  afterAll(async () => {
    await s?.close()
  })

  let teams = 0
  /** A team of its own per case (a transporting team cannot take another). */
  const ranked = async (category: string) => {
    const team = teams++ === 0 ? teamId : (await s.createTeam(`FIT-${teams}`, near(0))).id
    const id = await pickedUp(s, team, category)
    const recs = (await s.call('GET', `/api/incidents/${id}/destinations`, { role: 'team', teamId: team })).body as any[]
    return recs.map((r) => r.destination.name)
  }

  it('offers a street child the RPS and a shelter before seven hospitals', async () => {
    expect((await ranked('street_child')).slice(0, 3)).toEqual(['RPS', 'Rumah Singgah', 'Panti Werdha'])
  })

  it('offers an elderly person a panti werdha, then the RPS, before a hospital', async () => {
    expect((await ranked('elderly')).slice(0, 2)).toEqual(['Panti Werdha', 'RPS'])
  })

  it('offers a sick person the nearest hospital, then the puskesmas', async () => {
    expect((await ranked('sick')).slice(0, 3)).toEqual(['RS Dekat 1', 'RS Dekat 2', 'Puskesmas'])
  })
})
