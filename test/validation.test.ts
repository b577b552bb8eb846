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
    [
      'destination: bad opening hours',
      'POST',
      () => '/api/destinations',
      () => ({ name: 'H', kind: 'shelter', location: near(0), accepts: ['sick'], openingHours: 'whenever' }),
      'openingHours',
      'admin',
    ],
    ['destination: accepts nothing', 'POST', () => '/api/destinations', () => ({ name: 'H', kind: 'shelter', location: near(0), accepts: [] }), 'accepts', 'admin'],
    ['destination patch: negative capacity', 'PATCH', () => `/api/destinations/${destinationId}`, () => ({ capacity: -1 }), 'capacity', 'admin'],
    ['destination patch: occupancy over capacity', 'PATCH', () => `/api/destinations/${destinationId}`, () => ({ capacity: 2, occupancy: 3 }), 'occupancy', 'admin'],
    ['destination: id not a uuid', 'GET', () => '/api/destinations/x', () => undefined, 'path.id', 'dispatcher'],
    [
      'handover: NIK not 16 digits',
      'POST',
      () => '/api/handovers',
      () => ({ incidentId, teamId, destinationId, person: { condition: 'ok', nik: '123' }, receivedBy: 'A' }),
      'person.nik',
      'dispatcher',
    ],
    ['handover: condition missing', 'POST', () => '/api/handovers', () => ({ incidentId, teamId, destinationId, person: {}, receivedBy: 'A' }), 'person.condition', 'dispatcher'],
    ['handovers list: bad date', 'GET', () => '/api/handovers?from=x', () => undefined, 'query.from', 'dispatcher'],
    ['handover: id not a uuid', 'GET', () => '/api/handovers/x', () => undefined, 'path.id', 'dispatcher'],
    ['events: negative cursor', 'GET', () => '/api/events?after=-1', () => undefined, 'query.after', 'dispatcher'],
    ['idempotency key: malformed', 'POST', () => '/api/incidents', () => ({ category: 'sick', location: near(0) }), 'header.Idempotency-Key'],
    // Postgres refuses a NUL in text, so none may reach it (the fuzzer's 500s).
    ['report: NUL in the description', 'POST', () => '/api/incidents', () => ({ category: 'sick', location: near(0), description: 'lying\u0000here' }), 'description'],
    ['report: NUL in the address', 'POST', () => '/api/incidents', () => ({ category: 'sick', location: near(0), address: 'Jl.\u0000Margonda' }), 'address'],
    ['report: NUL in the reporter name', 'POST', () => '/api/incidents', () => ({ category: 'sick', location: near(0), reporter: { name: 'Siti\u0000' } }), 'reporter.name'],
    ['report: escape character in the address', 'POST', () => '/api/incidents', () => ({ category: 'sick', location: near(0), address: 'Jl. \u001b[31mMargonda' }), 'address'],
    ['report: unpaired surrogate in the description', 'POST', () => '/api/incidents', () => ({ category: 'sick', location: near(0), description: 'broken \ud800 text' }), 'description'],
    [
      'call-taker report: NUL in the caller name',
      'POST',
      () => '/api/incidents/call-taker',
      () => ({ category: 'sick', location: near(0), reporter: { name: 'A\u0000', phone: '081234567890' } }),
      'reporter.name',
      'call_taker',
    ],
    ['transition: NUL in the note', 'POST', () => `/api/incidents/${incidentId}/transitions`, () => ({ to: 'cancelled', disposition: 'false_report', note: 'x\u0000' }), 'note', 'dispatcher'],
    ['priority: NUL in the note', 'POST', () => `/api/incidents/${incidentId}/priority`, () => ({ priority: 'high', note: 'x\u0000' }), 'note', 'dispatcher'],
    ['list: NUL in the kecamatan filter', 'GET', () => '/api/incidents?kecamatan=%00', () => undefined, 'query.kecamatan', 'dispatcher'],
    ['list: year 0000 in from', 'GET', () => '/api/incidents?from=0000-01-01T00:00:00Z', () => undefined, 'query.from', 'dispatcher'],
    ['list: year 9999 in to', 'GET', () => '/api/incidents?to=9999-12-31T23:59:59Z', () => undefined, 'query.to', 'dispatcher'],
    ['handovers list: year 0000 in from', 'GET', () => '/api/handovers?from=0000-01-01T00:00:00Z', () => undefined, 'query.from', 'dispatcher'],
    ['stats: year 0000 in from', 'GET', () => '/api/stats?from=0000-01-01T00:00:00Z&to=2030-01-01T00:00:00Z', () => undefined, 'query.from', 'dispatcher'],
    ['team: NUL in the call sign', 'POST', () => '/api/teams', () => ({ callSign: 'V\u00009', name: 'x' }), 'callSign', 'admin'],
    ['team: NUL in the name', 'POST', () => '/api/teams', () => ({ callSign: 'V9', name: 'x\u0000' }), 'name', 'admin'],
    ['team: NUL in the phone', 'POST', () => '/api/teams', () => ({ callSign: 'V9', name: 'x', phone: '0812\u0000' }), 'phone', 'admin'],
    ['position: device time in year 0000', 'POST', () => `/api/teams/${teamId}/positions`, () => ({ lon: 106.8, lat: -6.4, accuracyM: 5, deviceTime: '0000-01-01T00:00:00Z' }), 'deviceTime', 'team'],
    ['destination: NUL in the name', 'POST', () => '/api/destinations', () => ({ name: 'H\u0000', kind: 'shelter', location: near(0), accepts: ['sick'] }), 'name', 'admin'],
    ['destination patch: NUL in the address', 'PATCH', () => `/api/destinations/${destinationId}`, () => ({ address: 'x\u0000' }), 'address', 'admin'],
    ['destination patch: NUL in the contact', 'PATCH', () => `/api/destinations/${destinationId}`, () => ({ contact: 'x\u0000' }), 'contact', 'admin'],
    ['destination patch: NUL in the source', 'PATCH', () => `/api/destinations/${destinationId}`, () => ({ source: 'x\u0000' }), 'source', 'admin'],
    [
      'handover: NUL in the person name',
      'POST',
      () => '/api/handovers',
      () => ({ incidentId, teamId, destinationId, person: { name: 'x\u0000', condition: 'ok' }, receivedBy: 'A' }),
      'person.name',
      'dispatcher',
    ],
    [
      'handover: NUL in the condition',
      'POST',
      () => '/api/handovers',
      () => ({ incidentId, teamId, destinationId, person: { condition: 'ok\u0000' }, receivedBy: 'A' }),
      'person.condition',
      'dispatcher',
    ],
    ['handover: NUL in received by', 'POST', () => '/api/handovers', () => ({ incidentId, teamId, destinationId, person: { condition: 'ok' }, receivedBy: 'A\u0000' }), 'receivedBy', 'dispatcher'],
    ['handover: NUL in the notes', 'POST', () => '/api/handovers', () => ({ incidentId, teamId, destinationId, person: { condition: 'ok' }, receivedBy: 'A', notes: '\u0000' }), 'notes', 'dispatcher'],
    [
      'handover: handed over in year 0000',
      'POST',
      () => '/api/handovers',
      () => ({ incidentId, teamId, destinationId, person: { condition: 'ok' }, receivedBy: 'A', handedOverAt: '0000-01-01T00:00:00Z' }),
      'handedOverAt',
      'dispatcher',
    ],
    // Dates inside compound values (a page cursor, a letter's date) are bounded like the others.
    ['queue page: year 0000 in the cursor', 'GET', () => `/api/incidents/queue?after=high,0000-01-01T00:00:00Z,${NIL}`, () => undefined, 'query.after.1', 'dispatcher'],
    ['case history: year 0000 in the cursor', 'GET', () => `/api/case-history?after=0000-01-01T00:00:00Z,${NIL}`, () => undefined, 'query.after.0', 'dispatcher'],
    [
      'check-out: letter dated in year 0000',
      'POST',
      () => `/api/stays/${NIL}/check-out`,
      () => ({ outcome: 'referred_to_panti', pantiName: 'Panti', letterNumber: '12/2026', letterDate: '0000-01-01' }),
      'letterDate',
      'dispatcher',
    ],
    ['sign-in: NUL in the username', 'POST', () => '/api/auth/login', () => ({ username: 'admin\u0000', password: 'whatever-it-is' }), 'username'],
    ['user: NUL in the display name', 'POST', () => '/api/users', () => ({ username: 'nul-user', displayName: 'N\u0000', role: 'viewer', password: 'long enough password' }), 'displayName', 'admin'],
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

  it('answers a malformed path id with 400 whether or not an Idempotency-Key is sent', async () => {
    const calls = [
      ['/api/incidents/%00/transitions', { to: 'acknowledged' }],
      ['/api/incidents/not-a-uuid/transitions', { to: 'acknowledged' }],
      ['/api/teams/%00/status', { status: 'available' }],
      ['/api/teams/not-a-uuid/status', { status: 'available' }],
    ] as const
    for (const [path, payload] of calls) {
      for (const headers of [undefined, { 'Idempotency-Key': `bad-path-${Math.random().toString(36).slice(2)}` }]) {
        const r = await s.call('POST', path, { role: 'dispatcher', body: payload, headers })
        expect(r.status, `${path} ${JSON.stringify(headers)} → ${JSON.stringify(r.body)}`).toBe(400)
        expect(r.body.error.issues.map((i: any) => i.path)).toContain('path.id')
      }
    }
  })

  it('answers a merge naming a missing incident with 404 naming it, whichever id sorts first', async () => {
    const existing = (await s.report({ location: near(300) })).body.id as string
    // One id below and one above every random uuid, so the missing one is locked first and last.
    for (const missing of ['00000000-0000-4000-8000-000000000000', 'ffffffff-ffff-4fff-bfff-ffffffffffff']) {
      for (const [id, into] of [
        [existing, missing],
        [missing, existing],
      ]) {
        const r = await s.call('POST', `/api/incidents/${id}/merge`, { role: 'dispatcher', body: { into } })
        expect(r.status, `${id} into ${into}: ${JSON.stringify(r.body)}`).toBe(404)
        expect(r.body.error.code).toBe('not_found')
        expect(r.body.error.message).toContain(missing)
      }
    }
    expect((await s.incident(existing)).status).toBe('reported')
  })

  it('quotes the state of the case that blocks a merge', async () => {
    const open = (await s.report({ location: near(400) })).body.id as string
    const done = (await s.report({ location: near(500) })).body.id as string
    const cancel = await s.call('POST', `/api/incidents/${done}/transitions`, { role: 'dispatcher', body: { to: 'cancelled', disposition: 'false_report', note: 'test' } })
    expect(cancel.status).toBe(200)
    const intoClosed = await s.call('POST', `/api/incidents/${open}/merge`, { role: 'dispatcher', body: { into: done } })
    expect(intoClosed.status).toBe(409)
    expect(intoClosed.body.error.message).toBe(`Incident ${done} is cancelled; merge into an open incident`)
    const fromClosed = await s.call('POST', `/api/incidents/${done}/merge`, { role: 'dispatcher', body: { into: open } })
    expect(fromClosed.status).toBe(409)
    expect(fromClosed.body.error.message).toBe(`Incident ${done} cannot go from cancelled to duplicate`)
  })

  it('refuses a socket handshake whose tracking code holds a NUL, naming the field', async () => {
    const error = await s.socket({ trackingCode: 'ABCD1234\u0000' }).then(
      () => null,
      (err: Error) => err,
    )
    expect(error?.message).toContain('auth.trackingCode')
  })

  it('changes only the fields a destination patch sends', async () => {
    const created = (
      await s.call('POST', '/api/destinations', {
        role: 'admin',
        body: { name: 'RPS', kind: 'rps', location: near(0), capacity: 30, occupancy: 12, accepts: ['homeless'], openingHours: '08:00-16:00', isExample: true },
      })
    ).body
    const patched = await s.call('PATCH', `/api/destinations/${created.id}`, { role: 'admin', body: { name: 'Rumah Perlindungan Sosial', isExample: false } })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ name: 'Rumah Perlindungan Sosial', isExample: false, capacity: 30, occupancy: 12, openingHours: '08:00-16:00', free: 18 })
  })

  it('keeps staff routes closed to the public', async () => {
    for (const [method, path] of [
      ['GET', '/api/incidents'],
      ['GET', '/api/teams'],
      ['POST', '/api/teams'],
      ['GET', '/api/events'],
      ['POST', '/api/destinations'],
      ['GET', '/api/handovers'],
    ] as const) {
      const r = await s.call(method, path, { body: method === 'POST' ? {} : undefined })
      expect(r.status, `${method} ${path}`).toBe(401)
    }
    const teamReadsOthers = await s.call('GET', `/api/incidents/${incidentId}`, { role: 'team', teamId: (await s.createTeam('V2', null)).id })
    expect(teamReadsOthers.status).toBe(403)
  })
})
