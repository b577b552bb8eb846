import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { handOver, pickedUp } from './support/pickup.js'
import { near, startTestServer, type TestServer } from './support/server.js'

describe.each(BACKENDS)('recognising a returning person on $name', (backend) => {
  let s: TestServer
  let teamId: string
  let rps: string
  let panti: string
  let firstPersonId: string
  beforeAll(async () => {
    s = await startTestServer(backend)
    teamId = (await s.createTeam('RET-1', near(0))).id
    const dest = async (name: string, kind: string) =>
      (await s.call('POST', '/api/destinations', { role: 'admin', body: { name, kind, location: near(900), capacity: 20, accepts: ['homeless', 'elderly'] } })).body.id as string
    rps = await dest('RPS Ulang', 'rps')
    panti = await dest('Panti Sosial Ulang', 'panti')
    // The first time: picked up, stayed at the RPS, released to family.
    const id = await pickedUp(s, teamId, 'homeless')
    const ho = await handOver(s, teamId, id, rps, { name: 'Sutrisno', sex: 'male', approxAge: 50, features: 'tato jangkar di lengan kanan' })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
    firstPersonId = ho.body.personId
    const stay = (await s.call('GET', `/api/people/${firstPersonId}/stays`, { role: 'dispatcher' })).body[0]
    const out = await s.call('POST', `/api/stays/${stay.id}/check-out`, {
      role: 'dispatcher',
      body: { outcome: 'released_to_family', family: { name: 'Bu Tris', relationship: 'istri', address: 'Jl. Melati 1, Cimanggis' } },
    })
    expect(out.status, JSON.stringify(out.body)).toBe(200)
    // Someone else entirely, to be left out.
    await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'Wahyuni', sex: 'female', approxAge: 30 } })
  })
  afterAll(async () => {
    await s?.close()
  })

  it('finds the earlier record from a misspelt name and a different age guess, and recommends a panti by the city’s rule', async () => {
    const r = await s.call('POST', '/api/people/matches', { role: 'dispatcher', body: { name: 'Sutrisna', sex: 'male', approxAge: 46 } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toHaveLength(1)
    expect(r.body[0]).toMatchObject({
      personId: firstPersonId,
      person: { id: firstPersonId, name: 'Sutrisno', features: 'tato jangkar di lengan kanan' },
      reasons: ['name', 'sex', 'age'],
      pickups: 1,
      lastOutcome: 'released_to_family',
      recommendation: { destinationKind: 'panti' },
    })
    expect(r.body[0].score).toBeGreaterThan(0.5)
    // The other sex and a far-off age push the same name below the line.
    const unlikely = await s.call('POST', '/api/people/matches', { role: 'dispatcher', body: { name: 'Sutrisna', sex: 'female', approxAge: 15 } })
    expect(unlikely.body).toEqual([])
  })

  it('tells a team holding a case that a likely earlier record exists, why, and the city’s rule, but not who it is', async () => {
    const nik = '3276012505700003'
    const known = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'Karsono', aliases: ['Pak Kar'], nik, sex: 'male', homeRegion: 'Brebes', features: 'bekas luka di dahi' } }))
      .body
    const id = await pickedUp(s, teamId, 'homeless')
    const [where] = await s.db.sql`select i.lon, i.lat from handovers h join incidents i on i.id = h.incident_id where h.person_id = ${firstPersonId}`
    const byName = await s.call('POST', '/api/people/matches', {
      role: 'team',
      teamId,
      body: { name: 'Sutrisna', sex: 'male', approxAge: 46, location: { lon: Number(where!.lon), lat: Number(where!.lat) + 0.001 } },
    })
    const byNik = await s.call('POST', '/api/people/matches', { role: 'team', teamId, body: { nik } })
    // The team is free again before anything below can fail (the later tests pick up with it).
    expect((await handOver(s, teamId, id, rps, { name: 'Orang Lain' })).status).toBe(201)
    expect(byName.status, JSON.stringify(byName.body)).toBe(200)
    // Exactly the hint: the id to confirm the match with at the handover, the score, why, the rule.
    expect(byName.body).toEqual([
      { personId: firstPersonId, score: expect.any(Number), reasons: ['name', 'sex', 'age', 'nearby'], recommendation: { destinationKind: 'panti', because: expect.any(String) } },
    ])
    expect(byNik.body).toEqual([{ personId: known.id, score: 1, reasons: ['nik'], recommendation: null }])
    for (const said of ['Sutrisno', 'jangkar', 'Bu Tris', 'Cimanggis', 'Karsono', 'Pak Kar', 'Brebes', 'dahi']) {
      expect(JSON.stringify([byName.body, byNik.body])).not.toContain(said)
    }
    // The same questions from a dispatcher get the records whole.
    const dispatcher = await s.call('POST', '/api/people/matches', { role: 'dispatcher', body: { nik } })
    expect(dispatcher.body[0].person).toMatchObject({ name: 'Karsono', nik, features: 'bekas luka di dahi' })
    // What the team was shown is still logged as its look-up of those people.
    const log = await s.db.sql`select role, action from access_log where record_type = 'person' and ${firstPersonId} = any(record_ids) and action = 'match'`
    expect(log.map((x) => x.role)).toContain('team')
  })

  it('shows facility staff the whole record only of people who are or were at their facility', async () => {
    const atRps = await s.call('POST', '/api/people/matches', { role: 'facility', teamId: rps, body: { name: 'Sutrisna' } })
    expect(atRps.status, JSON.stringify(atRps.body)).toBe(200)
    expect(atRps.body[0]).toMatchObject({ personId: firstPersonId, person: { name: 'Sutrisno' }, lastOutcome: 'released_to_family' })
    const elsewhere = await s.call('POST', '/api/people/matches', { role: 'facility', teamId: panti, body: { name: 'Wahyuno' } })
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(200)
    expect(elsewhere.body).toEqual([{ personId: expect.any(String), score: expect.any(Number), reasons: ['name'], recommendation: null }])
    expect(JSON.stringify(elsewhere.body)).not.toContain('Wahyuni')
  })

  it('puts the same NIK first whatever the name', async () => {
    const p = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'Bejo', nik: '3276011708750001' } })).body
    const r = await s.call('POST', '/api/people/matches', { role: 'dispatcher', body: { name: 'Tidak Tahu', nik: '3276011708750001' } })
    expect(r.body[0]).toMatchObject({ person: { id: p.id }, score: 1, reasons: ['nik'] })
  })

  it('asks for a reason to take a returning person anywhere but a panti, then keeps it with the handover', async () => {
    const id = await pickedUp(s, teamId, 'homeless')
    const toRps = await handOver(s, teamId, id, rps, { name: 'Sutrisna' }, { personId: firstPersonId })
    expect(toRps.status).toBe(409)
    expect(toRps.body.error.issues[0].path).toBe('ruleOverrideReason')
    expect((await s.incident(id)).status).toBe('transporting')
    const withReason = await handOver(s, teamId, id, rps, { name: 'Sutrisna' }, { personId: firstPersonId, ruleOverrideReason: 'panti penuh malam ini; dirujuk besok pagi' })
    expect(withReason.status, JSON.stringify(withReason.body)).toBe(201)
    expect(withReason.body).toMatchObject({ personId: firstPersonId, ruleOverrideReason: 'panti penuh malam ini; dirujuk besok pagi' })
    const history = (await s.call('GET', `/api/people/${firstPersonId}/stays`, { role: 'dispatcher' })).body as any[]
    expect(history.map((h) => h.outcome)).toEqual([null, 'released_to_family'])
  })

  it('takes a returning person to a panti without asking', async () => {
    const p = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'Paijo' } })).body
    const first = (await s.call('POST', '/api/stays', { role: 'dispatcher', body: { personId: p.id, destinationId: rps } })).body
    await s.call('POST', `/api/stays/${first.id}/check-out`, { role: 'dispatcher', body: { outcome: 'released_to_family', family: { name: 'Pak Jo', relationship: 'kakak', address: 'Beji' } } })
    const id = await pickedUp(s, teamId, 'homeless')
    const ho = await handOver(s, teamId, id, panti, {}, { personId: p.id })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
  })
})
