import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { DEPOK, collect, eventually, near, startTestServer, type TestServer } from './support/server.js'

describe.each(BACKENDS)('incident lifecycle on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend)
  })
  afterAll(async () => {
    await s?.close()
  })

  it('takes a citizen report through assignment, handover and close, stamping every step', async () => {
    const team = await s.createTeam('LC-1', near(300))
    const dispatcher = await s.socket({ role: 'dispatcher', lastSeq: 0 })
    const seen = collect(dispatcher)
    const phone = await s.socket({ role: 'team', teamId: team.id })
    const offers: any[] = []
    phone.on('assignment:offer', (offer, ack) => {
      offers.push(offer)
      ack({ received: true })
    })
    const dest = await s.call('POST', '/api/destinations', {
      role: 'admin',
      body: { name: 'Shelter A', kind: 'shelter', location: near(900), capacity: 2, occupancy: 0, accepts: ['sick', 'homeless'] },
    })
    expect(dest.status).toBe(201)

    const rep = await s.report({ answers: { unconscious: true, injured: false, child: false, badWeather: false, aggressive: false } })
    expect(rep.status).toBe(201)
    expect(rep.body).toMatchObject({ status: 'assigned', priority: 'critical', area: { kecamatan: 'Pancoran Mas' } })
    expect(rep.body.trackingCode).toMatch(/^[0-9A-Z]{16}$/)
    const id = rep.body.id

    await eventually(() => offers.find((o) => o.incident.id === id), 'the assignment to reach the phone')
    const tracker = await s.socket({ trackingCode: rep.body.trackingCode })
    const views: any[] = []
    tracker.on('track:update', (v) => views.push(v))

    const step = async (to: string, extra: object = {}) => {
      s.clock.advance(60_000)
      const r = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId: team.id, body: { to, ...extra } })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      return r.body
    }
    await step('acknowledged')
    await step('en_route')
    expect((await s.team(team.id)).status).toBe('en_route')
    await step('on_scene')
    await step('transporting')
    const recs = await s.call('GET', `/api/incidents/${id}/destinations`, { role: 'team', teamId: team.id })
    expect(recs.body[0].destination.id).toBe(dest.body.id)

    s.clock.advance(60_000)
    const ho = await s.call('POST', '/api/handovers', {
      role: 'team',
      teamId: team.id,
      body: { incidentId: id, teamId: team.id, destinationId: dest.body.id, person: { sex: 'male', approxAge: 60, condition: 'weak, dehydrated' }, receivedBy: 'Petugas Budi' },
    })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
    expect((await s.call('GET', `/api/destinations/${dest.body.id}`, { role: 'dispatcher' })).body.occupancy).toBe(1)
    expect((await s.team(team.id)).status).toBe('returning')

    s.clock.advance(60_000)
    const closed = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'dispatcher', body: { to: 'closed', disposition: 'handed_over' } })
    expect(closed.status, JSON.stringify(closed.body)).toBe(200)
    const t = closed.body.times
    for (const k of ['reportedAt', 'assignedAt', 'acknowledgedAt', 'enRouteAt', 'onSceneAt', 'transportingAt', 'handedOverAt', 'closedAt']) expect(t[k], k).toBeTruthy()
    expect(Date.parse(t.closedAt) - Date.parse(t.enRouteAt)).toBe(4 * 60_000)

    const timeline = (await s.call('GET', `/api/incidents/${id}/timeline`, { role: 'dispatcher' })).body as any[]
    const types = timeline.map((e) => e.type)
    expect(types).toEqual(expect.arrayContaining(['incident.reported', 'incident.assigned', 'assignment.delivered', 'handover.logged', 'incident.transitioned']))
    expect(timeline.map((e) => e.seq)).toEqual([...timeline.map((e) => e.seq)].sort((a, b) => a - b))

    await s.flush()
    await eventually(() => seen.find((e) => e.incidentId === id && e.type === 'incident.transitioned' && (e.after as any).status === 'closed'), 'the dispatcher to see the close')
    await eventually(() => views.find((v) => v.status === 'closed'), 'the tracker to see closed')
    for (const v of views) {
      expect(Object.keys(v).sort()).toEqual(['category', 'kecamatan', 'status', 'times', 'trackingCode'])
    }
    const pub = await s.call('GET', `/api/track/${rep.body.trackingCode}`)
    expect(pub.status).toBe(200)
    expect(JSON.stringify(pub.body)).not.toMatch(/lon|lat|reporter|teamId|description/)
  })

  it('refuses every illegal transition with 409 naming both states', async () => {
    const rep = await s.call('POST', '/api/incidents/call-taker', {
      role: 'dispatcher',
      body: { category: 'homeless', location: near(-2000, 1500), reporter: { name: 'Ibu Sari', phone: '081234567890' } },
    })
    expect(rep.status, JSON.stringify(rep.body)).toBe(201)
    const id = rep.body.id
    // No team is free near enough? Either way the incident is reported or assigned; force reported.
    if (rep.body.status !== 'reported') await s.call('POST', `/api/incidents/${id}/unassign`, { role: 'dispatcher' })
    const current = (await s.incident(id)).status
    expect(current).toBe('reported')
    for (const to of ['acknowledged', 'en_route', 'on_scene', 'transporting', 'not_found', 'closed']) {
      const r = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'dispatcher', body: { to, disposition: 'handed_over' } })
      expect(r.status, to).toBe(409)
      expect(r.body.error.code).toBe('invalid_transition')
      expect(r.body.error.message).toContain('reported')
      expect(r.body.error.message).toContain(to)
    }
    const cancel = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'dispatcher', body: { to: 'cancelled', disposition: 'false_report', note: 'prank call' } })
    expect(cancel.status).toBe(200)
    const again = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'dispatcher', body: { to: 'cancelled', disposition: 'false_report', note: 'x' } })
    expect(again.status).toBe(409)
    expect(again.body.error.message).toMatch(/from cancelled to cancelled/)
  })

  it('requires a disposition that fits, and a note where the code needs one', async () => {
    const rep = await s.report({ category: 'odgj', location: near(5000, -3000) })
    const id = rep.body.id
    const noDisp = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'dispatcher', body: { to: 'cancelled' } })
    expect(noDisp.status).toBe(400)
    expect(noDisp.body.error.issues[0].path).toBe('disposition')
    const wrong = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'dispatcher', body: { to: 'cancelled', disposition: 'handed_over' } })
    expect(wrong.status).toBe(400)
    const noNote = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'dispatcher', body: { to: 'cancelled', disposition: 'referred_other_agency' } })
    expect(noNote.status).toBe(400)
    expect(noNote.body.error.issues[0].path).toBe('note')
    const ok = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'dispatcher', body: { to: 'cancelled', disposition: 'referred_other_agency', note: 'Satpol PP' } })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ status: 'cancelled', disposition: 'referred_other_agency', dispositionNote: 'Satpol PP' })
  })

  it('answers a report outside the service area with 422 naming the location', async () => {
    const r = await s.report({ location: { lon: 106.6, lat: -6.2 } })
    expect(r.status).toBe(422)
    expect(r.body.error?.code).toBe('outside_service_area')
    expect(r.body.error?.issues?.[0]?.path).toBe('location')
    expect(DEPOK.lon).toBeGreaterThan(106.6)
  })
})
