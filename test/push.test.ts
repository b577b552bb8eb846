import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { decryptPush, startPushService, verifyVapid, type TestPushService, type TestSubscriber } from './support/push-service.js'
import { eventually, near, startTestServer, type TestServer } from './support/server.js'

const PUBLIC_URL = 'https://trc.example.test'

describe.each(BACKENDS)('Web Push to team phones on $name', (backend) => {
  let s: TestServer
  let ps: TestPushService
  beforeAll(async () => {
    ;[s, ps] = await Promise.all([startTestServer(backend, { PUBLIC_URL, PUSH_ALLOW_HTTP: true }), startPushService()])
  })
  afterAll(async () => {
    await s?.close()
    await ps?.close()
  })

  const subscribe = (teamId: string, sub: Pick<TestSubscriber, 'endpoint' | 'keys'>, server = s) =>
    server.call('PUT', '/api/push/subscription', { role: 'team', teamId, body: { endpoint: sub.endpoint, keys: sub.keys } })
  const stored = async (endpoint: string) => (await s.db.sql`select team_id from push_subscriptions where endpoint = ${endpoint}`).length

  it('pushes a new case to the team’s phone, encrypted for it and signed with the stored VAPID key, with nothing personal in it', async () => {
    const team = await s.createTeam('PUSH-1', near(100))
    const phone = ps.subscriber('phone-1')
    expect((await subscribe(team.id, phone)).status).toBe(204)
    const { body: key } = await s.call('GET', '/api/push/key', { role: 'team', teamId: team.id })
    const [row] = await s.db.sql`select public_key from push_vapid_keys`
    expect(key.publicKey).toBe(row!.public_key)

    const from = ps.received.length
    const rep = await s.report({ location: near(0), description: 'Bapak tua, nama Pak Harjo', reporter: { name: 'Bu Sri', phone: '081299990000' } })
    const incident = await s.incident(rep.body.id)
    expect(incident.teamId).toBe(team.id)
    const got = await ps.next(phone, from)

    expect(got.headers).toMatchObject({ ttl: String(s.app.deps.config.ACK_TIMEOUT_S), urgency: 'high', 'content-encoding': 'aes128gcm', topic: incident.id.replaceAll('-', '') })
    const vapid = verifyVapid(got.headers.authorization)
    expect(vapid.publicKey).toBe(row!.public_key)
    expect(vapid.claims.aud).toBe(ps.origin)
    expect(vapid.claims.sub).toBe(PUBLIC_URL)
    expect(vapid.claims.exp * 1000).toBeGreaterThan(Date.now())

    const plain = decryptPush(got.body, phone)
    expect(JSON.parse(plain)).toEqual({ kind: 'offer', incidentId: incident.id, assignmentId: expect.any(String), category: 'sick', kecamatan: incident.area.kecamatan })
    expect(plain).not.toMatch(/Harjo|Sri|0812/)
  })

  it('tells the phone when the case is taken off its team, and a cancelled case too', async () => {
    const a = await s.createTeam('PUSH-2A', near(2000, 2000))
    const b = await s.createTeam('PUSH-2B', near(2100, 2000))
    const phone = ps.subscriber('phone-2')
    expect((await subscribe(a.id, phone)).status).toBe(204)
    let from = ps.received.length
    const rep = await s.report({ location: near(1990, 2000), category: 'homeless' })
    const id: string = rep.body.id
    expect((await s.incident(id)).teamId).toBe(a.id)
    await ps.next(phone, from)

    from = ps.received.length
    expect((await s.call('POST', `/api/incidents/${id}/assign`, { role: 'dispatcher', body: { teamId: b.id } })).status).toBe(200)
    expect(JSON.parse(decryptPush((await ps.next(phone, from)).body, phone))).toMatchObject({ kind: 'withdrawn', incidentId: id, category: 'homeless', reason: 'reassigned' })

    // Back to A, then cancelled by the dispatcher: A's phone hears that too.
    from = ps.received.length
    await s.call('POST', `/api/incidents/${id}/assign`, { role: 'dispatcher', body: { teamId: a.id } })
    expect(JSON.parse(decryptPush((await ps.next(phone, from)).body, phone))).toMatchObject({ kind: 'offer', incidentId: id })
    from = ps.received.length
    const cancelled = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'dispatcher', body: { to: 'cancelled', disposition: 'false_report', note: 'tidak ada orang' } })
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200)
    const last = await ps.next(phone, from)
    expect(JSON.parse(decryptPush(last.body, phone))).toMatchObject({ kind: 'withdrawn', incidentId: id, reason: 'cancelled' })
    expect(last.headers.ttl).toBe(String(15 * 60))
  })

  it('removes a subscription the push service says is gone (410), and dispatch goes on whatever the push service does', async () => {
    const team = await s.createTeam('PUSH-3', near(-2000, -1000))
    const gone = ps.subscriber('phone-gone')
    const dead = { endpoint: 'http://127.0.0.1:9/push/nobody-listens', keys: ps.subscriber('x').keys }
    expect((await subscribe(team.id, gone)).status).toBe(204)
    expect((await subscribe(team.id, dead)).status).toBe(204)
    ps.answer(410)
    try {
      const from = ps.received.length
      const rep = await s.report({ location: near(-2010, -1000) })
      expect(rep.status).toBe(201)
      expect((await s.incident(rep.body.id)).teamId).toBe(team.id)
      await ps.next(gone, from)
      await eventually(async () => (await stored(gone.endpoint)) === 0, 'the gone subscription removed')
      // A push service that cannot be reached is not a sign the subscription ended.
      expect(await stored(dead.endpoint)).toBe(1)
    } finally {
      ps.answer(201)
    }
  })

  it('lets a phone unsubscribe its own account only, and names the field a bad subscription gets wrong', async () => {
    const team = await s.createTeam('PUSH-4', near(-1000, 2500))
    const other = await s.createTeam('PUSH-4B', near(-1100, 2500))
    const phone = ps.subscriber('phone-4')
    expect((await subscribe(team.id, phone)).status).toBe(204)
    const bad = await subscribe(team.id, { endpoint: phone.endpoint, keys: { p256dh: 'short', auth: phone.keys.auth } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toContain('keys.p256dh')
    const notUrl = await subscribe(team.id, { endpoint: 'not a url', keys: phone.keys })
    expect(notUrl.body.error.issues.map((i: { path: string }) => i.path)).toContain('endpoint')

    // Another team's member cannot remove it.
    expect((await s.call('DELETE', '/api/push/subscription', { role: 'team', teamId: other.id, body: { endpoint: phone.endpoint } })).status).toBe(404)
    expect(await stored(phone.endpoint)).toBe(1)
    expect((await s.call('DELETE', '/api/push/subscription', { role: 'team', teamId: team.id, body: { endpoint: phone.endpoint } })).status).toBe(204)
    expect(await stored(phone.endpoint)).toBe(0)
  })

  it('keeps one VAPID key pair across restarts, and takes only https endpoints unless told otherwise', async () => {
    const handle = await backend.open()
    const first = await startTestServer(backend, { PUBLIC_URL }, { db: handle.db, dispose: async () => {} })
    const team = await first.createTeam('PUSH-5', near(100))
    const before = (await first.call('GET', '/api/push/key', { role: 'team', teamId: team.id })).body.publicKey
    // The member's session is in the database: it still holds after the restart.
    const headers = await first.headersFor('team', team.id)
    expect(before).toMatch(/^[\w-]{87}$/)
    await first.close()
    const second = await startTestServer(backend, { PUBLIC_URL }, handle)
    try {
      expect((await second.call('GET', '/api/push/key', { headers })).body.publicKey).toBe(before)
      const { endpoint, keys } = ps.subscriber('plain-http')
      const http = await second.call('PUT', '/api/push/subscription', { headers, body: { endpoint, keys } })
      expect(http.status).toBe(400)
      expect(http.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['endpoint'])
    } finally {
      await second.close()
    }
  })

  it('refuses endpoints inside the server’s network (loopback, private, link-local, local names) unless PUSH_ALLOW_HTTP', async () => {
    const strict = await startTestServer(backend, { PUBLIC_URL })
    try {
      const team = await strict.createTeam('PUSH-7', near(100))
      const { keys } = ps.subscriber('ssrf')
      for (const endpoint of [
        'https://127.0.0.1/push/x',
        'https://169.254.169.254/latest/meta-data',
        'https://10.0.0.5/push',
        'https://[::1]/push',
        'https://localhost:8443/push',
        'https://user:pw@fcm.googleapis.com/fcm/send/x',
      ]) {
        const r = await subscribe(team.id, { endpoint, keys }, strict)
        expect(r.status, endpoint).toBe(400)
        expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['endpoint'])
      }
      expect((await subscribe(team.id, { endpoint: 'https://fcm.googleapis.com/fcm/send/abc:def', keys }, strict)).status).toBe(204)
      expect((await strict.db.sql`select endpoint from push_subscriptions`).map((r) => r.endpoint)).toEqual(['https://fcm.googleapis.com/fcm/send/abc:def'])
    } finally {
      await strict.close()
    }
  })

  it('has push off without a contact for the push services (no PUSH_SUBJECT, no https PUBLIC_URL)', async () => {
    const off = await startTestServer(backend, {})
    try {
      const team = await off.createTeam('PUSH-6', near(100))
      expect((await off.call('GET', '/api/push/key', { role: 'team', teamId: team.id })).body).toEqual({ publicKey: null })
      expect((await subscribe(team.id, ps.subscriber('off'), off)).status).toBe(503)
    } finally {
      await off.close()
    }
  })
})
