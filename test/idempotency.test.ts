import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { near, startTestServer, type TestServer } from './support/server.js'

describe.each(BACKENDS)('retried requests on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend)
  })
  afterAll(async () => {
    await s?.close()
  })

  const count = async (table: 'incidents' | 'events' | 'handovers') => Number((await s.db.sql`select count(*)::int as n from ${s.db.sql(table)}`)[0]!.n)

  it('never creates a second incident or event for a retried report, even when the retries race', async () => {
    const key = { 'Idempotency-Key': 'phone-report-0001' }
    const body = { location: near(20), description: 'same report, sent three times' }
    const first = await s.report(body, key)
    expect(first.status).toBe(201)
    const [incidents, events] = [await count('incidents'), await count('events')]
    const again = await s.report(body, key)
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
    const racing = await Promise.all([1, 2, 3, 4].map(() => s.report({ ...body, description: 'raced' }, { 'Idempotency-Key': 'phone-report-0002' })))
    expect(racing.map((r) => r.status)).toEqual([201, 201, 201, 201])
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1)
    expect(await count('incidents')).toBe(incidents + 1)
    expect(await count('events')).toBeGreaterThan(events)
    const reused = await s.report({ ...body, description: 'a different report' }, key)
    expect(reused.status).toBe(422)
    expect(reused.body.error?.code).toBe('idempotency_key_reused')
  })

  it('never logs a second handover or transition for a retried POST from the team phone', async () => {
    const team = await s.createTeam('IDEM', near(100))
    const dest = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'S', kind: 'shelter', location: near(300), capacity: 5, accepts: ['sick'] } })).body
    // Coming on duty, the team is given the oldest waiting report (from the test above).
    const id = (await s.team(team.id)).currentIncidentId!
    expect(id).toBeTruthy()
    const step = (to: string, key: string) => s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId: team.id, body: { to }, headers: { 'Idempotency-Key': key } })
    expect((await step('acknowledged', 'ack-key-1')).status).toBe(200)
    const retried = await step('acknowledged', 'ack-key-1')
    expect(retried.status).toBe(200)
    expect(retried.headers.get('Idempotent-Replayed')).toBe('true')
    for (const to of ['en_route', 'on_scene', 'transporting']) await step(to, `k-${to}-0001`)
    const events = await count('events')
    const handover = { incidentId: id, teamId: team.id, destinationId: dest.id, person: { condition: 'ok', nik: '3276011708750001' }, receivedBy: 'Pak Ari' }
    const h = () => s.call('POST', '/api/handovers', { role: 'team', teamId: team.id, body: handover, headers: { 'Idempotency-Key': 'handover-key-1' } })
    const [a, b] = await Promise.all([h(), h()])
    expect([a.status, b.status]).toEqual([201, 201])
    expect(a.body.id).toBe(b.body.id)
    expect(await count('handovers')).toBe(1)
    expect((await s.call('GET', `/api/destinations/${dest.id}`, { role: 'dispatcher' })).body.occupancy).toBe(1)
    const after = await count('events')
    const third = await h()
    expect(third.body.id).toBe(a.body.id)
    expect(await count('events')).toBe(after)
    expect(after).toBeGreaterThan(events)
  })
})
