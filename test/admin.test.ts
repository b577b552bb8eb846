import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { LogEvent } from '@shared/events.js'
import { BACKENDS } from './support/backends.js'
import { collect, near, startTestServer, TEST_PASSWORD, type TestServer } from './support/server.js'

/**
 * The admin screens' API (issue #10, item 1): accounts, teams, destinations, each change an
 * event written in the change's own transaction, bad input a 4xx naming the field.
 */
describe.each(BACKENDS)('admin changes on $name', (backend) => {
  let s: TestServer
  let mark = 0
  beforeAll(async () => {
    s = await startTestServer(backend)
    await s.headersFor('admin')
    await s.headersFor('dispatcher')
  })
  afterAll(async () => {
    await s?.close()
  })
  beforeEach(async () => {
    mark = await lastSeq()
  })

  const lastSeq = async () => Number((await s.db.sql`select coalesce(max(seq), 0) as n from events`)[0]!.n)
  /** The events logged since the test began, as the log holds them. */
  const logged = async (): Promise<Array<LogEvent & { rawAt: Date }>> =>
    (await s.db.sql`select * from events where seq > ${mark} order by seq`).map((r) => ({
      seq: Number(r.seq),
      at: new Date(r.at).toISOString(),
      rawAt: new Date(r.at),
      type: r.type,
      actor: r.actor,
      incidentId: r.incident_id,
      teamId: r.team_id,
      destinationId: r.destination_id,
      before: r.before,
      after: r.after,
      data: r.data,
    })) as never
  const types = async () => (await logged()).map((e) => e.type)
  const signIn = async (username: string, password = TEST_PASSWORD) => {
    const r = await s.call('POST', '/api/auth/login', { body: { username, password, issueToken: true } })
    return { status: r.status, headers: { Authorization: `Bearer ${r.body?.token}` } }
  }
  const issuePaths = (body: any): string[] => (body?.error?.issues ?? []).map((i: { path: string }) => i.path)
  const createAccount = async (username: string, role = 'dispatcher', extra: Record<string, unknown> = {}) => {
    const r = await s.call('POST', '/api/users', { role: 'admin', body: { username, displayName: `Pak ${username}`, role, password: TEST_PASSWORD, ...extra } })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body as { id: string; username: string }
  }

  describe('accounts', () => {
    it('creates an account and logs account.created with the admin as actor and no password in it', async () => {
      const r = await s.call('POST', '/api/users', { role: 'admin', body: { username: 'rina.k', displayName: 'Rina Kurnia', role: 'call_taker', password: TEST_PASSWORD } })
      expect(r.status).toBe(201)
      expect(r.body).toMatchObject({ username: 'rina.k', displayName: 'Rina Kurnia', role: 'call_taker', teamId: null, disabled: false })
      const [e, ...rest] = await logged()
      expect(rest).toEqual([])
      expect(e).toMatchObject({ type: 'account.created', actor: { kind: 'admin', userId: await s.userIdOf('admin') }, after: { id: r.body.id, username: 'rina.k', role: 'call_taker' } })
      expect(JSON.stringify(e)).not.toMatch(/scrypt|password|correct horse/i)
      expect((await signIn('rina.k')).status).toBe(200)
    })

    it('refuses bad accounts with 400 or 409 naming the field, and logs nothing', async () => {
      const bad = async (body: Record<string, unknown>) =>
        s.call('POST', '/api/users', { role: 'admin', body: { username: 'ok.name', displayName: 'Ok', role: 'viewer', password: TEST_PASSWORD, ...body } })
      expect(issuePaths((await bad({ username: 'Bad Name!' })).body)).toContain('username')
      expect(issuePaths((await bad({ password: 'short' })).body)).toContain('password')
      expect(issuePaths((await bad({ role: 'superuser' })).body)).toContain('role')
      const noTeam = await bad({ role: 'team' })
      expect(noTeam.status).toBe(400)
      expect(issuePaths(noTeam.body)).toContain('teamId')
      await createAccount('taken')
      mark = await lastSeq()
      const dup = await bad({ username: 'taken' })
      expect(dup.status).toBe(409)
      expect(issuePaths(dup.body)).toEqual(['username'])
      expect(await types()).toEqual([])
    })

    it('refuses every account change to a non-admin with 403', async () => {
      const target = await createAccount('someone')
      mark = await lastSeq()
      expect((await s.call('GET', '/api/users', { role: 'dispatcher' })).status).toBe(403)
      expect((await s.call('POST', '/api/users', { role: 'dispatcher', body: { username: 'x.y', displayName: 'X', role: 'admin', password: TEST_PASSWORD } })).status).toBe(403)
      expect((await s.call('PATCH', `/api/users/${target.id}`, { role: 'dispatcher', body: { role: 'admin' } })).status).toBe(403)
      expect((await s.call('PATCH', `/api/users/${target.id}`, { body: { disabled: true } })).status).toBe(401)
      expect(await types()).toEqual([])
    })

    it('changes a role: logs account.role_changed and ends the account’s sessions, so it signs in again with the new rights', async () => {
      const user = await createAccount('anton', 'dispatcher')
      const session = await signIn('anton')
      mark = await lastSeq()
      const r = await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { role: 'viewer' } })
      expect(r.status).toBe(200)
      expect(r.body.role).toBe('viewer')
      const events = await logged()
      expect(events.map((e) => e.type)).toEqual(['account.role_changed'])
      expect(events[0]).toMatchObject({ before: { role: 'dispatcher' }, after: { role: 'viewer' }, data: { from: 'dispatcher', to: 'viewer' } })
      expect((await s.call('GET', '/api/auth/me', { headers: session.headers })).status).toBe(401)
      const again = await signIn('anton')
      expect((await s.call('GET', '/api/auth/me', { headers: again.headers })).body.user.role).toBe('viewer')
    })

    it('makes an account a team member only with a team that exists', async () => {
      const team = await s.createTeam('ADM-T1', null)
      const user = await createAccount('tono', 'viewer')
      mark = await lastSeq()
      const noTeam = await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { role: 'team' } })
      expect(noTeam.status).toBe(400)
      expect(issuePaths(noTeam.body)).toEqual(['teamId'])
      const wrongRole = await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { teamId: team.id } })
      expect(issuePaths(wrongRole.body)).toEqual(['teamId'])
      expect((await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { role: 'team', teamId: '00000000-0000-4000-8000-000000000000' } })).status).toBe(404)
      expect(issuePaths((await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { teamId: 'not-a-uuid' } })).body)).toEqual(['teamId'])
      expect(await types()).toEqual([])
      const ok = await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { role: 'team', teamId: team.id } })
      expect(ok.body).toMatchObject({ role: 'team', teamId: team.id })
      expect(await types()).toEqual(['account.role_changed'])
      // Moving a member to another team ends their session too: the phone belongs to the old team.
      const session = await signIn('tono')
      const other = await s.createTeam('ADM-T2', null)
      mark = await lastSeq()
      const moved = await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { teamId: other.id } })
      expect(moved.body).toMatchObject({ role: 'team', teamId: other.id })
      expect((await s.call('GET', '/api/auth/me', { headers: session.headers })).status).toBe(401)
      const back = await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { role: 'viewer' } })
      expect(back.body).toMatchObject({ role: 'viewer', teamId: null })
      const events = await logged()
      expect(events.map((e) => e.type)).toEqual(['account.updated', 'account.role_changed'])
      expect(events[0]).toMatchObject({ data: { fields: ['teamId'] }, before: { teamId: team.id }, after: { teamId: other.id } })
    })

    it('makes an account facility staff only with a destination that exists, never a 500, and a move ends the session', async () => {
      const [rps, panti] = await Promise.all(
        ['RPS Uji', 'Panti Uji'].map(
          async (name, i) =>
            (await s.call('POST', '/api/destinations', { role: 'admin', body: { name, kind: i === 0 ? 'rps' : 'panti', location: near(300 * i, 300), capacity: 10, accepts: ['homeless'] } })).body as {
              id: string
            },
        ),
      )
      const user = await createAccount('fitri', 'viewer')
      mark = await lastSeq()
      // The database also insists (a facility account without a destination breaks a check constraint): a 400, not a 500.
      const none = await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { role: 'facility' } })
      expect(none.status).toBe(400)
      expect(issuePaths(none.body)).toEqual(['destinationId'])
      expect(issuePaths((await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { destinationId: rps!.id } })).body)).toEqual(['destinationId'])
      expect((await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { role: 'facility', destinationId: '00000000-0000-4000-8000-000000000000' } })).status).toBe(404)
      expect(await types()).toEqual([])
      const ok = await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { role: 'facility', destinationId: rps!.id } })
      expect(ok.body).toMatchObject({ role: 'facility', destinationId: rps!.id })
      const session = await signIn('fitri')
      mark = await lastSeq()
      const moved = await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { destinationId: panti!.id } })
      expect(moved.body).toMatchObject({ role: 'facility', destinationId: panti!.id })
      expect((await s.call('GET', '/api/auth/me', { headers: session.headers })).status).toBe(401)
      expect((await logged()).map((e) => [e.type, e.data])).toEqual([['account.updated', { fields: ['destinationId'] }]])
      const back = await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { role: 'viewer' } })
      expect(back.body).toMatchObject({ role: 'viewer', destinationId: null })
    })

    it('disables and enables an account with an event each; the disabled account’s session ends', async () => {
      const user = await createAccount('dedi')
      const session = await signIn('dedi')
      mark = await lastSeq()
      expect((await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { disabled: true } })).body.disabled).toBe(true)
      expect((await s.call('GET', '/api/incidents', { headers: session.headers })).status).toBe(401)
      expect((await signIn('dedi')).status).toBe(401)
      expect((await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { disabled: true } })).status).toBe(200)
      expect((await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { disabled: false } })).body.disabled).toBe(false)
      expect((await signIn('dedi')).status).toBe(200)
      // Disabling twice changes nothing the second time, and logs nothing.
      expect(await types()).toEqual(['account.disabled', 'account.enabled'])
    })

    it('resets a password: account.password_reset without the hash; old sessions and the old password stop working', async () => {
      const user = await createAccount('wulan')
      const session = await signIn('wulan')
      mark = await lastSeq()
      const r = await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { password: 'a new long password' } })
      expect(r.status).toBe(200)
      const events = await logged()
      expect(events.map((e) => e.type)).toEqual(['account.password_reset'])
      expect(JSON.stringify(events[0])).not.toMatch(/scrypt|hash|a new long password/i)
      expect((await s.call('GET', '/api/auth/me', { headers: session.headers })).status).toBe(401)
      expect((await signIn('wulan')).status).toBe(401)
      expect((await signIn('wulan', 'a new long password')).status).toBe(200)
      expect(issuePaths((await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { password: 'short' } })).body)).toEqual(['password'])
    })

    it('renames an account as account.updated, and refuses to demote or disable the admin’s own account', async () => {
      const user = await createAccount('sri')
      mark = await lastSeq()
      expect((await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { displayName: 'Sri Lestari' } })).body.displayName).toBe('Sri Lestari')
      const me = await s.userIdOf('admin')
      expect((await s.call('PATCH', `/api/users/${me}`, { role: 'admin', body: { role: 'viewer' } })).status).toBe(409)
      expect((await s.call('PATCH', `/api/users/${me}`, { role: 'admin', body: { disabled: true } })).status).toBe(409)
      const events = await logged()
      expect(events.map((e) => e.type)).toEqual(['account.updated'])
      expect(events[0]).toMatchObject({ data: { fields: ['displayName'] }, before: { displayName: 'Pak sri' }, after: { displayName: 'Sri Lestari' } })
    })

    it('keeps account events off every live feed', async () => {
      const sock = await s.socket({ role: 'dispatcher' })
      const seen = collect(sock)
      await createAccount('hidden')
      const team = await s.createTeam('ADM-LIVE', null)
      await s.flush()
      await expect.poll(() => seen.some((e) => e.type === 'team.created' && e.teamId === team.id)).toBe(true)
      expect(seen.filter((e) => e.type.startsWith('account.'))).toEqual([])
    })
  })

  describe('teams', () => {
    it('creates a team with members and a base, and edits them with team.updated', async () => {
      const base = { name: 'Pos Damkar Pancoran Mas', ...near(50) }
      const created = await s.call('POST', '/api/teams', { role: 'admin', body: { callSign: 'TRC-9', name: 'Tim Sembilan', members: ['Budi', 'Sari – 0812 1111'], base } })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ callSign: 'TRC-9', members: ['Budi', 'Sari – 0812 1111'], base, status: 'off_duty' })
      const r = await s.call('PATCH', `/api/teams/${created.body.id}`, { role: 'admin', body: { callSign: 'TRC-09', members: ['Budi', 'Sari', 'Joko'], base: null } })
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({ callSign: 'TRC-09', name: 'Tim Sembilan', members: ['Budi', 'Sari', 'Joko'], base: null })
      expect(await s.team(created.body.id)).toMatchObject({ callSign: 'TRC-09', members: ['Budi', 'Sari', 'Joko'], base: null })
      const events = await logged()
      expect(events.map((e) => e.type)).toEqual(['team.created', 'team.updated'])
      expect(events[1]).toMatchObject({ teamId: created.body.id, before: { callSign: 'TRC-9', base }, after: { callSign: 'TRC-09', base: null }, data: { fields: ['base', 'callSign', 'members'] } })
    })

    it('refuses bad team changes naming the field, a taken call sign with 409, and non-admins with 403', async () => {
      const a = await s.createTeam('ADM-A', null)
      await s.createTeam('ADM-B', null)
      mark = await lastSeq()
      const patch = (body: unknown, role: 'admin' | 'dispatcher' = 'admin', id = a.id) => s.call('PATCH', `/api/teams/${id}`, { role, body })
      expect(issuePaths((await patch({ base: { name: 'Pos', lon: 106.8, lat: 200 } })).body)).toEqual(['base.lat'])
      expect(issuePaths((await patch({ members: ['ok', ''] })).body)).toEqual(['members.1'])
      expect(issuePaths((await patch({ callSign: '' })).body)).toEqual(['callSign'])
      const taken = await patch({ callSign: 'ADM-B' })
      expect(taken.status).toBe(409)
      expect(issuePaths(taken.body)).toEqual(['callSign'])
      expect((await patch({ name: 'x' }, 'dispatcher')).status).toBe(403)
      expect((await patch({ name: 'x' }, 'admin', '00000000-0000-4000-8000-000000000000')).status).toBe(404)
      expect(issuePaths((await s.call('POST', '/api/teams', { role: 'admin', body: { callSign: 'ADM-C', name: 'C', base: { name: 'Pos' } } })).body)).toEqual(['base.lon', 'base.lat'])
      expect(await types()).toEqual([])
    })
  })

  describe('destinations', () => {
    const CSV = [
      'name,kind,lon,lat,address,capacity,occupancy,accepts,opening_hours,contact',
      'RPS Margonda,rps,106.8231,-6.3811,Jl. Margonda Raya 1,30,2,homeless;odgj,24h,021-777',
      '"Panti Werdha Kasih, Depok",Panti,"106,8100",-6.4000,,15,,Elderly,08:00-16:00,',
    ].join('\n')

    it('imports a CSV in one transaction: a destination.created per row and one destination.imported', async () => {
      const r = await s.call('POST', '/api/destinations/import', { role: 'admin', body: { format: 'csv', content: CSV } })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      expect(r.body.count).toBe(2)
      expect(r.body.destinations).toMatchObject([
        { name: 'RPS Margonda', kind: 'rps', location: { lon: 106.8231, lat: -6.3811 }, capacity: 30, occupancy: 2, accepts: ['homeless', 'odgj'], contact: '021-777', isExample: false },
        { name: 'Panti Werdha Kasih, Depok', kind: 'panti', location: { lon: 106.81, lat: -6.4 }, capacity: 15, occupancy: 0, accepts: ['elderly'], openingHours: '08:00-16:00', address: null },
      ])
      const events = await logged()
      expect(events.map((e) => e.type)).toEqual(['destination.created', 'destination.created', 'destination.imported'])
      expect(events[2]!.data).toMatchObject({ format: 'csv', count: 2, destinationIds: r.body.destinations.map((d: { id: string }) => d.id) })
      // One transaction: one commit time for the rows' events and the import's.
      expect(new Set(events.map((e) => e.rawAt.getTime())).size).toBe(1)
    })

    it('refuses a CSV with bad rows with 400 naming each row and column, and writes nothing', async () => {
      const before = Number((await s.db.sql`select count(*)::int as n from destinations`)[0]!.n)
      const content = [
        'Name,Kind,Lon,Lat,Capacity,Accepts',
        'Good Shelter,shelter,106.8,-6.4,10,homeless',
        'Bad Kind,castle,106.8,-6.4,10,homeless',
        'Bad Capacity,shelter,106.8,-6.4,-3,homeless',
        ',shelter,106.8,north,10,unicorns',
      ].join('\r\n')
      const r = await s.call('POST', '/api/destinations/import', { role: 'admin', body: { format: 'csv', content } })
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('validation_failed')
      expect(issuePaths(r.body).sort()).toEqual(['rows.3.kind', 'rows.4.capacity', 'rows.5.accepts.0', 'rows.5.lat', 'rows.5.name'].sort())
      expect(r.body.error.message).toMatch(/rows\.3\.kind/)
      expect(Number((await s.db.sql`select count(*)::int as n from destinations`)[0]!.n)).toBe(before)
      expect(await types()).toEqual([])
    })

    it('names missing columns, ragged rows and a capacity exceeded by the occupancy', async () => {
      const post = (content: string) => s.call('POST', '/api/destinations/import', { role: 'admin', body: { format: 'csv', content } })
      expect(issuePaths((await post('name,lon,lat,accepts\nX,106.8,-6.4,sick')).body)).toEqual(['columns.kind'])
      expect(issuePaths((await post('name,kind,lon,lat,accepts\nX,shelter,106.8,-6.4,sick,extra')).body)).toContain('rows.2')
      expect(issuePaths((await post('name,kind,lon,lat,accepts,capacity,occupancy\nX,shelter,106.8,-6.4,sick,2,5')).body)).toEqual(['rows.2.occupancy'])
      expect(issuePaths((await post('name,kind,lon,lat,accepts\n')).body)).toEqual(['content'])
      expect(issuePaths((await s.call('POST', '/api/destinations/import', { role: 'admin', body: { format: 'xlsx', content: 'x' } })).body)).toEqual(['format'])
      expect(await types()).toEqual([])
    })

    it('imports GeoJSON points, names a feature that is not a point, and checks without writing on a dry run', async () => {
      const feature = (name: string, geometry: unknown) => ({ type: 'Feature', geometry, properties: { Name: name, kind: 'shelter', accepts: ['homeless', 'street_child'], capacity: 12 } })
      const good = { type: 'FeatureCollection', features: [feature('Rumah Singgah Beji', { type: 'Point', coordinates: [106.82, -6.37] })] }
      const dry = await s.call('POST', '/api/destinations/import', { role: 'admin', body: { format: 'geojson', content: JSON.stringify(good), dryRun: true } })
      expect(dry.status).toBe(200)
      expect(dry.body).toMatchObject({ dryRun: true, count: 1, destinations: [{ name: 'Rumah Singgah Beji', location: { lon: 106.82, lat: -6.37 }, accepts: ['homeless', 'street_child'] }] })
      expect(await types()).toEqual([])
      const bad = { ...good, features: [...good.features, feature('Area', { type: 'Polygon', coordinates: [] })] }
      expect(issuePaths((await s.call('POST', '/api/destinations/import', { role: 'admin', body: { format: 'geojson', content: JSON.stringify(bad) } })).body)).toEqual(['features.1.geometry'])
      expect(issuePaths((await s.call('POST', '/api/destinations/import', { role: 'admin', body: { format: 'geojson', content: '{not json' } })).body)).toEqual(['content'])
      expect(await types()).toEqual([])
      const r = await s.call('POST', '/api/destinations/import', { role: 'admin', body: { format: 'geojson', content: JSON.stringify(good) } })
      expect(r.status).toBe(201)
      expect(await types()).toEqual(['destination.created', 'destination.imported'])
    })

    it('refuses imports and withdrawing examples to non-admins', async () => {
      expect((await s.call('POST', '/api/destinations/import', { role: 'dispatcher', body: { format: 'csv', content: CSV } })).status).toBe(403)
      expect((await s.call('POST', '/api/destinations/replace-examples', { role: 'dispatcher' })).status).toBe(403)
      expect((await s.call('POST', '/api/destinations/import', { body: { format: 'csv', content: CSV } })).status).toBe(401)
      expect(await types()).toEqual([])
    })
  })
})

describe.each(BACKENDS)('replacing the example shelters on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend)
    await s.headersFor('dispatcher')
  })
  afterAll(async () => {
    await s?.close()
  })

  it('refuses while no real shelter exists, then withdraws every example with a destination.updated each', async () => {
    const add = (name: string, isExample: boolean, kind = 'shelter') =>
      s.call('POST', '/api/destinations', { role: 'admin', body: { name, kind, location: near(0), accepts: ['homeless'], capacity: 10, isExample } })
    const ex1 = (await add('CONTOH Rumah Singgah A', true)).body
    const ex2 = (await add('CONTOH Rumah Singgah B', true)).body
    await add('RSUD Depok', false, 'hospital')
    const start = Number((await s.db.sql`select coalesce(max(seq), 0) as n from events`)[0]!.n)
    const early = await s.call('POST', '/api/destinations/replace-examples', { role: 'admin' })
    expect(early.status).toBe(409)
    expect(early.body.error.message).toMatch(/shelter/)
    const real = (await add('Rumah Singgah Dinsos', false)).body
    const r = await s.call('POST', '/api/destinations/replace-examples', { role: 'admin' })
    expect(r.status).toBe(200)
    expect(r.body.withdrawn.map((d: { id: string }) => d.id).sort()).toEqual([ex1.id, ex2.id].sort())
    const offered = (await s.call('GET', '/api/destinations', { role: 'dispatcher' })).body.map((d: { id: string }) => d.id)
    expect(offered).toContain(real.id)
    expect(offered).not.toContain(ex1.id)
    const all = (await s.call('GET', '/api/destinations?all=true', { role: 'admin' })).body
    expect(all.find((d: { id: string }) => d.id === ex1.id)).toMatchObject({ isExample: true, active: false })
    const events = await s.db.sql`select type, destination_id, data from events where seq > ${start} order by seq`
    expect(events.map((e) => [e.type, e.destination_id, e.data?.reason ?? null])).toEqual([
      ['destination.created', real.id, null],
      ['destination.updated', ex1.id, 'examples_replaced'],
      ['destination.updated', ex2.id, 'examples_replaced'],
    ])
    // Again: nothing left to withdraw, nothing logged.
    expect((await s.call('POST', '/api/destinations/replace-examples', { role: 'admin' })).body.withdrawn).toEqual([])
  })
})
