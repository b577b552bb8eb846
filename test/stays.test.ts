import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BACKENDS, databasePerFile } from './support/backends.js'
import { handOver, pickedUp } from './support/pickup.js'
import { TEST_PASSWORD, collect, eventually, near, startTestServer, type TestServer } from './support/server.js'

const DAY = 86_400_000

describe.each(BACKENDS)('stays on $name', (backend) => {
  let s: TestServer
  let teamId: string
  const dest = async (name: string, kind: string, capacity: number | null, occupancy = 0) => {
    const r = await s.call('POST', '/api/destinations', { role: 'admin', body: { name, kind, location: near(800), capacity, occupancy, accepts: ['homeless', 'street_child', 'elderly', 'sick'] } })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body as { id: string; occupancy: number | null }
  }
  const occupancy = async (id: string) => (await s.call('GET', `/api/destinations/${id}`, { role: 'dispatcher' })).body.occupancy as number | null
  /** The stored figure must always be the open stays plus the adjustments. */
  const counted = async (id: string) => {
    const [row] = await s.db.sql`select
      (select count(*)::int from stays where destination_id = ${id} and checked_out_at is null) as open,
      (select coalesce(sum(delta), 0)::int from occupancy_adjustments where destination_id = ${id}) as adjusted`
    return row!.open + row!.adjusted
  }
  /** A fresh team position, so the team is assignable after the clock moved. */
  const refresh = () => s.postPosition(teamId, near(0))

  // A server per test (moving the clock by days ends every session), on one database for the
  // file, emptied before each test (a new database per test cost seconds).
  const database = databasePerFile(backend)
  afterAll(async () => {
    await database.close()
  })
  beforeEach(async () => {
    s = await startTestServer(backend, {}, await database.fresh())
    teamId = (await s.createTeam('STAY-1', near(0))).id
  })
  afterEach(async () => {
    await s?.close()
  })

  it('follows a person from the street to the RPS, warns on day 4 and after day 5, and releases them to family', async () => {
    const rps = await dest('RPS Uji', 'rps', 3, 1)
    expect(rps.occupancy).toBe(1)
    const dispatcher = await s.socket({ role: 'dispatcher', lastSeq: 0 })
    const seen = collect(dispatcher)

    await refresh()
    const id = await pickedUp(s, teamId, 'street_child')
    const ho = await handOver(s, teamId, id, rps.id, { name: 'Dimas', sex: 'male', approxAge: 12 })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
    expect(await occupancy(rps.id)).toBe(2)
    const residents = (await s.call('GET', `/api/destinations/${rps.id}/residents`, { role: 'dispatcher' })).body as any[]
    expect(residents).toHaveLength(1)
    expect(residents[0].person).toMatchObject({ name: 'Dimas', ppks: [4] })
    expect(residents[0].stay).toMatchObject({ handoverId: ho.body.id, daysStayed: 0, alert: 'none' })
    const stayId = residents[0].stay.id as string

    // city.json: an RPS stay lasts at most 5 days; the warning comes a day before.
    // Sessions last less than days: sign in again after each move of the clock.
    const tokenFor = async () => (await s.call('POST', '/api/auth/login', { body: { username: 'test-dispatcher', password: TEST_PASSWORD, issueToken: true } })).body.token as string
    const asDispatcher = async (method: string, path: string, body?: unknown) => s.call(method, path, { headers: { Authorization: `Bearer ${await tokenFor()}` }, body })
    s.clock.advance(4 * DAY - 60_000)
    expect(await s.app.services.stays.sweep()).toBe(0)
    s.clock.advance(60_000)
    expect(await s.app.services.stays.sweep()).toBe(1)
    expect(await s.app.services.stays.sweep()).toBe(0)
    let stay = (await asDispatcher('GET', `/api/stays/${stayId}`)).body
    expect(stay).toMatchObject({ daysStayed: 4, alert: 'due_soon' })
    s.clock.advance(DAY)
    expect(await s.app.services.stays.sweep()).toBe(1)
    stay = (await asDispatcher('GET', `/api/stays/${stayId}`)).body
    expect(stay).toMatchObject({ daysStayed: 5, alert: 'overdue' })
    await s.flush()
    const alerts = await eventually(() => {
      const a = seen.filter((e) => e.type === 'stay.alerted' && e.data.stayId === stayId)
      return a.length === 2 ? a : null
    }, 'both stay alerts on the dispatcher socket')
    expect(alerts.map((e) => (e.type === 'stay.alerted' ? e.data.alert : null))).toEqual(['due_soon', 'overdue'])

    const noFamily = await asDispatcher('POST', `/api/stays/${stayId}/check-out`, { outcome: 'released_to_family' })
    expect(noFamily.status).toBe(400)
    expect(noFamily.body.error.issues[0].path).toBe('family')
    const out = await asDispatcher('POST', `/api/stays/${stayId}/check-out`, {
      outcome: 'released_to_family',
      family: { name: 'Ibu Sumarni', relationship: 'ibu', nik: '3276015708750002', address: 'Jl. Mawar 3, Beji', phone: '081234567890' },
    })
    expect(out.status, JSON.stringify(out.body)).toBe(200)
    expect(out.body).toMatchObject({ outcome: 'released_to_family', daysStayed: 5, alert: 'none', outcomeDetails: { family: { name: 'Ibu Sumarni', relationship: 'ibu' } } })
    expect((await asDispatcher('GET', `/api/destinations/${rps.id}`)).body.occupancy).toBe(1)
    expect(await counted(rps.id)).toBe(1)
    const again = await asDispatcher('POST', `/api/stays/${stayId}/check-out`, { outcome: 'left' })
    expect(again.status).toBe(409)
    // The family's details stay in the stay record, out of the append-only log.
    expect(JSON.stringify(await s.db.sql`select data from events where type like 'stay.%'`)).not.toMatch(/Sumarni|Mawar/)
  })

  it('lists the stays due soon and overdue for the dispatch console, live and on opening it', async () => {
    const rps = await dest('RPS Alert', 'rps', 10)
    const shelter = await dest('Shelter Tanpa Batas', 'shelter', 10)
    const now = s.clock.now().getTime()
    const stayFor = async (name: string, destinationId: string, daysAgo: number) => {
      const person = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name, sex: 'female' } })).body
      const r = await s.call('POST', '/api/stays', { role: 'dispatcher', body: { personId: person.id, destinationId, checkedInAt: new Date(now - daysAgo * DAY).toISOString() } })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      return r.body.id as string
    }
    const dueSoon = await stayFor('Ibu Dewi', rps.id, 4.5)
    const overdue = await stayFor('Ibu Sari', rps.id, 6)
    await stayFor('Ibu Baru', rps.id, 1)
    await stayFor('Ibu Lama', shelter.id, 30) // shelters have no maximum (city.json)

    const dispatcher = await s.socket({ role: 'dispatcher' })
    const seen = collect(dispatcher)
    expect(await s.app.services.stays.sweep()).toBe(2)
    await s.flush()
    const live = await eventually(() => {
      const a = seen.filter((e) => e.type === 'stay.alerted')
      return a.length === 2 ? a : null
    }, 'both alerts on the dispatcher socket')
    expect(live.map((e) => (e.type === 'stay.alerted' ? [e.data.stayId, e.data.alert] : null))).toEqual(
      expect.arrayContaining([
        [dueSoon, 'due_soon'],
        [overdue, 'overdue'],
      ]),
    )

    // A console opened later reads the same list.
    const list = await s.call('GET', '/api/stays/alerts', { role: 'dispatcher' })
    expect(list.status).toBe(200)
    expect(list.body.map((a: any) => [a.personName, a.destinationName, a.stay.alert])).toEqual([
      ['Ibu Sari', 'RPS Alert', 'overdue'],
      ['Ibu Dewi', 'RPS Alert', 'due_soon'],
    ])
    const logged = await s.db.sql`select role, action from access_log where record_type = 'person' and action = 'stay-alerts'`
    expect(logged.map((r) => r.role)).toEqual(['dispatcher'])
    for (const role of ['viewer', 'call_taker', 'team', 'facility'] as const) {
      expect((await s.call('GET', '/api/stays/alerts', { role, teamId: role === 'team' ? teamId : role === 'facility' ? rps.id : undefined })).status, role).toBe(403)
    }

    // Checked out: off the list.
    expect((await s.call('POST', `/api/stays/${overdue}/check-out`, { role: 'dispatcher', body: { outcome: 'left' } })).status).toBe(200)
    expect((await s.call('GET', '/api/stays/alerts', { role: 'admin' })).body.map((a: any) => a.stay.id)).toEqual([dueSoon])
  })

  it('refers a person to a panti with the letter, opening the stay there, and transfers between shelters', async () => {
    const rps = await dest('RPS Rujuk', 'rps', 10)
    const panti = await dest('Panti Werdha Uji', 'panti', 20, 5)
    const shelter = await dest('Rumah Singgah Uji', 'shelter', 4)
    await refresh()
    const id = await pickedUp(s, teamId, 'elderly')
    const ho = await handOver(s, teamId, id, rps.id, { name: 'Mbah Sarni', sex: 'female' })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
    const stayId = (await s.call('GET', `/api/people/${ho.body.personId}/stays`, { role: 'dispatcher' })).body[0].id
    const badDate = await s.call('POST', `/api/stays/${stayId}/check-out`, {
      role: 'dispatcher',
      body: { outcome: 'referred_to_panti', destinationId: panti.id, letterNumber: '460/123/Dinsos', letterDate: '2026-02-30' },
    })
    expect(badDate.status).toBe(400)
    expect(badDate.body.error.issues[0].path).toBe('letterDate')
    // Which panti: one on record or its name; a shelter on record is not one.
    const noPanti = await s.call('POST', `/api/stays/${stayId}/check-out`, { role: 'dispatcher', body: { outcome: 'referred_to_panti', letterNumber: '460/123/Dinsos', letterDate: '2026-01-05' } })
    expect(noPanti.status, JSON.stringify(noPanti.body)).toBe(400)
    expect(noPanti.body.error.issues[0].path).toBe('pantiName')
    const notPanti = await s.call('POST', `/api/stays/${stayId}/check-out`, {
      role: 'dispatcher',
      body: { outcome: 'referred_to_panti', destinationId: shelter.id, letterNumber: '460/123/Dinsos', letterDate: '2026-01-05' },
    })
    expect(notPanti.status, JSON.stringify(notPanti.body)).toBe(400)
    expect(notPanti.body.error.issues[0].path).toBe('destinationId')
    expect(await occupancy(shelter.id)).toBe(0)
    const ref = await s.call('POST', `/api/stays/${stayId}/check-out`, {
      role: 'dispatcher',
      body: { outcome: 'referred_to_panti', destinationId: panti.id, letterNumber: '460/123/Dinsos', letterDate: '2026-01-05' },
    })
    expect(ref.status, JSON.stringify(ref.body)).toBe(200)
    expect(ref.body.outcomeDetails).toMatchObject({ letterNumber: '460/123/Dinsos', letterDate: '2026-01-05', destinationId: panti.id })
    expect([await occupancy(rps.id), await occupancy(panti.id)]).toEqual([0, 6])
    const history = (await s.call('GET', `/api/people/${ho.body.personId}/stays`, { role: 'dispatcher' })).body as any[]
    expect(history.map((h) => [h.destinationId, h.outcome])).toEqual([
      [panti.id, null],
      [rps.id, 'referred_to_panti'],
    ])
    const moved = await s.call('POST', `/api/stays/${history[0].id}/check-out`, { role: 'dispatcher', body: { outcome: 'transferred', destinationId: shelter.id } })
    expect(moved.status, JSON.stringify(moved.body)).toBe(200)
    expect([await occupancy(panti.id), await occupancy(shelter.id)]).toEqual([5, 1])
    for (const d of [rps, panti, shelter]) expect(await counted(d.id)).toBe(await occupancy(d.id))
  })

  it('refuses a full shelter unless overridden with a reason, and counts manual adjustments with their reason', async () => {
    const small = await dest('Shelter Kecil', 'shelter', 1)
    const a = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'A' } })).body
    const b = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'B' } })).body
    expect((await s.call('POST', '/api/stays', { role: 'dispatcher', body: { personId: a.id, destinationId: small.id } })).status).toBe(201)
    const twice = await s.call('POST', '/api/stays', { role: 'dispatcher', body: { personId: a.id, destinationId: small.id } })
    expect(twice.status).toBe(409)
    const full = await s.call('POST', '/api/stays', { role: 'dispatcher', body: { personId: b.id, destinationId: small.id } })
    expect(full.status).toBe(409)
    expect(full.body.error.code).toBe('destination_full')
    const noReason = await s.call('POST', '/api/stays', { role: 'dispatcher', body: { personId: b.id, destinationId: small.id, overrideCapacity: true } })
    expect(noReason.status).toBe(400)
    expect(noReason.body.error.issues[0].path).toBe('overrideReason')
    const over = await s.call('POST', '/api/stays', { role: 'dispatcher', body: { personId: b.id, destinationId: small.id, overrideCapacity: true, overrideReason: 'heavy rain tonight' } })
    expect(over.status, JSON.stringify(over.body)).toBe(201)
    expect(await occupancy(small.id)).toBe(2)

    const adj = await s.call('POST', `/api/destinations/${small.id}/occupancy-adjustments`, { role: 'dispatcher', body: { delta: 2, reason: 'two walk-ins registered on paper' } })
    expect(adj.status, JSON.stringify(adj.body)).toBe(201)
    expect(adj.body.occupancy).toBe(4)
    const below = await s.call('POST', `/api/destinations/${small.id}/occupancy-adjustments`, { role: 'dispatcher', body: { delta: -5, reason: 'miscount' } })
    expect(below.status).toBe(400)
    expect(below.body.error.issues[0].path).toBe('delta')
    const patchNoReason = await s.call('PATCH', `/api/destinations/${small.id}`, { role: 'admin', body: { capacity: 10, occupancy: 3 } })
    expect(patchNoReason.status).toBe(400)
    expect(patchNoReason.body.error.issues[0].path).toBe('occupancyReason')
    const patched = await s.call('PATCH', `/api/destinations/${small.id}`, { role: 'admin', body: { capacity: 10, occupancy: 3, occupancyReason: 'head count at 20:00' } })
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    expect(patched.body).toMatchObject({ occupancy: 3, free: 7 })
    expect(await counted(small.id)).toBe(3)
    const reasons = await s.db.sql`select delta, reason from occupancy_adjustments where destination_id = ${small.id} order by id`
    expect(reasons.map((r) => [r.delta, r.reason])).toEqual([
      [2, 'two walk-ins registered on paper'],
      [-1, 'head count at 20:00'],
    ])
    // Hospitals: occupancy is unknown and cannot be adjusted.
    const hospital = await dest('RS Uji', 'hospital', null)
    expect(hospital.occupancy).toBeNull()
    expect((await s.call('POST', `/api/destinations/${hospital.id}/occupancy-adjustments`, { role: 'dispatcher', body: { delta: 1, reason: 'counted' } })).status).toBe(409)
  })

  it('shows viewers counts of stays, never who stays where', async () => {
    const viewer = await s.socket({ role: 'viewer' })
    const seen = collect(viewer)
    const shelter = await dest('Shelter Hitung', 'shelter', 5)
    const p = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'Cahyo' } })).body
    const stay = (await s.call('POST', '/api/stays', { role: 'dispatcher', body: { personId: p.id, destinationId: shelter.id } })).body
    const counts = await s.call('GET', '/api/stays/counts', { role: 'viewer' })
    expect(counts.status).toBe(200)
    expect(counts.body.open).toContainEqual({ destinationId: shelter.id, n: 1 })
    expect((await s.call('GET', `/api/stays/${stay.id}`, { role: 'viewer' })).status).toBe(403)
    expect((await s.call('GET', `/api/destinations/${shelter.id}/residents`, { role: 'viewer' })).status).toBe(403)
    await s.flush()
    const ev = await eventually(() => seen.find((e) => e.type === 'stay.checked_in' && e.data.stayId === stay.id), 'the redacted check-in on the viewer socket')
    expect(ev.type === 'stay.checked_in' && ev.data.personId).toBeNull()
    expect(JSON.stringify(seen)).not.toContain(p.id)
  })
})
