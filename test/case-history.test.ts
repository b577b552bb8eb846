import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseHistoryPage } from '@shared/case-history.js'
import { BACKENDS } from './support/backends.js'
import { DEPOK, near, startTestServer, type TestServer } from './support/server.js'

/** Issue #10, item 3: find any case again, open or closed, page by page, every read logged. */
describe.each(BACKENDS)('case history on $name', (backend) => {
  let s: TestServer
  let teamA: { id: string }
  let shelter: { id: string }
  let handedOver: { id: string; trackingCode: string }
  let falseReport: { id: string; trackingCode: string }
  let open: { id: string; trackingCode: string }
  const start = new Date('2026-11-02T01:00:00Z')

  const search = (qs: string, role: 'admin' | 'dispatcher' | 'call_taker' | 'viewer' | 'team' = 'dispatcher') =>
    s.call<CaseHistoryPage>('GET', `/api/case-history${qs ? `?${qs}` : ''}`, { role, teamId: role === 'team' ? teamA.id : undefined })
  const ids = async (qs: string) => {
    const r = await search(qs)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r.body.items.map((i) => i.id)
  }

  beforeAll(async () => {
    // The cases span three weeks; one sign-in per role lasts through them.
    s = await startTestServer(backend, { ASSIGNMENT_MODE: 'manual', DUPLICATE_RADIUS_M: 0, SESSION_TTL_HOURS: 24 * 30 })
    s.clock.set(start)
    teamA = await s.createTeam('HIST-A', near(100))
    shelter = (
      await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'Rumah Singgah Riwayat', kind: 'shelter', location: near(300), capacity: 10, accepts: ['homeless', 'sick', 'odgj'] } })
    ).body

    // 2 November: a homeless man taken to the shelter by team A, case closed.
    handedOver = (await s.report({ category: 'homeless', location: DEPOK, description: 'Bapak tua tidur di halte bus, 100% basah' })).body
    expect((await s.call('POST', `/api/incidents/${handedOver.id}/assign`, { role: 'dispatcher', body: { teamId: teamA.id } })).status).toBe(200)
    for (const to of ['acknowledged', 'en_route', 'on_scene', 'transporting']) {
      s.clock.advance(60_000)
      expect((await s.call('POST', `/api/incidents/${handedOver.id}/transitions`, { role: 'team', teamId: teamA.id, body: { to } })).status).toBe(200)
    }
    const ho = await s.call('POST', '/api/handovers', {
      role: 'team',
      teamId: teamA.id,
      body: { incidentId: handedOver.id, teamId: teamA.id, destinationId: shelter.id, person: { condition: 'lemah' }, receivedBy: 'Petugas' },
    })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
    expect((await s.call('POST', `/api/incidents/${handedOver.id}/transitions`, { role: 'dispatcher', body: { to: 'closed', disposition: 'handed_over' } })).status).toBe(200)

    // 10 November: a prank call about a sick woman.
    s.clock.set(new Date('2026-11-10T03:00:00Z'))
    falseReport = (await s.report({ category: 'sick', location: near(50), description: 'Ibu pingsan di pasar' })).body
    expect((await s.call('POST', `/api/incidents/${falseReport.id}/transitions`, { role: 'dispatcher', body: { to: 'cancelled', disposition: 'false_report', note: 'iseng' } })).status).toBe(200)

    // 20 November: still waiting.
    s.clock.set(new Date('2026-11-20T05:00:00Z'))
    open = (await s.report({ category: 'odgj', location: near(-80), description: 'Pemuda berteriak di taman' })).body
  })
  afterAll(async () => {
    await s?.close()
  })

  it('finds closed, cancelled and open cases alike, newest first', async () => {
    expect(await ids('')).toEqual([open.id, falseReport.id, handedOver.id])
    expect(await ids('status=closed,cancelled')).toEqual([falseReport.id, handedOver.id])
  })

  it('filters by tracking code (whole, or its start in any case), dates, area, category, disposition, team, destination and words', async () => {
    expect(await ids(`code=${handedOver.trackingCode}`)).toEqual([handedOver.id])
    expect(await ids(`code=${falseReport.trackingCode.slice(0, 6).toLowerCase()}`)).toContain(falseReport.id)
    expect(await ids('from=2026-11-05T00:00:00%2B07:00&to=2026-11-15T00:00:00%2B07:00')).toEqual([falseReport.id])
    expect(await ids('kecamatan=pancoran%20mas')).toEqual([open.id, falseReport.id, handedOver.id])
    expect(await ids('kecamatan=Cimanggis')).toEqual([])
    const kelurahan = (await s.incident(handedOver.id)).area.kelurahan!
    expect(await ids(`kelurahan=${encodeURIComponent(kelurahan)}`)).toContain(handedOver.id)
    expect(await ids('category=sick,odgj')).toEqual([open.id, falseReport.id])
    expect(await ids('disposition=false_report')).toEqual([falseReport.id])
    expect(await ids(`teamId=${teamA.id}`)).toEqual([handedOver.id])
    expect(await ids(`destinationId=${shelter.id}`)).toEqual([handedOver.id])
    expect(await ids('text=HALTE%20bapak')).toEqual([handedOver.id])
    expect(await ids('text=halte%20pasar')).toEqual([])
    // LIKE wildcards in the words are literal.
    expect(await ids('text=100%25')).toEqual([handedOver.id])
    expect(await ids('text=_u')).toEqual([])
  })

  it('pages by cursor without skipping or repeating cases reported in the same instant, with no cap', async () => {
    s.clock.set(new Date('2026-11-21T05:00:00Z'))
    const same: string[] = []
    for (let i = 0; i < 7; i++) same.push((await s.report({ category: 'elderly', location: near(10 * i), description: `lansia ${i}` })).body.id)
    const seen: string[] = []
    let after: string | null = null
    let pages = 0
    do {
      const r = await search(`category=elderly&limit=3${after ? `&after=${encodeURIComponent(after)}` : ''}`)
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      seen.push(...r.body.items.map((i) => i.id))
      after = r.body.next
      pages++
    } while (after)
    expect(pages).toBe(3)
    expect(seen.length).toBe(7)
    expect(new Set(seen)).toEqual(new Set(same))
    const exact = await search('category=elderly&limit=7')
    expect(exact.body.next).toBeNull()
  })

  it('writes each read to the access log with the cases it returned', async () => {
    const before = Number((await s.db.sql`select coalesce(max(id), 0) as n from access_log`)[0]!.n)
    const r = await search('status=closed,cancelled', 'admin')
    const rows = await s.db.sql`select user_id, role, record_type, action, record_ids from access_log where id > ${before}`
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ user_id: await s.userIdOf('admin'), role: 'admin', record_type: 'incident', action: 'history' })
    expect([...rows[0]!.record_ids].sort()).toEqual(r.body.items.map((i) => i.id).sort())
    expect(r.body.items[0]).toMatchObject({ description: 'Ibu pingsan di pasar' })
  })

  it('answers bad filters with 400 naming the field, and other roles with 403 or 401', async () => {
    const field = async (qs: string) => ((await search(qs)).body as any).error.issues.map((i: { path: string }) => i.path)
    expect(await field('status=open')).toEqual(['query.status.0'])
    expect(await field('category=unicorn')).toEqual(['query.category.0'])
    expect(await field('disposition=')).toEqual(['query.disposition'])
    expect(await field('teamId=x')).toEqual(['query.teamId'])
    expect(await field('code=a%25')).toEqual(['query.code'])
    expect(await field('limit=1000')).toEqual(['query.limit'])
    expect(await field('after=yesterday')).toEqual(['query.after'])
    expect(await field('from=1999-01-01T00:00:00Z')).toEqual(['query.from'])
    expect(await field('text=x')).toEqual(['query.text'])
    expect((await search('', 'call_taker')).status).toBe(200)
    expect((await search('', 'viewer')).status).toBe(403)
    expect((await search('', 'team')).status).toBe(403)
    expect((await s.call('GET', '/api/case-history')).status).toBe(401)
  })
})
