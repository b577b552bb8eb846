import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { handOver, pickedUp } from './support/pickup.js'
import { collect, eventually, near, startTestServer, type TestServer } from './support/server.js'

describe.each(BACKENDS)('a receiving facility on $name', (backend) => {
  let s: TestServer
  let teamId: string
  let rpsA: string
  let rpsB: string
  const dest = async (name: string) =>
    (await s.call('POST', '/api/destinations', { role: 'admin', body: { name, kind: 'rps', location: near(1500), capacity: 10, accepts: ['homeless', 'elderly'] } })).body.id as string
  beforeAll(async () => {
    s = await startTestServer(backend)
    teamId = (await s.createTeam('FAC-1', near(0))).id
    rpsA = await dest('RPS A')
    rpsB = await dest('RPS B')
  })
  afterAll(async () => {
    await s?.close()
  })

  it('sees a case coming live, with the team and its distance, then confirms receiving the person', async () => {
    const staff = await s.socket({ role: 'facility', teamId: rpsA })
    const seen = collect(staff)
    const rep = await s.report({ category: 'homeless', location: near(300, 300), reporter: { name: 'Pak Pelapor', phone: '081299998888' } })
    const id = rep.body.id as string
    for (const to of ['acknowledged', 'en_route']) expect((await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId, body: { to } })).status).toBe(200)
    // The destination is chosen when transporting starts, not before.
    const early = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId, body: { to: 'on_scene', destinationId: rpsA } })
    expect(early.status).toBe(400)
    expect(early.body.error.issues[0].path).toBe('destinationId')
    expect((await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId, body: { to: 'on_scene' } })).status).toBe(200)
    const go = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId, body: { to: 'transporting', destinationId: rpsA } })
    expect(go.status, JSON.stringify(go.body)).toBe(200)
    expect(go.body.destinationId).toBe(rpsA)
    await s.flush()
    const coming = await eventually(() => seen.find((e) => e.type === 'incident.transitioned' && e.incidentId === id && e.after.status === 'transporting'), 'the facility to hear the case coming')
    expect(JSON.stringify(coming)).not.toMatch(/Pelapor|08129999/)

    const incoming = await s.call('GET', `/api/destinations/${rpsA}/incoming`, { role: 'facility', teamId: rpsA })
    expect(incoming.status).toBe(200)
    expect(incoming.body).toHaveLength(1)
    expect(incoming.body[0]).toMatchObject({ incidentId: id, status: 'transporting', team: { callSign: 'FAC-1' }, handover: null })
    expect(incoming.body[0].distanceM).toBeGreaterThan(1000)
    expect((await s.call('GET', `/api/destinations/${rpsA}/incoming`, { role: 'facility', teamId: rpsB })).status).toBe(403)

    const ho = await handOver(s, teamId, id, rpsA, { name: 'Pak Tono', sex: 'male' })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
    await s.flush()
    await eventually(() => seen.find((e) => e.type === 'handover.logged' && e.incidentId === id), 'the facility to hear of the handover')
    const waiting = (await s.call('GET', `/api/destinations/${rpsA}/incoming`, { role: 'facility', teamId: rpsA })).body
    expect(waiting[0]).toMatchObject({ incidentId: id, status: 'handed_over', handover: { id: ho.body.id, personName: 'Pak Tono', receiptConfirmedAt: null } })

    expect((await s.call('POST', `/api/handovers/${ho.body.id}/receipt`, { role: 'facility', teamId: rpsB })).status).toBe(403)
    const ok = await s.call('POST', `/api/handovers/${ho.body.id}/receipt`, { role: 'facility', teamId: rpsA })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ok.body.receiptConfirmedAt).toBe(s.clock.now().toISOString())
    expect((await s.call('POST', `/api/handovers/${ho.body.id}/receipt`, { role: 'facility', teamId: rpsA })).status).toBe(409)
    expect((await s.call('GET', `/api/destinations/${rpsA}/incoming`, { role: 'facility', teamId: rpsA })).body).toEqual([])
  })

  it('shows facility staff only their own facility’s people, stays and events', async () => {
    const other = await s.socket({ role: 'facility', teamId: rpsB })
    const seenByB = collect(other)
    const id = await pickedUp(s, teamId, 'homeless')
    const ho = await handOver(s, teamId, id, rpsA, { name: 'Ibu Ningsih', sex: 'female' })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
    const personId = ho.body.personId as string

    const mine = await s.call('GET', `/api/destinations/${rpsA}/residents`, { role: 'facility', teamId: rpsA })
    expect(mine.status).toBe(200)
    const resident = mine.body.find((r: any) => r.person.id === personId)
    expect(resident.person.name).toBe('Ibu Ningsih')
    expect((await s.call('GET', `/api/people/${personId}`, { role: 'facility', teamId: rpsA })).status).toBe(200)

    // Staff of RPS B: nothing of RPS A's people.
    for (const [method, path, body] of [
      ['GET', `/api/destinations/${rpsA}/residents`],
      ['GET', `/api/people/${personId}`],
      ['GET', `/api/people/${personId}/stays`],
      ['PATCH', `/api/people/${personId}`, { name: 'X' }],
      ['GET', `/api/stays/${resident.stay.id}`],
      ['POST', `/api/stays/${resident.stay.id}/check-out`, { outcome: 'left' }],
      ['POST', '/api/stays', { personId, destinationId: rpsA }],
      ['POST', `/api/destinations/${rpsA}/occupancy-adjustments`, { delta: 1, reason: 'not mine' }],
      ['GET', '/api/people?q=Ningsih'],
    ] as const) {
      const r = await s.call(method, path, { role: 'facility', teamId: rpsB, body })
      expect(r.status, `${method} ${path}`).toBe(403)
    }
    const counts = (await s.call('GET', '/api/stays/counts', { role: 'facility', teamId: rpsB })).body
    expect(counts.open.every((c: any) => c.destinationId === rpsB)).toBe(true)
    await s.flush()
    expect(JSON.stringify(seenByB)).not.toContain(personId)
    expect(seenByB.filter((e) => e.destinationId === rpsA)).toEqual([])

    // RPS A's staff check the person out.
    const out = await s.call('POST', `/api/stays/${resident.stay.id}/check-out`, { role: 'facility', teamId: rpsA, body: { outcome: 'returned_home_region', homeRegion: 'Kabupaten Garut' } })
    expect(out.status, JSON.stringify(out.body)).toBe(200)
    const log = await s.db.sql`select role, action from access_log where record_type = 'person' and ${personId} = any(record_ids)`
    expect(log.map((r) => `${r.role}:${r.action}`)).toEqual(expect.arrayContaining(['facility:residents', 'facility:read']))
  })
})
