import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PERMISSIONS, permits, type Action } from '../server/auth/policy.js'
import type { Role } from '../server/http/identity.js'
import { BACKENDS } from './support/backends.js'
import { collect, eventually, near, startTestServer, TEST_PASSWORD, type TestServer } from './support/server.js'

// A real 1×1 JPEG.
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)
const ROLES: Role[] = ['citizen', 'call_taker', 'dispatcher', 'team', 'viewer', 'admin']

describe.each(BACKENDS)('access rules on $name', (backend) => {
  let s: TestServer
  let team: { id: string }
  let otherTeam: { id: string }
  let incident: { id: string; trackingCode: string }
  let destination: { id: string }
  beforeAll(async () => {
    s = await startTestServer(backend, { REPORTS_PER_IP_PER_HOUR: 100_000, ASSIGNMENT_MODE: 'manual' })
    team = await s.createTeam('AUTH-A', near(100))
    otherTeam = await s.createTeam('AUTH-B', near(200))
    const r = await s.report({ reporter: { name: 'Pak Darto', phone: '081311112222' }, description: 'Pak Darto sleeps under the bridge' })
    incident = r.body
    expect((await s.call('POST', `/api/incidents/${incident.id}/assign`, { role: 'dispatcher', body: { teamId: team.id } })).status).toBe(200)
    destination = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'Rumah Singgah', kind: 'shelter', location: near(0), capacity: 9, accepts: ['sick'] } })).body
    // Every role signs in now: creating an account logs an event, which the matrix below
    // would count as a change made by the refused call.
    for (const role of ROLES) await s.headersFor(role, role === 'team' ? team.id : undefined)
  })
  afterAll(async () => {
    await s?.close()
  })

  const eventCount = async () => Number((await s.db.sql`select count(*)::int as n from events`)[0]!.n)

  /**
   * What an allowed call must get: its success status, or the refusal of a business rule (status
   * and error code) where the request breaks one. Never "anything but 401/403": a 500, or a
   * validation error from a malformed test request, fails. No allowed call changes what a later
   * one gets, so the order of the rows does not matter.
   */
  type Request = { method: string; path: string; body?: unknown; allowed: { status: number; code?: string } }
  const ok = (status: number, method: string, path: string, body?: unknown): Request => ({ method, path, body, allowed: { status } })
  const refused = (status: number, code: string, method: string, path: string, body?: unknown): Request => ({ method, path, body, allowed: { status, code } })

  /** One request per action; the body is valid so a refusal can only come from the access rules or the named business rule. */
  const requests: Record<Exclude<Action, `live.${string}` | 'incident.report'>, () => Request> = {
    'incident.report_by_phone': () => ok(201, 'POST', '/api/incidents/call-taker', { category: 'sick', location: near(5), reporter: { name: 'Caller', phone: '0812000000' } }),
    // Team AUTH-A holds `incident`, so its allowed call is refused by the rules of the case (409), not by access.
    'incident.report_on_patrol': () => refused(409, 'conflict', 'POST', '/api/incidents/patrol', { category: 'elderly', location: near(5) }),
    'incident.list': () => ok(200, 'GET', '/api/incidents'),
    'incident.read': () => ok(200, 'GET', `/api/incidents/${incident.id}`),
    'incident.timeline': () => ok(200, 'GET', `/api/incidents/${incident.id}/timeline`),
    'incident.history': () => ok(200, 'GET', '/api/case-history?status=closed,reported&limit=5'),
    'incident.recommend': () => ok(200, 'GET', `/api/incidents/${incident.id}/recommendations`),
    'incident.destinations': () => ok(200, 'GET', `/api/incidents/${incident.id}/destinations`),
    'incident.transition': () => refused(409, 'invalid_transition', 'POST', `/api/incidents/${incident.id}/transitions`, { to: 'on_scene' }), // steps over acknowledged and en_route
    'incident.assign': () => refused(409, 'conflict', 'POST', `/api/incidents/${incident.id}/assign`, { teamId: team.id }),
    'incident.priority': () => ok(200, 'POST', `/api/incidents/${incident.id}/priority`, { priority: 'high' }),
    'incident.merge': () => refused(400, 'validation_failed', 'POST', `/api/incidents/${incident.id}/merge`, { into: incident.id }),
    'photo.read': () => ok(200, 'GET', `/api/incidents/${incident.id}/photos`),
    'team.list': () => ok(200, 'GET', '/api/teams'),
    'team.read': () => ok(200, 'GET', `/api/teams/${team.id}`),
    'team.create': () => ok(201, 'POST', '/api/teams', { callSign: `N-${Math.random().toString(36).slice(2, 8)}`, name: 'New' }),
    'team.update': () => ok(200, 'PATCH', `/api/teams/${otherTeam.id}`, { members: ['Budi'] }),
    'team.status': () => refused(409, 'invalid_transition', 'POST', `/api/teams/${team.id}/status`, { status: 'returning' }),
    'team.position': () => ok(200, 'POST', `/api/teams/${team.id}/positions`, { ...near(100), accuracyM: 5, deviceTime: s.clock.now().toISOString() }),
    'team.assignment': () => ok(200, 'GET', `/api/teams/${team.id}/assignment`),
    'push.subscribe': () => ok(200, 'GET', '/api/push/key'),
    'destination.list': () => ok(200, 'GET', '/api/destinations'),
    'destination.create': () => ok(201, 'POST', '/api/destinations', { name: 'X', kind: 'family', location: near(0), accepts: ['elderly'] }),
    'destination.update': () => ok(200, 'PATCH', `/api/destinations/${destination.id}`, { contact: '021-000' }),
    'destination.import': () => ok(200, 'POST', '/api/destinations/import', { format: 'csv', content: 'name,kind,lon,lat,accepts\nPanti X,panti,106.8,-6.4,elderly', dryRun: true }),
    'destination.replace_examples': () => ok(200, 'POST', '/api/destinations/replace-examples'),
    'handover.create': () =>
      refused(409, 'invalid_transition', 'POST', '/api/handovers', { incidentId: incident.id, teamId: team.id, destinationId: destination.id, person: { condition: 'ok' }, receivedBy: 'A' }),
    'handover.read': () => ok(200, 'GET', '/api/handovers'),
    'events.read': () => ok(200, 'GET', '/api/events'),
    'stats.read': () => ok(200, 'GET', `/api/stats?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`),
    'roster.read': () => ok(200, 'GET', '/api/roster?from=2026-11-23&to=2026-11-29'),
    'roster.plan': () => ok(200, 'PUT', '/api/roster/2026-11-24/pagi', { supervisorId: null, teams: [{ teamId: team.id, memberIds: [] }] }),
    'roster.note': () => ok(200, 'PUT', '/api/roster/2026-11-24/pagi/note', { text: 'Semua aman.' }),
    'settings.read': () => ok(200, 'GET', '/api/settings'),
    'settings.write': () => ok(200, 'PATCH', '/api/settings', { waitAlertMin: 12 }),
    'users.manage': () => ok(200, 'GET', '/api/users'),
    'access_log.read': () => ok(200, 'GET', '/api/access-log'),
    'person.read': () => ok(200, 'GET', '/api/people/ppks'),
    'person.write': () => ok(201, 'POST', '/api/people', { name: 'Tanpa Nama', sex: 'male' }),
    'person.search': () => ok(200, 'GET', '/api/people?q=Tanpa'),
    'paper.read': () => refused(404, 'not_found', 'GET', '/api/handovers/00000000-0000-4000-8000-000000000000/bast.pdf'),
    'person.match': () => ok(200, 'POST', '/api/people/matches', { name: 'Tanpa Nama' }),
    'stay.read': () => ok(200, 'GET', `/api/destinations/${destination.id}/residents`),
    'stay.write': () => refused(404, 'not_found', 'POST', '/api/stays', { personId: '00000000-0000-4000-8000-000000000000', destinationId: destination.id }),
    'stay.counts': () => ok(200, 'GET', '/api/stays/counts'),
    'stay.alerts': () => ok(200, 'GET', '/api/stays/alerts'),
    'occupancy.adjust': () => ok(201, 'POST', `/api/destinations/${destination.id}/occupancy-adjustments`, { delta: 1, reason: 'walk-in counted by hand' }),
    'handover.confirm': () => refused(404, 'not_found', 'POST', '/api/handovers/00000000-0000-4000-8000-000000000000/receipt'),
  }
  const matrix = Object.keys(requests).flatMap((action) => ROLES.map((role) => [action as keyof typeof requests, role] as const))

  it.each(matrix)('%s by %s: allowed calls succeed (or meet the business rule), forbidden ones get 401/403 and change nothing', async (action, role) => {
    const { method, path, body, allowed } = requests[action]()
    const before = await eventCount()
    const r = await s.call(method, path, { role, teamId: role === 'team' ? team.id : role === 'facility' ? destination.id : undefined, body })
    if (permits(role, action)) {
      expect(r.status, `${role} ${action}: ${JSON.stringify(r.body)}`).toBe(allowed.status)
      if (allowed.code) expect(r.body.error.code).toBe(allowed.code)
    } else {
      expect(r.status, JSON.stringify(r.body)).toBe(role === 'citizen' ? 401 : 403)
      expect(await eventCount()).toBe(before)
    }
  })

  it('confines a team member to their own team and its current case', async () => {
    await s.call('POST', `/api/incidents/${incident.id}/assign`, { role: 'dispatcher', body: { teamId: otherTeam.id } })
    for (const [method, path, body] of [
      ['GET', `/api/incidents/${incident.id}`],
      ['GET', `/api/incidents/${incident.id}/destinations`],
      ['POST', `/api/incidents/${incident.id}/transitions`, { to: 'acknowledged' }],
      ['GET', `/api/teams/${otherTeam.id}/assignment`],
      ['POST', `/api/teams/${otherTeam.id}/positions`, { ...near(1), accuracyM: 5, deviceTime: s.clock.now().toISOString() }],
    ] as const) {
      const before = await eventCount()
      const r = await s.call(method, path, { role: 'team', teamId: team.id, body })
      expect(r.status, `${method} ${path}`).toBe(403)
      expect(await eventCount()).toBe(before)
    }
    const own = await s.call('GET', `/api/incidents/${incident.id}`, { role: 'team', teamId: otherTeam.id })
    expect(own.status).toBe(200)
    expect(own.body.reporter).toEqual({ name: 'Pak Darto', phone: '+6281311112222' }) // stored in E.164 (shared/phone.ts)
  })

  it('never shows a viewer personal data, over HTTP or the socket', async () => {
    const list = (await s.call('GET', '/api/incidents', { role: 'viewer' })).body as any[]
    const mine = list.find((i) => i.id === incident.id)
    expect(mine.reporter).toBeNull()
    expect(JSON.stringify(list)).not.toMatch(/Darto|0813111/)
    const tl = (await s.call('GET', `/api/incidents/${incident.id}/timeline`, { role: 'viewer' })).body
    expect(JSON.stringify(tl)).not.toMatch(/Darto|0813111/)
    const viewer = await s.socket({ role: 'viewer', lastSeq: 0 })
    const seen = collect(viewer)
    await s.report({ reporter: { name: 'Ibu Warsini', phone: '085700001111' }, location: near(-300) })
    await s.flush()
    await eventually(() => seen.find((e) => e.type === 'incident.reported' && JSON.stringify(e).includes('"reporter":null')), 'the redacted report event')
    expect(JSON.stringify(seen)).not.toMatch(/Darto|Warsini|0813111|0857000/)
    const stats = await s.call('GET', '/api/stats?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z', { role: 'viewer' })
    expect(stats.status).toBe(200)
    expect(stats.body.find((k: any) => k.kecamatan === 'Pancoran Mas').reported).toBeGreaterThanOrEqual(2)
  })

  it('lets a socket join only the rooms its role allows, and only teams post positions over it', async () => {
    const citizen = await s.socket({})
    const gotCitizen = collect(citizen)
    const viewer = await s.socket({ role: 'viewer' })
    const denied = await viewer.emitWithAck('team:position', { ...near(0), accuracyM: 5, deviceTime: s.clock.now().toISOString() })
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const anonymous = await citizen.emitWithAck('team:position', { ...near(0), accuracyM: 5, deviceTime: s.clock.now().toISOString() })
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    await s.report({ location: near(-500) })
    await s.flush()
    await new Promise((r) => setTimeout(r, 200))
    expect(gotCitizen).toEqual([])
    await expect(s.socket({ token: 'forged' })).rejects.toThrow(/expired|sign in/)
  })

  it('keeps tracking codes free of personal data and hard to guess', async () => {
    expect(incident.trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/)
    const view = (await s.call('GET', `/api/track/${incident.trackingCode}`)).body
    expect(JSON.stringify(view)).not.toMatch(/Darto|0813111|lon|lat|teamId|description|reporter/)
  })

  it('logs who read a person’s record', async () => {
    await s.call('GET', `/api/incidents/${incident.id}`, { role: 'dispatcher' })
    const log = (await s.call('GET', `/api/access-log?recordId=${incident.id}`, { role: 'admin' })).body as any[]
    const dispatcherId = await s.userIdOf('dispatcher')
    expect(log.find((e) => e.userId === dispatcherId && e.action === 'read' && e.recordType === 'incident')).toBeTruthy()
    expect(log.find((e) => e.role === 'team' && e.recordIds.includes(incident.id))).toBeTruthy()
    expect(log.find((e) => e.role === 'viewer')).toBeUndefined()
  })
})

describe.each(BACKENDS)('sessions on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend, {
      SESSION_TTL_HOURS: 1,
      REPORTS_PER_IP_PER_HOUR: 3,
      REPORTS_PER_PHONE_PER_HOUR: 2,
      LOGIN_FAILURES_PER_15_MIN: 3,
      MAX_PHOTO_BYTES: 2048,
      TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png',
    })
  })
  afterAll(async () => {
    await s?.close()
  })

  const login = (username: string, password: string) =>
    fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })

  it('signs in with a cookie, refuses changes without the CSRF token, and signs out', async () => {
    await s.app.services.auth.createUser({ username: 'budi', displayName: 'Budi', role: 'admin', password: TEST_PASSWORD })
    const res = await login('budi', TEST_PASSWORD)
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/trc_session=[^;]+;.*HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    const info = (await res.json()) as any
    expect(info.token).toBeUndefined()
    const jar = cookie.split(';')[0]!
    const me = await fetch(`${s.url}/api/auth/me`, { headers: { cookie: jar } })
    expect(((await me.json()) as any).user.username).toBe('budi')
    const body = JSON.stringify({ name: 'C', kind: 'family', location: near(0), accepts: ['elderly'] })
    const noCsrf = await fetch(`${s.url}/api/destinations`, { method: 'POST', headers: { cookie: jar, 'content-type': 'application/json' }, body })
    expect(noCsrf.status).toBe(403)
    const withCsrf = await fetch(`${s.url}/api/destinations`, { method: 'POST', headers: { cookie: jar, 'content-type': 'application/json', 'X-CSRF-Token': info.csrfToken }, body })
    expect(withCsrf.status).toBe(201)
    const out = await fetch(`${s.url}/api/auth/logout`, { method: 'POST', headers: { cookie: jar, 'X-CSRF-Token': info.csrfToken } })
    expect(out.status).toBe(200)
    expect((await fetch(`${s.url}/api/users`, { headers: { cookie: jar } })).status).toBe(401)
  })

  it('ends sessions when they expire', async () => {
    await s.app.services.auth.createUser({ username: 'expiring', displayName: 'E', role: 'dispatcher', password: TEST_PASSWORD })
    const res = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'expiring', password: TEST_PASSWORD, issueToken: true }),
    })
    const h = { Authorization: `Bearer ${((await res.json()) as any).token}` }
    s.clock.advance(59 * 60_000)
    expect((await fetch(`${s.url}/api/incidents`, { headers: h })).status).toBe(200)
    s.clock.advance(2 * 60_000)
    const r = await fetch(`${s.url}/api/incidents`, { headers: h })
    expect(r.status).toBe(401)
    expect(((await r.json()) as any).error.message).toMatch(/expired/)
  })

  it('signs in whatever the server clock says: the cookie lasts the session’s length, not a date the browser may think is past or too far', async () => {
    await s.app.services.auth.createUser({ username: 'waktu', displayName: 'W', role: 'dispatcher', password: TEST_PASSWORD })
    const start = s.clock.now()
    try {
      // 500 days ahead: an Expires date past the cookie spec's 400-day cap made sign-in a 500;
      // 500 days behind: an Expires date already past would make the browser drop the cookie.
      for (const days of [500, -500]) {
        s.clock.set(new Date(start.getTime() + days * 86_400_000))
        const res = await login('waktu', TEST_PASSWORD)
        expect(res.status, `${days} days: ${await res.clone().text()}`).toBe(200)
        const cookie = res.headers.get('set-cookie')!
        expect(cookie).toMatch(/Max-Age=3600(;|$)/)
        expect(cookie).not.toMatch(/Expires=/i)
        const me = await fetch(`${s.url}/api/auth/me`, { headers: { cookie: cookie.split(';')[0]! } })
        expect(me.status).toBe(200)
      }
    } finally {
      s.clock.set(start)
    }
  })

  it('ends a disabled account’s sessions and sockets at once', async () => {
    const user = await s.app.services.auth.createUser({ username: 'sari', displayName: 'Sari', role: 'dispatcher', password: TEST_PASSWORD })
    const r = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sari', password: TEST_PASSWORD, issueToken: true }),
    })
    const { token } = (await r.json()) as any
    const sock = await s.socket({ token })
    const gone = new Promise((resolve) => sock.on('disconnect', resolve))
    const disable = await s.call('PATCH', `/api/users/${user.id}`, { role: 'admin', body: { disabled: true } })
    expect(disable.body.disabled).toBe(true)
    await gone
    expect((await fetch(`${s.url}/api/incidents`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401)
    expect((await login('sari', TEST_PASSWORD)).status).toBe(401)
  })

  it('blocks repeated failed sign-ins with 429 and a retry time', async () => {
    await s.app.services.auth.createUser({ username: 'joko', displayName: 'Joko', role: 'viewer', password: TEST_PASSWORD })
    const wrong = await login('joko', 'nope')
    expect(wrong.status).toBe(401)
    expect(((await wrong.json()) as any).error.message).toBe('Wrong username or password, or the account is disabled')
    await login('joko', 'nope')
    await login('joko', 'nope')
    const blocked = await login('joko', TEST_PASSWORD)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('rate-limits the public form per IP and per phone number with a clear 429', async () => {
    const a = await s.report({ reporter: { phone: '0811-1' + '23456' } })
    const b = await s.report({ reporter: { phone: '081112 3456' } })
    expect([a.status, b.status]).toEqual([201, 201])
    const samePhone = await s.report({ reporter: { phone: '0811123456' } })
    expect(samePhone.status).toBe(429)
    expect(samePhone.body.error?.message).toMatch(/phone number.*try again in \d+ s/)
    const c = await s.report({})
    expect(c.status).toBe(429) // 4th from this IP within the hour (3 allowed)
    expect(c.body.error?.code).toBe('rate_limited')
  })

  it('accepts a real image from the reporter, refuses fakes and oversized files, and serves photos only to staff', async () => {
    const rep = await s.call('POST', '/api/incidents/call-taker', { role: 'dispatcher', body: { category: 'sick', location: near(0), reporter: { name: 'Caller', phone: '0812000001' } } })
    const upload = (bytes: Buffer, headers: Record<string, string>) =>
      fetch(`${s.url}/api/incidents/${rep.body.id}/photo`, { method: 'POST', headers: { 'content-type': 'image/jpeg', ...headers }, body: new Uint8Array(bytes) }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as any,
      }))
    const code = { 'X-TRC-Tracking-Code': rep.body.trackingCode }
    const anon = await upload(JPEG, {})
    expect(anon.status, JSON.stringify(anon.body)).toBe(403) // no tracking code
    const fake = await upload(Buffer.from('<?php echo "not an image"; ?>'), code)
    expect(fake.status).toBe(400)
    expect(fake.body.error.message).toMatch(/not a JPEG, PNG or WebP/)
    const big = await upload(Buffer.concat([JPEG, Buffer.alloc(4096)]), code)
    expect(big.status).toBe(413)
    const ok = await upload(JPEG, code)
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    const photo = `/api/photos/${ok.body.id}`
    expect((await fetch(s.url + photo)).status).toBe(401)
    expect((await s.call('GET', photo, { role: 'viewer' })).status).toBe(403)
    const got = await fetch(s.url + photo, { headers: await s.headersFor('dispatcher') })
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('image/jpeg')
    expect(got.headers.get('cache-control')).toMatch(/no-store/)
    expect(Buffer.from(await got.arrayBuffer()).equals(JPEG)).toBe(true)
    const log = (await s.call('GET', `/api/access-log?recordId=${rep.body.id}`, { role: 'admin' })).body as any[]
    expect(log.find((e) => e.action === 'photo')).toBeTruthy()
  })

  it('sends security headers, a CSP that admits the tile host, and no CORS grant to other origins', async () => {
    const r = await fetch(`${s.url}/api/config`, { headers: { Origin: 'https://evil.example' } })
    const csp = r.headers.get('content-security-policy')!
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain('https://*.tiles.example.org')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('access-control-allow-origin')).toBeNull()
    const err = await s.call('GET', '/api/incidents/not-a-uuid', { role: 'dispatcher' })
    expect(JSON.stringify(err.body)).not.toMatch(/at .*\.ts|stack/i)
    expect(PERMISSIONS['users.manage']).toEqual(['admin'])
  })
})
