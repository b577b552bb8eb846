import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { handOver, pickedUp } from './support/pickup.js'
import { near, startTestServer, type TestServer } from './support/server.js'

describe.each(BACKENDS)('people on $name', (backend) => {
  let s: TestServer
  let teamId: string
  let hospitalId: string
  beforeAll(async () => {
    s = await startTestServer(backend)
    teamId = (await s.createTeam('PPL-1', near(0))).id
    hospitalId = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'RSUD Uji', kind: 'hospital', location: near(500), accepts: ['homeless', 'elderly', 'sick'] } })).body.id
  })
  afterAll(async () => {
    await s?.close()
  })

  const accessRows = async (personId: string) =>
    (await s.db.sql`select role, action from access_log where record_type = 'person' and ${personId} = any(record_ids) order by id`).map((r) => `${r.role}:${r.action}`)

  it('creates a person at the handover, classified by the city’s PPKS mapping for the incident category', async () => {
    const id = await pickedUp(s, teamId, 'elderly')
    const ho = await handOver(s, teamId, id, hospitalId, { name: 'Mbah Karto', sex: 'male', approxAge: 75, features: 'scar on the left cheek' })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
    expect(ho.body.personId).toMatch(/^[0-9a-f-]{36}$/)
    const person = await s.call('GET', `/api/people/${ho.body.personId}`, { role: 'dispatcher' })
    expect(person.status).toBe(200)
    // city.json ppks.byCategory.elderly = [8] Lanjut Usia Terlantar.
    expect(person.body).toMatchObject({
      name: 'Mbah Karto',
      sex: 'male',
      ppks: [8],
      birthYear: s.clock.now().getUTCFullYear() - 75,
      birthYearEstimated: true,
      features: 'scar on the left cheek',
      nik: null,
    })
    expect(await accessRows(ho.body.personId)).toEqual(['dispatcher:read'])
    // A hospital does not report occupancy: unknown, not "no limit" and not a count of handovers.
    const hospital = (await s.call('GET', `/api/destinations/${hospitalId}`, { role: 'dispatcher' })).body
    expect(hospital).toMatchObject({ occupancy: null, free: null })
  })

  it('takes sex and birth year from a NIK of the right shape, and refuses one of the wrong shape naming person.nik', async () => {
    const id = await pickedUp(s, teamId, 'homeless')
    const bad = await handOver(s, teamId, id, hospitalId, { nik: '3276013002800001' }) // 30 February
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues[0].path).toBe('person.nik')
    expect(bad.body.error.message).toMatch(/birth date/)
    const badRegion = await handOver(s, teamId, id, hospitalId, { nik: '9976011708750001' })
    expect(badRegion.status).toBe(400)
    expect(badRegion.body.error.issues[0].path).toBe('person.nik')
    // Nothing was written by the refused handovers.
    expect((await s.incident(id)).status).toBe('transporting')

    const ok = await handOver(s, teamId, id, hospitalId, { nik: '3276015708750002' })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    const person = (await s.call('GET', `/api/people/${ok.body.personId}`, { role: 'admin' })).body
    expect(person).toMatchObject({ nik: '3276015708750002', sex: 'female', birthYear: 1975, birthYearEstimated: false, ppks: [11] })
  })

  it('links a second handover to a person picked from the records instead of creating another', async () => {
    const first = await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'Asep', aliases: ['Asep Gondrong'], sex: 'male', ppks: [11, 12] } })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const id = await pickedUp(s, teamId, 'homeless')
    const before = Number((await s.db.sql`select count(*)::int as n from people`)[0]!.n)
    const ho = await handOver(s, teamId, id, hospitalId, {}, { personId: first.body.id })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
    expect(ho.body.personId).toBe(first.body.id)
    expect(Number((await s.db.sql`select count(*)::int as n from people`)[0]!.n)).toBe(before)
    const found = await s.call('GET', '/api/people?q=gondrong', { role: 'dispatcher' })
    expect(found.body.map((p: any) => p.id)).toContain(first.body.id)
    expect(await accessRows(first.body.id)).toContain('dispatcher:search')
  })

  it('refuses PPKS numbers outside the national list, naming the field', async () => {
    const r = await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'X', ppks: [11, 27] } })
    expect(r.status).toBe(400)
    expect(r.body.error.issues[0].path).toBe('ppks.1')
    const list = await s.call('GET', '/api/people/ppks', { role: 'dispatcher' })
    expect(list.body).toHaveLength(26)
    expect(list.body[10]).toEqual({ no: 11, nameId: 'Gelandangan', nameEn: 'Homeless person (vagrant)' })
  })

  it('corrects a record, turning a guessed age into an estimated birth year, and logs only ids', async () => {
    const p = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'Ujang' } })).body
    const r = await s.call('PATCH', `/api/people/${p.id}`, { role: 'dispatcher', body: { approxAge: 14, homeRegion: 'Kabupaten Bogor', ppks: [4] } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({ birthYear: s.clock.now().getUTCFullYear() - 14, birthYearEstimated: true, homeRegion: 'Kabupaten Bogor', ppks: [4] })
    const events = await s.db.sql`select type, data, before, after from events where type like 'person.%' and data->>'personId' = ${p.id} order by seq`
    expect(events.map((e) => e.type)).toEqual(['person.created', 'person.updated'])
    expect(JSON.stringify(events)).not.toMatch(/Ujang|Bogor/)
  })

  it('keeps person records from call-takers, teams and viewers', async () => {
    const p = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'Rahasia' } })).body
    for (const role of ['call_taker', 'viewer'] as const) {
      expect((await s.call('GET', `/api/people/${p.id}`, { role })).status).toBe(403)
      expect((await s.call('GET', '/api/people?q=Rahasia', { role })).status).toBe(403)
    }
    expect((await s.call('GET', `/api/people/${p.id}`, { role: 'team', teamId })).status).toBe(403)
  })

  it('keeps photos of a person, judged by their bytes, served never-cached only to those who may read the person, every read logged', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
    const p = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'Berfoto', features: 'topi merah' } })).body
    const put = (body: Buffer, role: 'dispatcher' | 'team' | 'viewer' | 'facility' = 'dispatcher', bound?: string) =>
      s.headersFor(role, bound).then((h) => fetch(`${s.url}/api/people/${p.id}/photos`, { method: 'POST', headers: { ...h, 'content-type': 'application/octet-stream' }, body: new Uint8Array(body) }))
    const added = await put(png)
    expect(added.status, await added.clone().text()).toBe(201)
    const photo = (await added.json()) as any
    expect(photo).toMatchObject({ personId: p.id, contentType: 'image/png', size: png.length })
    const fake = await put(Buffer.from('<svg onload=alert(1)>'))
    expect(fake.status).toBe(400)
    expect(((await fake.json()) as any).error.issues[0].path).toBe('photo')
    expect((await s.call('GET', `/api/people/${p.id}/photos`, { role: 'dispatcher' })).body).toEqual([photo])
    const file = await fetch(`${s.url}/api/people/${p.id}/photos/${photo.id}`, { headers: await s.headersFor('dispatcher') })
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('image/png')
    expect(file.headers.get('cache-control')).toBe('private, no-store')
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true)
    expect(await accessRows(p.id)).toEqual(expect.arrayContaining(['dispatcher:photos', 'dispatcher:photo']))
    // Not for teams, viewers or a facility the person never stayed at.
    expect((await put(png, 'team', teamId)).status).toBe(403)
    expect((await put(png, 'viewer')).status).toBe(403)
    const shelter = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'Shelter Foto', kind: 'shelter', location: near(500), capacity: 5, accepts: ['homeless'] } })).body.id
    expect((await put(png, 'facility', shelter)).status).toBe(403)
    for (const role of ['team', 'viewer', 'call_taker'] as const) {
      expect((await s.call('GET', `/api/people/${p.id}/photos/${photo.id}`, { role, teamId: role === 'team' ? teamId : undefined })).status, role).toBe(403)
    }
    expect((await s.call('GET', `/api/people/${p.id}/photos/${photo.id}`, { role: 'facility', teamId: shelter })).status).toBe(403)
    // A handful to recognise someone, not an album.
    for (let i = 1; i < 5; i++) expect((await put(png)).status).toBe(201)
    expect((await put(png)).status).toBe(409)
  })
})
