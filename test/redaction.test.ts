import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogEvent } from '@shared/events.js'
import { PERMISSIONS, type Action } from '@shared/permissions.js'
import { BACKENDS } from './support/backends.js'
import { eventually, near, startTestServer, type TestServer } from './support/server.js'
import { socketTracker, tokenOf, type Opened } from './support/sockets.js'

const NIK = '3276011708750001'
const PERSON = { name: 'Budi Santoso', sex: 'male', approxAge: 54, condition: 'luka di kaki kiri', nik: NIK }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** More than two decimals: a coordinate a viewer may see has at most two. */
const tooPrecise = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) > 1e-6

describe.each(BACKENDS)('what each role sees of a person on $name', (backend) => {
  let s: TestServer
  const sockets = socketTracker()
  const open = sockets.open
  const exact = near(123, 77)
  let incidentId: string
  let handoverId: string
  let destinationId: string
  let viewerLive: Opened
  let callTakerLive: Opened
  let phone: Opened

  beforeAll(async () => {
    s = await startTestServer(backend, { ASSIGNMENT_MODE: 'manual' })
    // Everyone signs in first, so their catch-up may cover the whole story below.
    for (const role of ['viewer', 'call_taker', 'dispatcher', 'admin'] as const) await s.headersFor(role)
    const team = await s.createTeam('RED-1', near(100, 50))
    destinationId = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'RS Bhakti', kind: 'hospital', location: near(900), capacity: 20, accepts: ['sick'] } })).body.id
    viewerLive = open(s.url, { auth: { token: await tokenOf(s, 'viewer') } })
    callTakerLive = open(s.url, { auth: { token: await tokenOf(s, 'call_taker') } })
    phone = open(s.url, { auth: { token: await tokenOf(s, 'team', team.id) } })
    await Promise.all([viewerLive.synced, callTakerLive.synced, phone.synced])

    const rep = await s.report({
      location: exact,
      address: 'Jl. Margonda Raya 100',
      answers: { unconscious: false, injured: true, child: true, badWeather: false, aggressive: false },
      reporter: { name: 'Ibu Warsini', phone: '085700001111' },
    })
    incidentId = rep.body.id
    expect((await s.call('POST', `/api/incidents/${incidentId}/assign`, { role: 'dispatcher', body: { teamId: team.id } })).status).toBe(200)
    for (const to of ['acknowledged', 'en_route', 'on_scene', 'transporting']) {
      expect((await s.call('POST', `/api/incidents/${incidentId}/transitions`, { role: 'team', teamId: team.id, body: { to } })).status).toBe(200)
    }
    const ho = await s.call('POST', '/api/handovers', {
      role: 'team',
      teamId: team.id,
      body: { incidentId, teamId: team.id, destinationId, person: PERSON, receivedBy: 'Dr. Rina', notes: 'keluarga di Cilodong' },
    })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
    handoverId = ho.body.id
    await s.flush()
  })
  afterAll(async () => {
    sockets.closeAll()
    await s?.close()
  })

  const handoverEvent = (events: LogEvent[]) => events.find((e) => e.type === 'handover.logged' && e.incidentId === incidentId)

  /** A viewer's copy of the case: what statistics need, nothing that finds the person. */
  const expectStatisticsOnly = (i: any) => {
    expect(i).toMatchObject({
      category: 'sick',
      priority: 'critical',
      area: { kecamatan: 'Pancoran Mas' },
      answers: null,
      reporter: null,
      address: null,
      description: '',
      destinationId: null,
      trackingCode: '',
    })
    expect(i.area.kelurahan).toBeTruthy()
    expect(i.location.lat).toBe(Math.round(exact.lat * 100) / 100)
    expect(i.location.lon).toBe(Math.round(exact.lon * 100) / 100)
    expect(i.location.accuracyM).toBeNull()
    expect(i.times.reportedAt).toBeTruthy()
  }
  const leaks = (x: unknown) => {
    const text = JSON.stringify(x)
    return [NIK, 'Budi', 'Warsini', '0857000', 'Margonda', 'Dr. Rina', 'Cilodong', String(exact.lat), String(exact.lon)].filter((needle) => text.includes(needle))
  }

  it('gives a viewer category, priority, status, times, area and a coarse location over HTTP, and nothing that finds the person', async () => {
    const list = (await s.call('GET', '/api/incidents?status=open', { role: 'viewer' })).body as any[]
    const fromList = list.find((i) => i.id === incidentId)
    expectStatisticsOnly(fromList)
    expect(fromList.status).toBe('handed_over')
    expect(fromList.times.handedOverAt).toBeTruthy()
    expectStatisticsOnly((await s.call('GET', `/api/incidents/${incidentId}`, { role: 'viewer' })).body)
    const timeline = (await s.call('GET', `/api/incidents/${incidentId}/timeline`, { role: 'viewer' })).body as LogEvent[]
    expect(leaks(timeline)).toEqual([])
    expect(handoverEvent(timeline)).toMatchObject({ destinationId: null })
    expect(JSON.stringify(timeline)).not.toContain(destinationId)
    // A dispatcher still sees it all.
    const full = (await s.call('GET', `/api/incidents/${incidentId}`, { role: 'dispatcher' })).body
    expect(full.location).toMatchObject({ lat: exact.lat, lon: exact.lon })
    expect(full.answers).toMatchObject({ injured: true, child: true })
    expect(full.destinationId).toBe(destinationId)
  })

  it('gives a viewer team positions only coarse over HTTP: a team on scene stands where the person is', async () => {
    const list = await s.call('GET', '/api/teams', { role: 'viewer' })
    expect(list.status).toBe(200)
    const red = list.body.find((t: any) => t.callSign === 'RED-1')
    expect(red.position).toBeTruthy()
    expect(tooPrecise(red.position.lat) || tooPrecise(red.position.lon), JSON.stringify(red.position)).toBe(false)
    const one = await s.call('GET', `/api/teams/${red.id}`, { role: 'viewer' })
    expect(one.status).toBe(200)
    expect(tooPrecise(one.body.position.lat) || tooPrecise(one.body.position.lon)).toBe(false)
    // Dispatchers still get the exact point.
    const exactTeam = (await s.call('GET', '/api/teams', { role: 'dispatcher' })).body.find((t: any) => t.callSign === 'RED-1')
    expect(tooPrecise(exactTeam.position.lat) || tooPrecise(exactTeam.position.lon)).toBe(true)
  })

  it('gives a viewer’s socket the same redacted events, live and on catch-up, team positions coarse too', async () => {
    await eventually(() => handoverEvent(viewerLive.events), 'the viewer to see the handover live')
    const catchUp = open(s.url, { auth: { token: await tokenOf(s, 'viewer'), lastSeq: 0 } })
    await catchUp.synced
    for (const events of [viewerLive.events, catchUp.events]) {
      expect(leaks(events)).toEqual([])
      const ofCase = events.filter((e) => e.incidentId === incidentId)
      expect(ofCase.length).toBeGreaterThan(3)
      for (const e of ofCase) {
        expect(e.destinationId).toBeNull()
        for (const record of [e.before, e.after] as any[]) if (record?.trackingCode !== undefined) expectStatisticsOnly(record)
      }
      for (const e of events.filter((e) => e.type === 'team.status_changed')) {
        const pos = (e.after as any).position
        if (pos) expect(tooPrecise(pos.lat) || tooPrecise(pos.lon), JSON.stringify(pos)).toBe(false)
      }
    }
  })

  it('keeps a handover’s person from a call-taker on every path, as GET /api/handovers does', async () => {
    expect((await s.call('GET', `/api/handovers/${handoverId}`, { role: 'call_taker' })).status).toBe(403)
    const timeline = (await s.call('GET', `/api/incidents/${incidentId}/timeline`, { role: 'call_taker' })).body as LogEvent[]
    const ho = handoverEvent(timeline)!
    expect(ho.after).toMatchObject({ id: handoverId, incidentId, destinationId })
    expect(ho.after).not.toHaveProperty('person')
    expect(ho.after).not.toHaveProperty('receivedBy')
    expect(ho.after).not.toHaveProperty('notes')
    expect(JSON.stringify(timeline)).not.toMatch(/3276011708750001|Budi|luka di kaki|Dr\. Rina|Cilodong/)
    // The call-taker still works with the case itself.
    expect(JSON.stringify(timeline)).toContain('Warsini')

    await eventually(() => handoverEvent(callTakerLive.events), 'the call-taker to see the handover live')
    const catchUp = open(s.url, { auth: { token: await tokenOf(s, 'call_taker'), lastSeq: 0 } })
    await catchUp.synced
    expect(handoverEvent(catchUp.events)).toBeTruthy()
    for (const events of [callTakerLive.events, catchUp.events]) expect(JSON.stringify(events)).not.toMatch(/3276011708750001|Budi|luka di kaki|Dr\. Rina|Cilodong/)
  })

  it('keeps a handover’s person from the team’s phone too, which may write a handover but not read one back', async () => {
    const ho = await eventually(() => handoverEvent(phone.events), 'the phone to see the handover event')
    expect(ho.after).not.toHaveProperty('person')
    expect(JSON.stringify(phone.events)).not.toContain(NIK)
  })

  it('shows handover details to roles allowed to read handovers: the event names the handover and who received the person, the handover the person', async () => {
    for (const path of [`/api/incidents/${incidentId}/timeline`, '/api/events?after=0&limit=1000']) {
      const events = (await s.call('GET', path, { role: 'dispatcher' })).body as LogEvent[]
      // The person stays out of the log, so the retention job can anonymise them (decision 016).
      expect(handoverEvent(events)!.after).toMatchObject({ id: handoverId, receivedBy: 'Dr. Rina' })
      expect(JSON.stringify(handoverEvent(events))).not.toContain(NIK)
    }
    expect((await s.call('GET', `/api/handovers/${handoverId}`, { role: 'dispatcher' })).body).toMatchObject({ person: { nik: NIK, name: 'Budi Santoso' }, receivedBy: 'Dr. Rina' })
  })

  it('generates its own request id for every request and keeps the client’s apart', async () => {
    const r = await s.call('GET', `/api/incidents/${incidentId}`, { role: 'dispatcher', headers: { 'X-Request-Id': 'forged-by-client' } })
    expect(r.status).toBe(200)
    const ours = r.headers.get('x-request-id')!
    expect(ours).toMatch(UUID)
    const row = await eventually(
      async () => ((await s.call('GET', `/api/access-log?recordId=${incidentId}`, { role: 'admin' })).body as any[]).find((e) => e.requestId === ours),
      'the access-log row of the read',
    )
    expect(row.action).toBe('read')
    const forged = ((await s.call('GET', '/api/access-log?limit=1000', { role: 'admin' })).body as any[]).filter((e) => e.requestId === 'forged-by-client')
    expect(forged).toEqual([])

    const bad = await s.call('GET', '/api/incidents/not-a-uuid', { role: 'dispatcher', headers: { 'X-Request-Id': 'x'.repeat(5000) } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.requestId).toBe(bad.headers.get('x-request-id'))
    expect(bad.body.error.requestId).toMatch(UUID)
  })

  it('sends Cache-Control: no-store on API responses unless the route sets its own', async () => {
    for (const [path, role] of [
      [`/api/incidents/${incidentId}`, 'dispatcher'],
      ['/api/incidents', 'viewer'],
      ['/api/auth/me', 'call_taker'],
      [`/api/incidents/${incidentId}/timeline`, 'dispatcher'],
      ['/api/events', 'admin'],
    ] as const) {
      const r = await s.call('GET', path, { role })
      expect(r.status, path).toBe(200)
      expect(r.headers.get('cache-control'), path).toBe('no-store')
    }
    const refused = await s.call('GET', `/api/handovers/${handoverId}`, { role: 'viewer' })
    expect(refused.headers.get('cache-control')).toBe('no-store')
    expect((await s.call('GET', '/api/service-area')).headers.get('cache-control')).toBe('public, max-age=3600')
  })

  it('sends the security headers and its own request id on every kind of answer: API, error, 404, page', async () => {
    const answers = {
      'API answer': await s.call('GET', `/api/incidents/${incidentId}`, { role: 'dispatcher' }),
      'refused read': await s.call('GET', `/api/handovers/${handoverId}`, { role: 'viewer' }),
      'bad input': await s.call('GET', '/api/incidents/not-a-uuid', { role: 'dispatcher' }),
      'unknown API path': await s.call('GET', '/api/no-such-thing'),
      'public page': await fetch(s.url + '/'),
      'health probe': await fetch(s.url + '/health'),
    }
    const ids = new Set<string>()
    for (const [what, r] of Object.entries(answers)) {
      expect(r.headers.get('content-security-policy'), what).toContain("frame-ancestors 'none'")
      expect(r.headers.get('x-content-type-options'), what).toBe('nosniff')
      expect(r.headers.get('x-frame-options'), what).toBe('SAMEORIGIN')
      expect(r.headers.get('vary'), what).toMatch(/accept-encoding/i)
      const id = r.headers.get('x-request-id')!
      expect(id, what).toMatch(UUID)
      ids.add(id)
    }
    expect(ids.size).toBe(Object.keys(answers).length)
    expect(answers['unknown API path'].status).toBe(404)
    expect(answers['unknown API path'].headers.get('cache-control')).toBe('no-store')
    expect(answers['public page'].headers.get('cache-control')).not.toBe('no-store')
  })

  it('sends Strict-Transport-Security only when the site is served over HTTPS', async () => {
    for (const path of ['/health', '/api/config', '/']) expect((await fetch(s.url + path)).headers.get('strict-transport-security'), path).toBeNull()
    const https = await startTestServer(backend, { PUBLIC_URL: 'https://trc.depok.go.id' })
    try {
      const r = await fetch(https.url + '/api/config')
      expect(r.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    } finally {
      await https.close()
    }
  })
})

describe('the README and the permission table', () => {
  it('agree on who sees photos, handover details, the whole event log and the redacted feed', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const checked: string[] = []
    for (const line of readme.split('\n')) {
      const action = line.match(/^\s*\|.*\(`([a-z_.]+)`\)\s*\|\s*$/)?.[1] as Action | undefined
      if (!action || !(action in PERMISSIONS)) continue
      const cells = line.split('|').map((c) => c.trim())
      const who = cells[cells.length - 2]!
      const roles = [...who.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).filter((r) => r !== action)
      expect(new Set(roles), `README row for ${action}`).toEqual(new Set(PERMISSIONS[action]))
      checked.push(action)
    }
    expect(checked).toEqual(expect.arrayContaining(['photo.read', 'handover.read', 'events.read', 'live.redacted']))
  })
})
