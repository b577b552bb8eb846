import Papa from 'papaparse'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LogEvent } from '@shared/events.js'
import { BACKENDS, databasePerFile } from './support/backends.js'
import { collect, eventually, near, startTestServer, type TestServer } from './support/server.js'

// A real 1×1 JPEG.
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)

/** Cases a team finds on patrol and starts from its phone (issue #11 item 4, decision 015). */
describe.each(BACKENDS)('cases found on patrol on $name', (backend) => {
  let s: TestServer
  // One database for the file, emptied before each test (a new database per test cost seconds).
  const database = databasePerFile(backend)
  beforeEach(async () => {
    // Auto mode: a patrol case must still not be dispatched to anyone else.
    s = await startTestServer(backend, { ASSIGNMENT_MODE: 'auto' }, await database.fresh())
  })
  afterEach(async () => {
    await s?.close()
  })
  afterAll(async () => {
    await database.close()
  })

  const found = { category: 'elderly', location: { ...near(40), accuracyM: 8 }, locationSource: 'gps', description: 'Nenek di halte, bingung', answers: { badWeather: true } }
  const patrol = (teamId: string, body: unknown = found, headers?: Record<string, string>) => s.call('POST', '/api/incidents/patrol', { role: 'team', teamId, body, headers })
  const eventCount = async () => Number((await s.db.sql`select count(*)::int as n from events`)[0]!.n)

  it('creates the case on scene with the team that found it, and the console receives it live with its source', async () => {
    const team = await s.createTeam('PTR-1', near(30))
    // Another free team closer to the place: auto-dispatch must not give it the case.
    const other = await s.createTeam('PTR-2', near(39))
    const console_ = await s.socket({ role: 'dispatcher', lastSeq: 0 })
    const seen = collect(console_)
    await s.flush()

    const r = await patrol(team.id)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body).toMatchObject({ source: 'patrol', status: 'on_scene', teamId: team.id, category: 'elderly', priority: 'high', ackDeadline: null, reporter: null, locationSource: 'gps' })
    expect(r.body.area.kecamatan).toBe('Pancoran Mas')
    expect(r.body.times.onSceneAt).toBe(r.body.times.reportedAt)
    expect((await s.team(team.id)).status).toBe('on_scene')
    expect((await s.team(other.id)).status).toBe('available')

    const reported = await eventually(
      () => seen.find((e): e is Extract<LogEvent, { type: 'incident.reported' }> => e.type === 'incident.reported' && e.incidentId === r.body.id),
      'the patrol case on the console',
    )
    expect(reported.after).toMatchObject({ source: 'patrol', status: 'on_scene', teamId: team.id })
    expect(reported.actor).toMatchObject({ kind: 'team', id: team.id })
    expect(reported.data).toEqual({ to: 'on_scene' })
    // No offer and no acknowledgement deadline: the team made the case itself.
    const [assignment] = await s.db.sql`select * from assignments where incident_id = ${r.body.id}`
    expect(assignment).toMatchObject({ team_id: team.id, ack_deadline: null })
    expect(assignment!.acknowledged_at).not.toBeNull()
    expect(assignment!.delivered_at).not.toBeNull()
    expect(seen.filter((e) => e.incidentId === r.body.id).map((e) => e.type)).not.toContain('incident.assigned')

    // The team goes on with the normal steps, and the timeline says who started the case.
    const step = await s.call('POST', `/api/incidents/${r.body.id}/transitions`, { role: 'team', teamId: team.id, body: { to: 'transporting' } })
    expect(step.status, JSON.stringify(step.body)).toBe(200)
    const timeline = (await s.call('GET', `/api/incidents/${r.body.id}/timeline`, { role: 'dispatcher' })).body as LogEvent[]
    expect(timeline.map((e) => e.type)).toEqual(['incident.reported', 'incident.transitioned'])
    expect(timeline[0]).toMatchObject({ actor: { kind: 'team', id: team.id }, teamId: team.id })
  })

  it('refuses a second patrol case while the team holds one, and a team off duty, naming the reason', async () => {
    const team = await s.createTeam('PTR-3', near(30))
    const resting = await s.createTeam('PTR-4', near(30), { onDuty: false })
    await s.headersFor('team', resting.id) // signing in writes events of its own
    expect((await patrol(team.id)).status).toBe(201)
    const before = await eventCount()
    const again = await patrol(team.id, { ...found, category: 'homeless' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('conflict')
    expect(again.body.error.message).toMatch(/PTR-3 already holds open case/)

    const off = await patrol(resting.id)
    expect(off.status).toBe(409)
    expect(off.body.error.message).toMatch(/PTR-4 is off duty/)
    expect(await eventCount()).toBe(before)
    expect(Number((await s.db.sql`select count(*)::int as n from incidents`)[0]!.n)).toBe(1)
  })

  it('refuses a team that already holds a dispatched case', async () => {
    const team = await s.createTeam('PTR-5', near(100))
    const rep = await s.report({ location: near(0) })
    expect((await s.incident(rep.body.id)).teamId).toBe(team.id)
    const r = await patrol(team.id)
    expect(r.status).toBe(409)
    expect(r.body.error.message).toContain(rep.body.id)
  })

  it('is for team accounts only: a dispatcher, a viewer or a citizen cannot start a patrol case', async () => {
    const team = await s.createTeam('PTR-6', near(30))
    for (const role of ['dispatcher', 'viewer', 'call_taker', 'admin'] as const) {
      const r = await s.call('POST', '/api/incidents/patrol', { role, body: found })
      expect(r.status, role).toBe(403)
    }
    expect((await s.call('POST', '/api/incidents/patrol', { body: found })).status).toBe(401)
    expect((await s.team(team.id)).status).toBe('available')
    expect(Number((await s.db.sql`select count(*)::int as n from incidents`)[0]!.n)).toBe(0)
  })

  it('answers a retry with the same Idempotency-Key with the first case, never a second one', async () => {
    const team = await s.createTeam('PTR-7', near(30))
    const key = { 'Idempotency-Key': 'patrol-start-0001' }
    const first = await patrol(team.id, found, key)
    const retry = await patrol(team.id, found, key)
    expect(first.status).toBe(201)
    expect(retry.status).toBe(201)
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true')
    expect(retry.body.id).toBe(first.body.id)
    expect(Number((await s.db.sql`select count(*)::int as n from incidents`)[0]!.n)).toBe(1)
    expect(Number((await s.db.sql`select count(*)::int as n from events where type = 'incident.reported'`)[0]!.n)).toBe(1)
  })

  it('records a case started in a dead zone at the phone’s time, bounded like a step, with the time received in the log, once', async () => {
    const team = await s.createTeam('PTR-12', near(30))
    const freeSince = Date.parse((await s.team(team.id)).statusChangedAt)
    // Found 7 minutes ago in a dead zone; the outbox sends it now, and again (the answer was lost).
    s.clock.advance(20 * 60_000)
    const startedAt = new Date(s.clock.now().getTime() - 7 * 60_000).toISOString()
    const key = { 'Idempotency-Key': 'patrol-offline-0001' }
    const r = await patrol(team.id, { ...found, deviceTime: startedAt }, key)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.times).toMatchObject({ reportedAt: startedAt, assignedAt: startedAt, acknowledgedAt: startedAt, onSceneAt: startedAt })
    expect((await patrol(team.id, { ...found, deviceTime: startedAt }, key)).headers.get('Idempotent-Replayed')).toBe('true')
    const [reported] = await s.db.sql`select at, data from events where type = 'incident.reported' and incident_id = ${r.body.id}`
    expect(new Date(reported!.at).toISOString()).toBe(s.clock.now().toISOString())
    expect(reported!.data).toEqual({ to: 'on_scene', deviceTime: startedAt, deviceTimeAdjusted: false })
    const t = await s.team(team.id)
    expect(t).toMatchObject({ status: 'on_scene', statusChangedAt: startedAt })
    const [a] = await s.db.sql`select assigned_at, acknowledged_at from assignments where incident_id = ${r.body.id}`
    expect(new Date(a!.acknowledged_at).toISOString()).toBe(startedAt)

    // A phone clock far behind: not before the team was free and on duty; far ahead: not after it was received.
    const behind = await s.createTeam('PTR-13', near(-30))
    const behindSince = (await s.team(behind.id)).statusChangedAt
    const early = await patrol(behind.id, { ...found, deviceTime: new Date(freeSince - 3_600_000).toISOString() })
    expect(early.body.times.reportedAt).toBe(behindSince)
    const ahead = await s.createTeam('PTR-14', near(60))
    const late = await patrol(ahead.id, { ...found, deviceTime: new Date(s.clock.now().getTime() + 3_600_000).toISOString() })
    expect(late.body.times.reportedAt).toBe(s.clock.now().toISOString())
    const [moved] = await s.db.sql`select data from events where type = 'incident.reported' and incident_id = ${late.body.id}`
    expect(moved!.data.deviceTimeAdjusted).toBe(true)
    expect((await patrol(ahead.id, { ...found, deviceTime: 'kemarin' })).status).toBe(400)
  })

  it('applies the citizen report rules: a place outside the service area is refused, bad input names the field', async () => {
    const team = await s.createTeam('PTR-8', near(30))
    const outside = await patrol(team.id, { ...found, location: { lon: 106.5, lat: -6.9 } })
    expect(outside.status).toBe(422)
    expect(outside.body.error).toMatchObject({ code: 'outside_service_area', issues: [{ path: 'location' }] })
    const bad = await patrol(team.id, { ...found, category: 'dragon' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues[0].path).toBe('category')
    const noReporter = await patrol(team.id, { ...found, locationSource: 'address' })
    expect(noReporter.status).toBe(400)
    expect((await s.team(team.id)).status).toBe('available')
  })

  it('lets the team that found the person add a photo, and no other team', async () => {
    const team = await s.createTeam('PTR-9', near(30))
    const other = await s.createTeam('PTR-10', near(3000))
    const r = await patrol(team.id)
    const upload = async (teamId: string) =>
      fetch(`${s.url}/api/incidents/${r.body.id}/photo`, { method: 'POST', headers: { ...(await s.headersFor('team', teamId)), 'Content-Type': 'image/jpeg' }, body: JPEG })
    expect((await upload(team.id)).status).toBe(201)
    expect((await upload(other.id)).status).toBe(403)
    const photos = await s.call('GET', `/api/incidents/${r.body.id}/photos`, { role: 'dispatcher' })
    expect(photos.body).toHaveLength(1)
  })

  it('reports a patrol case under its own source, with scene, transport and total but no response time', async () => {
    s.clock.set('2026-10-10T02:00:00Z')
    const team = await s.createTeam('PTR-11', near(30))
    const dest = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'Rumah Singgah', kind: 'shelter', location: near(900), capacity: 9, accepts: ['elderly'] } })).body
    const r = await patrol(team.id)
    s.clock.advance(10 * 60_000)
    expect((await s.call('POST', `/api/incidents/${r.body.id}/transitions`, { role: 'team', teamId: team.id, body: { to: 'transporting', destinationId: dest.id } })).status).toBe(200)
    s.clock.advance(20 * 60_000)
    const h = await s.call('POST', '/api/handovers', {
      role: 'team',
      teamId: team.id,
      body: { incidentId: r.body.id, teamId: team.id, destinationId: dest.id, person: { condition: 'lemah' }, receivedBy: 'Bu Sri' },
    })
    expect(h.status, JSON.stringify(h.body)).toBe(201)
    // A citizen's case the same month, so the grouping has two rows.
    expect((await s.report({ location: near(-500) })).status).toBe(201)

    const rep = await s.call('GET', '/api/reports?from=2026-10&to=2026-10&groupBy=source', { role: 'viewer' })
    expect(rep.status, JSON.stringify(rep.body)).toBe(200)
    const row = rep.body.groups.find((g: any) => g.key === 'patrol')
    expect(row).toMatchObject({ received: 1, cases: 1, outcomes: { handed_over: 1 } })
    expect(row.intervals.scene).toMatchObject({ n: 1, p50S: 600 })
    expect(row.intervals.transport).toMatchObject({ n: 1, p50S: 1200 })
    expect(row.intervals.total).toMatchObject({ n: 1, p50S: 1800 })
    for (const i of ['processing', 'turnout', 'travel', 'response']) expect(row.intervals[i].n, i).toBe(0)
    expect(rep.body.groups.map((g: any) => g.key).sort()).toEqual(['citizen', 'patrol'])

    const csv = await s.call('GET', '/api/reports/export?format=csv&from=2026-10&to=2026-10&groupBy=source', { role: 'viewer' })
    expect(csv.status).toBe(200)
    const rows = Papa.parse<string[]>(csv.body as string).data
    expect(rows[0]![0]).toBe('Sumber laporan')
    expect(rows.map((x) => x[0])).toEqual(expect.arrayContaining(['Temuan patroli', 'Laporan warga']))
  })
})
