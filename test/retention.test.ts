import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { handOver, pickedUp } from './support/pickup.js'
import { eventually, near, startTestServer, type TestServer } from './support/server.js'

const DAY = 86_400_000

describe.each(BACKENDS)('anonymising closed person records after the retention period on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend)
  })
  afterAll(async () => {
    await s?.close()
  })

  const person = async (id: string) => (await s.db.sql`select name, aliases, nik, features, home_region, sex, birth_year, ppks, anonymised_at from people where id = ${id}`)[0]!

  it('clears names, NIK, features, family details and handover notes once city.json’s period has passed, and keeps open and recent records', async () => {
    const days = s.app.deps.city.config.retention!.anonymiseAfterDays
    const teamId = (await s.createTeam('RET-1', near(0))).id
    const rps = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'RPS Simpan', kind: 'rps', location: near(900), capacity: 10, accepts: ['homeless'] } })).body.id
    // Released to family: a closed record.
    const id1 = await pickedUp(s, teamId, 'homeless')
    const closed = (await handOver(s, teamId, id1, rps, { name: 'Darmo', nik: '3276011708750001', features: 'gigi ompong', homeRegion: 'Brebes' }, { notes: 'Darmo minta diantar ke Brebes' })).body
    const stay = (await s.call('GET', `/api/people/${closed.personId}/stays`, { role: 'dispatcher' })).body[0]
    await s.call('POST', `/api/stays/${stay.id}/check-out`, { role: 'dispatcher', body: { outcome: 'released_to_family', family: { name: 'Sarmi', relationship: 'istri', address: 'Brebes' } } })
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
    const photo = await fetch(`${s.url}/api/people/${closed.personId}/photos`, { method: 'POST', headers: await s.headersFor('dispatcher'), body: new Uint8Array(png) })
    expect(photo.status).toBe(201)
    // Still staying: never anonymised, however long.
    const id2 = await pickedUp(s, teamId, 'homeless')
    const staying = (await handOver(s, teamId, id2, rps, { name: 'Karso' })).body

    s.clock.advance((days - 1) * DAY)
    expect(await s.app.services.people.anonymiseExpired()).toBe(0)
    // A record created just now stays as it is.
    const recent = await s.app.services.people.create(
      { name: 'Baru', aliases: [], sex: 'male' },
      {
        who: { role: 'dispatcher', actor: { kind: 'dispatcher', id: null }, teamId: null, destinationId: null, userId: null, sessionId: null, via: null, csrfToken: null, expiresAt: null },
        requestId: null,
      },
    )
    s.clock.advance(2 * DAY)
    expect(await s.app.services.people.anonymiseExpired()).toBe(1)
    expect(await s.app.services.people.anonymiseExpired()).toBe(0)

    const gone = await person(closed.personId)
    expect(gone).toMatchObject({ name: null, aliases: [], nik: null, features: null, home_region: null, sex: 'male', birth_year: 1975, ppks: [11] })
    expect(gone.anonymised_at).not.toBeNull()
    const [h] = await s.db.sql`select person, notes from handovers where id = ${closed.id}`
    expect(JSON.stringify(h)).not.toMatch(/Darmo|Brebes|3276011708750001/)
    const [st] = await s.db.sql`select outcome, outcome_details from stays where id = ${stay.id}`
    expect(st).toMatchObject({ outcome: 'released_to_family', outcome_details: null })
    expect((await s.db.sql`select count(*)::int as n from person_photos where person_id = ${closed.personId}`)[0]!.n).toBe(0)
    expect((await person(staying.personId)).name).toBe('Karso')
    expect((await person(recent.id)).name).toBe('Baru')
    const evs = await s.db.sql`select data from events where type = 'person.updated' and data->>'personId' = ${closed.personId} order by seq`
    expect(evs.map((e) => e.data.fields)).toEqual([['photos'], ['anonymised']])
  })
})

describe.each(BACKENDS)('the retention job on its timer on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    // The sweep timer on (tests leave it off): the job must run by itself, not only when called.
    s = await startTestServer(backend, { SWEEP_INTERVAL_MS: 20 })
  })
  afterAll(async () => {
    await s?.close()
  })

  it('anonymises a record once the period has passed, without anyone calling the job', async () => {
    const days = s.app.deps.city.config.retention!.anonymiseAfterDays
    const p = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'Waginah', nik: '3276015708750002' } })).body
    const row = async () => (await s.db.sql`select name, nik, anonymised_at from people where id = ${p.id}`)[0]!
    expect(await row()).toMatchObject({ name: 'Waginah', anonymised_at: null })
    s.clock.advance((days + 1) * DAY)
    await eventually(async () => ((await row()).anonymised_at ? true : null), 'the hourly job to anonymise the record', 10_000)
    expect(await row()).toMatchObject({ name: null, nik: null })
  })
})
