import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogEvent } from '@shared/events.js'
import { migrate } from '../server/db/migrate.js'
import { BACKENDS } from './support/backends.js'
import { handOver, pickedUp } from './support/pickup.js'
import { TEST_PASSWORD, near, startTestServer, type TestServer } from './support/server.js'

const DAY = 86_400_000
const NAME = 'Darmo Sukirman'
const NIK = '3276011708750001'

describe.each(BACKENDS)('the person in the event log on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend)
    // A city with the shortest period city.json allows: sign-in cookies may not expire more
    // than 400 days after the real time, so the clock is not moved five years ahead.
    s.app.deps.city.config.retention = { anonymiseAfterDays: 30 }
  })
  afterAll(async () => {
    await s?.close()
  })

  it('keeps the person out of the handover event, so after the retention period no read path names them', async () => {
    const teamId = (await s.createTeam('LOG-1', near(0))).id
    const rps = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'RPS Log', kind: 'rps', location: near(900), capacity: 10, accepts: ['homeless'] } })).body.id
    const incidentId = await pickedUp(s, teamId, 'homeless')
    const ho = (await handOver(s, teamId, incidentId, rps, { name: NAME, nik: NIK, features: 'tato jangkar' }, { notes: `${NAME} minta diantar pulang` })).body
    const [logged] = await s.db.sql`select after from events where type = 'handover.logged' and incident_id = ${incidentId}`
    expect(logged!.after).toMatchObject({ id: ho.id, personId: ho.personId, receivedBy: 'Petugas Rina' })
    expect(logged!.after.person).toBeUndefined()
    expect(JSON.stringify(logged)).not.toMatch(/Darmo|3276011708750001|jangkar/)
    // The handover itself still names the person, for those who may read it, until the period ends.
    expect((await s.call('GET', `/api/handovers/${ho.id}`, { role: 'dispatcher' })).body.person).toMatchObject({ name: NAME, nik: NIK })
    const stay = (await s.call('GET', `/api/people/${ho.personId}/stays`, { role: 'dispatcher' })).body[0]
    expect(
      (await s.call('POST', `/api/stays/${stay.id}/check-out`, { role: 'dispatcher', body: { outcome: 'released_to_family', family: { name: 'Sarmi', relationship: 'istri', address: 'Brebes' } } }))
        .status,
    ).toBe(200)
    expect((await s.call('POST', `/api/incidents/${incidentId}/transitions`, { role: 'dispatcher', body: { to: 'closed', disposition: 'handed_over' } })).status).toBe(200)

    s.clock.advance((s.app.deps.city.config.retention!.anonymiseAfterDays + 1) * DAY)
    expect(await s.app.services.people.anonymiseExpired()).toBe(1)

    // Sessions do not last days: sign in again.
    const login = await s.call('POST', '/api/auth/login', { body: { username: 'test-dispatcher', password: TEST_PASSWORD, issueToken: true } })
    expect(login.status, JSON.stringify(login.body)).toBe(200)
    const token = login.body.token as string
    const as = { headers: { Authorization: `Bearer ${token}` } }
    const names = /Darmo|Sukirman|3276011708750001|jangkar/
    const month = new Date(s.clock.now().getTime() - (s.app.deps.city.config.retention!.anonymiseAfterDays + 1) * DAY).toISOString().slice(0, 7)
    for (const path of [
      `/api/incidents/${incidentId}/timeline`,
      '/api/events?after=0',
      `/api/incidents/${incidentId}`,
      '/api/case-history?status=closed&limit=50',
      `/api/handovers/${ho.id}`,
      `/api/people/${ho.personId}`,
      `/api/reports/export?format=csv&from=${month}&to=${month}`,
    ]) {
      const r = await s.call('GET', path, as)
      expect(r.status, path).toBe(200)
      expect(JSON.stringify(r.body), path).not.toMatch(names)
    }
    // A socket that catches up from the start of the log.
    const sock = io(s.url, { auth: { token, lastSeq: 0 }, transports: ['websocket'], reconnection: false, forceNew: true })
    const events: LogEvent[] = []
    sock.on('log:event', (e) => events.push(e))
    await new Promise<void>((resolve) => sock.once('log:synced', () => resolve()))
    sock.disconnect()
    expect(events.some((e) => e.type === 'handover.logged' && e.incidentId === incidentId)).toBe(true)
    expect(JSON.stringify(events)).not.toMatch(names)
  })

  it('rewrites the handover events logged before, once, in the migration, and logs that it did', async () => {
    const { db, dispose } = await backend.open()
    try {
      // The database as it was before this migration (and the ones after it), with one handover logged the old way.
      await db.sql`delete from migrations where migration_id >= 10`
      await db.sql`delete from migration_checksums where name >= '00010_'`
      await db.sql`drop table person_photos` // 00011
      await db.sql`drop table stay_agreements`
      const old = { id: '11111111-1111-4111-8111-111111111111', person: { name: NAME, nik: NIK, sex: 'male', condition: 'lemah' }, receivedBy: 'Petugas Rina', notes: `${NAME} dari Brebes` }
      await db.sql`insert into events (at, type, actor, after) values (now(), 'handover.logged', ${db.sql.json({ kind: 'team', id: null })}, ${db.sql.json(old)})`
      await db.sql`insert into events (at, type, actor, after) values (now(), 'handover.logged', ${db.sql.json({ kind: 'team', id: null })}, ${db.sql.json({ id: '22222222-2222-4222-8222-222222222222', receivedBy: 'Petugas Ani' })})`

      await migrate(db.sql, { lockWithConnection: false })

      const rows = await db.sql`select type, after, data from events order by seq`
      expect(rows.map((r) => r.after?.receivedBy ?? null).filter(Boolean)).toEqual(['Petugas Rina', 'Petugas Ani'])
      expect(JSON.stringify(rows)).not.toMatch(/Darmo|3276011708750001|lemah|Brebes/)
      expect(rows.at(-1)).toMatchObject({ type: 'log.redacted', data: { eventType: 'handover.logged', fields: ['person', 'notes'], rows: 1, decision: '016' } })
      // The log is append-only again.
      await expect(db.sql`update events set data = null where type = 'log.redacted'`).rejects.toThrow(/append-only/)
    } finally {
      await dispose()
    }
  })
})
