import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { near, startTestServer, type Role, type TestServer } from './support/server.js'

const NIL = '00000000-0000-4000-8000-000000000000'

describe.each(BACKENDS)('bad input on $name', (backend) => {
  let s: TestServer
  let teamId: string
  let incidentId: string
  let destinationId: string
  beforeAll(async () => {
    s = await startTestServer(backend, { MAX_BODY_BYTES: 4096 })
    teamId = (await s.createTeam('V1', near(100))).id
    incidentId = (await s.report()).body.id
    destinationId = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'D', kind: 'panti', location: near(0), accepts: ['elderly'] } })).body.id
  })
  afterAll(async () => {
    await s?.close()
  })

  type Case = [name: string, method: string, path: () => string, body: () => unknown, field: string, role?: Role]
  const cases: Case[] = [
    ['report: unknown category', 'POST', () => '/api/incidents', () => ({ category: 'alien', location: near(0) }), 'category'],
    ['report: latitude out of range', 'POST', () => '/api/incidents', () => ({ category: 'sick', location: { lon: 106.8, lat: -91 } }), 'location.lat'],
    ['report: phone is not a phone number', 'POST', () => '/api/incidents', () => ({ category: 'sick', location: near(0), reporter: { phone: 'call me' } }), 'reporter.phone'],
    ['report: description too long', 'POST', () => '/api/incidents', () => ({ category: 'sick', location: near(0), description: 'x'.repeat(2001) }), 'description'],
    ['call-taker report: caller phone missing', 'POST', () => '/api/incidents/call-taker', () => ({ category: 'sick', location: near(0), reporter: { name: 'A' } }), 'reporter.phone', 'dispatcher'],
    ['list: unknown status', 'GET', () => '/api/incidents?status=open,sleeping', () => undefined, 'query.status.1', 'dispatcher'],
    ['list: from is not a date', 'GET', () => '/api/incidents?from=yesterday', () => undefined, 'query.from', 'dispatcher'],
    ['list: limit zero', 'GET', () => '/api/incidents?limit=0', () => undefined, 'query.limit', 'dispatcher'],
    ['incident: id not a uuid', 'GET', () => '/api/incidents/42', () => undefined, 'path.id', 'dispatcher'],
    ['timeline: id not a uuid', 'GET', () => '/api/incidents/42/timeline', () => undefined, 'path.id', 'dispatcher'],
    ['recommendations: id not a uuid', 'GET', () => '/api/incidents/42/recommendations', () => undefined, 'path.id', 'dispatcher'],
    ['incident destinations: id not a uuid', 'GET', () => '/api/incidents/42/destinations', () => undefined, 'path.id', 'dispatcher'],
    ['transition: unknown state', 'POST', () => `/api/incidents/${incidentId}/transitions`, () => ({ to: 'flying' }), 'to', 'dispatcher'],
    ['assign: team id not a uuid', 'POST', () => `/api/incidents/${incidentId}/assign`, () => ({ teamId: 'x' }), 'teamId', 'dispatcher'],
    ['unassign: id not a uuid', 'POST', () => '/api/incidents/x/unassign', () => ({}), 'path.id', 'dispatcher'],
    ['priority: unknown value', 'POST', () => `/api/incidents/${incidentId}/priority`, () => ({ priority: 'urgent' }), 'priority', 'dispatcher'],
    ['merge: target not a uuid', 'POST', () => `/api/incidents/${incidentId}/merge`, () => ({ into: 'x' }), 'into', 'dispatcher'],
    ['merge: into itself', 'POST', () => `/api/incidents/${incidentId}/merge`, () => ({ into: incidentId }), 'into', 'dispatcher'],
    ['track: malformed code', 'GET', () => '/api/track/abc', () => undefined, 'path.code'],
    ['team: empty call sign', 'POST', () => '/api/teams', () => ({ callSign: '', name: 'x' }), 'callSign', 'admin'],
    ['team: id not a uuid', 'GET', () => '/api/teams/x', () => undefined, 'path.id', 'dispatcher'],
    ['team status: unknown', 'POST', () => `/api/teams/${teamId}/status`, () => ({ status: 'flying' }), 'status', 'dispatcher'],
    ['position: missing device time', 'POST', () => `/api/teams/${teamId}/positions`, () => ({ lon: 106.8, lat: -6.4, accuracyM: 5 }), 'deviceTime', 'team'],
    ['position: negative accuracy', 'POST', () => `/api/teams/${teamId}/positions`, () => ({ lon: 106.8, lat: -6.4, accuracyM: -1, deviceTime: new Date().toISOString() }), 'accuracyM', 'team'],
    ['team assignment: id not a uuid', 'GET', () => '/api/teams/x/assignment', () => undefined, 'path.id', 'dispatcher'],
    ['destination: unknown kind', 'POST', () => '/api/destinations', () => ({ name: 'H', kind: 'hotel', location: near(0), accepts: ['sick'] }), 'kind', 'admin'],
    ['destination: bad opening hours', 'POST', () => '/api/destinations', () => ({ name: 'H', kind: 'shelter', location: near(0), accepts: ['sick'], openingHours: 'whenever' }), 'openingHours', 'admin'],
    ['destination: accepts nothing', 'POST', () => '/api/destinations', () => ({ name: 'H', kind: 'shelter', location: near(0), accepts: [] }), 'accepts', 'admin'],
    ['destination patch: negative capacity', 'PATCH', () => `/api/destinations/${destinationId}`, () => ({ capacity: -1 }), 'capacity', 'admin'],
    ['destination patch: occupancy over capacity', 'PATCH', () => `/api/destinations/${destinationId}`, () => ({ capacity: 2, occupancy: 3 }), 'occupancy', 'admin'],
    ['destination: id not a uuid', 'GET', () => '/api/destinations/x', () => undefined, 'path.id', 'dispatcher'],
    ['handover: NIK not 16 digits', 'POST', () => '/api/handovers', () => ({ incidentId, teamId, destinationId, person: { condition: 'ok', nik: '123' }, receivedBy: 'A' }), 'person.nik', 'dispatcher'],
    ['handover: condition missing', 'POST', () => '/api/handovers', () => ({ incidentId, teamId, destinationId, person: {}, receivedBy: 'A' }), 'person.condition', 'dispatcher'],
    ['handovers list: bad date', 'GET', () => '/api/handovers?from=x', () => undefined, 'query.from', 'dispatcher'],
    ['handover: id not a uuid', 'GET', () => '/api/handovers/x', () => undefined, 'path.id', 'dispatcher'],
    ['events: negative cursor', 'GET', () => '/api/events?after=-1', () => undefined, 'query.after', 'dispatcher'],
    ['idempotency key: malformed', 'POST', () => '/api/incidents', () => ({ category: 'sick', location: near(0) }), 'header.Idempotency-Key'],
  ]

  it.each(cases)('%s → 400 naming the field', async (_name, method, path, body, field, role) => {
    const headers = field.startsWith('header.') ? { 'Idempotency-Key': 'no spaces allowed' } : undefined
    const r = await s.call(method, path(), { role, teamId: role === 'team' ? teamId : undefined, body: body(), headers })
    expect(r.status, JSON.stringify(r.body)).toBe(400)
    expect(r.body.error.code).toBe('validation_failed')
    expect(r.body.error.issues.map((i: any) => i.path)).toContain(field)
    expect(r.body.error.message).toContain(field.replace(/^(query|path|header)\./, ''))
  })

  it('answers malformed JSON, an oversized body, a forged token and unknown ids with clear 4xx errors', async () => {
    const bad = await s.call('POST', '/api/incidents', { rawBody: '{"category": "sick",' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues[0].path).toBe('(body)')
    const big = await s.call('POST', '/api/incidents', { body: { category: 'sick', location: near(0), description: 'x'.repeat(5000) } })
    expect(big.status).toBe(413)
    expect(big.body.error.code).toBe('payload_too_large')
    const forged = await s.call('GET', '/api/incidents', { headers: { Authorization: 'Bearer not-a-session' } })
    expect(forged.status).toBe(401)
    for (const path of [`/api/incidents/${NIL}`, `/api/teams/${NIL}`, `/api/destinations/${NIL}`, `/api/handovers/${NIL}`, '/api/track/0000000000000000']) {
      const r = await s.call('GET', path, { role: 'dispatcher' })
      expect(r.status, path).toBe(404)
      expect(r.body.error.code).toBe('not_found')
    }
    const assign = await s.call('POST', `/api/incidents/${incidentId}/assign`, { role: 'dispatcher', body: { teamId: NIL } })
    expect(assign.status).toBe(404)
    const noRoute = await s.call('GET', '/api/nothing-here')
    expect(noRoute.status).toBe(404)
  })

  it('changes only the fields a destination patch sends', async () => {
    const created = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'RPS', kind: 'rps', location: near(0), capacity: 30, occupancy: 12, accepts: ['homeless'], openingHours: '08:00-16:00', isExample: true } })).body
    const patched = await s.call('PATCH', `/api/destinations/${created.id}`, { role: 'admin', body: { name: 'Rumah Perlindungan Sosial', isExample: false } })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ name: 'Rumah Perlindungan Sosial', isExample: false, capacity: 30, occupancy: 12, openingHours: '08:00-16:00', free: 18 })
  })

  it('keeps staff routes closed to the public', async () => {
    for (const [method, path] of [['GET', '/api/incidents'], ['GET', '/api/teams'], ['POST', '/api/teams'], ['GET', '/api/events'], ['POST', '/api/destinations'], ['GET', '/api/handovers']] as const) {
      const r = await s.call(method, path, { body: method === 'POST' ? {} : undefined })
      expect(r.status, `${method} ${path}`).toBe(401)
    }
    const teamReadsOthers = await s.call('GET', `/api/incidents/${incidentId}`, { role: 'team', teamId: (await s.createTeam('V2', null)).id })
    expect(teamReadsOthers.status).toBe(403)
  })
})
