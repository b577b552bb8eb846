import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogEvent } from '@shared/events.js'
import { BACKENDS } from './support/backends.js'
import { eventually, near, startTestServer, type TestServer } from './support/server.js'
import { sessionCookie, socketTracker, tokenOf } from './support/sockets.js'

const LISTED = 'https://console.example.org'
const TRANSPORTS = ['websocket', 'polling'] as const

describe.each(BACKENDS)('socket security on $name', (backend) => {
  let s: TestServer
  const sockets = socketTracker()
  const open = sockets.open
  let old: { id: string }
  beforeAll(async () => {
    s = await startTestServer(backend, { CORS_ORIGINS: LISTED, ASSIGNMENT_MODE: 'manual' })
    old = (await s.report({ reporter: { name: 'Pak Lama', phone: '081300000001' }, location: near(50) })).body
  })
  afterAll(async () => {
    sockets.closeAll()
    await s?.close()
  })

  const accessLog = async () =>
    (await s.call('GET', '/api/access-log?limit=200', { role: 'admin' })).body as Array<{ role: string; action: string; recordIds: string[]; requestId: string | null; recordType: string }>

  describe.each(TRANSPORTS)('over %s', (transport) => {
    it('refuses a handshake from a page on another origin, even one carrying a valid session cookie', async () => {
      const cookie = await sessionCookie(s, 'dispatcher')
      const port = Number(new URL(s.url).port)
      for (const origin of [`http://127.0.0.1:${port + 1}`, 'http://evil.example', 'null']) {
        const o = open(s.url, { transports: [transport], extraHeaders: { Origin: origin, Cookie: cookie }, auth: { lastSeq: 0 } })
        expect(await o.outcome, origin).toMatchObject({ ok: false })
        expect(o.events).toEqual([])
      }
    })

    it('accepts a handshake from the server’s own origin and from an origin in CORS_ORIGINS', async () => {
      const cookie = await sessionCookie(s, 'dispatcher')
      for (const origin of [new URL(s.url).origin, LISTED]) {
        const o = open(s.url, { transports: [transport], extraHeaders: { Origin: origin, Cookie: cookie }, auth: { lastSeq: 0 } })
        expect(await o.outcome, origin).toEqual({ ok: true })
        await o.synced
        expect(
          o.events.some((e) => e.incidentId === old.id && JSON.stringify(e).includes('Pak Lama')),
          origin,
        ).toBe(true)
      }
    })

    it('accepts a client with a bearer token that sends no Origin at all', async () => {
      const o = open(s.url, { transports: [transport], auth: { token: await tokenOf(s, 'dispatcher'), lastSeq: 0 } })
      expect(await o.outcome).toEqual({ ok: true })
      await o.synced
      expect(o.events.some((e) => e.incidentId === old.id)).toBe(true)
    })
  })

  it('gives a call-taker asking for everything since seq 0 nothing from before their session, and what they missed since', async () => {
    s.clock.advance(60_000)
    const token = await tokenOf(s, 'call_taker') // signs in now, after the old report
    s.clock.advance(1_000)
    const first = open(s.url, { auth: { token, lastSeq: 0 } })
    const seq = await first.synced
    expect(first.events).toEqual([])
    first.socket.disconnect()

    const missed = (await s.report({ reporter: { name: 'Pak Baru', phone: '081300000002' }, location: near(-400) })).body
    await s.flush()
    const again = open(s.url, { auth: { token, lastSeq: 0 } })
    await again.synced
    expect(again.events.map((e) => e.incidentId)).toContain(missed.id)
    expect(again.events.filter((e) => e.incidentId === old.id)).toEqual([])
    expect(again.events.every((e) => e.seq > seq)).toBe(true)
  })

  it('sends a team’s phone on reconnect only its current case and its own status, not a case it no longer holds or never held', async () => {
    const a = await s.createTeam('SEC-A', near(100))
    const b = await s.createTeam('SEC-B', near(300))
    const assign = async (incidentId: string, teamId: string) => expect((await s.call('POST', `/api/incidents/${incidentId}/assign`, { role: 'dispatcher', body: { teamId } })).status).toBe(200)
    const lost = (await s.report({ reporter: { name: 'Ibu Pindah', phone: '081300000003' }, location: near(120) })).body
    await assign(lost.id, a.id)
    await assign(lost.id, b.id) // reassigned away from A
    const current = (await s.report({ location: near(140) })).body
    await assign(current.id, a.id)
    const never = (await s.report({ location: near(160) })).body
    await s.flush()

    const phoneA = open(s.url, { auth: { token: await tokenOf(s, 'team', a.id), lastSeq: 0 } })
    await phoneA.synced
    const byIncident = (events: LogEvent[], id: string) => events.filter((e) => e.incidentId === id)
    expect(byIncident(phoneA.events, lost.id)).toEqual([])
    expect(byIncident(phoneA.events, never.id)).toEqual([])
    expect(byIncident(phoneA.events, old.id)).toEqual([])
    expect(byIncident(phoneA.events, current.id).map((e) => e.type)).toContain('incident.assigned')
    expect(phoneA.events.every((e) => e.incidentId === current.id || (e.incidentId === null && e.teamId === a.id))).toBe(true)

    const phoneB = open(s.url, { auth: { token: await tokenOf(s, 'team', b.id), lastSeq: 0 } })
    await phoneB.synced
    expect(byIncident(phoneB.events, lost.id).map((e) => e.type)).toContain('incident.assigned')
    expect(phoneB.events.every((e) => e.incidentId === lost.id || (e.incidentId === null && e.teamId === b.id))).toBe(true)
  })

  it('still shows a call-taker’s console the teams’ live positions', async () => {
    const team = await s.createTeam('SEC-POS', near(700))
    const console = open(s.url, { auth: { token: await tokenOf(s, 'call_taker') } })
    await console.synced
    const seen: Array<{ teamId: string }> = []
    console.socket.on('team:positions', (batch) => seen.push(...batch))
    await s.postPosition(team.id, near(710))
    await eventually(() => seen.find((u) => u.teamId === team.id), 'the call-taker to see the position')
  })

  it('writes socket reads of personal data to the access log: a row per catch-up and per live subscription, naming the incidents', async () => {
    const team = await s.createTeam('SEC-LOG', near(500))
    const held = (await s.report({ location: near(520) })).body
    expect((await s.call('POST', `/api/incidents/${held.id}/assign`, { role: 'dispatcher', body: { teamId: team.id } })).status).toBe(200)
    await s.flush()

    const console = open(s.url, { auth: { token: await tokenOf(s, 'dispatcher'), lastSeq: 0 } })
    await console.synced
    const requestId = `socket:${console.socket.id}`
    const rows = await eventually(async () => {
      const mine = (await accessLog()).filter((r) => r.requestId === requestId)
      return mine.length >= 2 ? mine : null
    }, 'the console’s access-log rows')
    const catchUp = rows.find((r) => r.action === 'socket:catch-up')!
    expect(catchUp).toMatchObject({ role: 'dispatcher', recordType: 'events' })
    expect(catchUp.recordIds).toEqual(expect.arrayContaining([old.id, held.id]))
    const subscribe = rows.find((r) => r.action === 'socket:subscribe')!
    expect(subscribe.recordIds).toEqual(expect.arrayContaining([old.id, held.id]))

    const phone = open(s.url, { auth: { token: await tokenOf(s, 'team', team.id) } })
    await phone.synced
    const teamRow = await eventually(async () => (await accessLog()).find((r) => r.requestId === `socket:${phone.socket.id}` && r.action === 'socket:subscribe'), 'the phone’s subscription row')
    expect(teamRow).toMatchObject({ role: 'team', recordIds: [held.id] })
  })
})
