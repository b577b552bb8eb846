import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { BACKENDS } from './support/backends.js'
import { handOver, pickedUp } from './support/pickup.js'
import { near, startTestServer, type TestServer } from './support/server.js'

/**
 * The monthly report by shift, and people reached / picked up again (issue #10, item 4),
 * against a hand-computed set. Depok's shifts: pagi 07:00, siang 15:00, malam 23:00 WIB (UTC+7).
 *
 *   case | reported (WIB)     | shift | outcome           | person
 *   1    | 5 Oct 08:00        | pagi  | handed over       | P1 (new)
 *   2    | 5 Oct 16:00        | siang | handed over       | P1 again
 *   3    | 6 Oct 02:00        | malam (of the 5th) | handed over | P2 (new)
 *   4    | 6 Oct 10:00        | pagi  | released on scene | none
 *
 * Total: 4 cases, people reached 2 (P1, P2), picked up again 1 (P1).
 * By shift: pagi 2 cases, 1 person, 0 again; siang 1, 1, 0; malam 1, 1, 0.
 */
describe.each(BACKENDS)('report by shift, people reached and repeat pickups on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend, { SESSION_TTL_HOURS: 24 * 30 })
    s.clock.set('2026-10-05T00:30:00Z')
    const team = (await s.createTeam('RP-1', near(0))).id
    const hospital = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'RSUD Uji', kind: 'hospital', location: near(900), accepts: ['sick'] } })).body.id as string
    const pickup = async (at: string, person: Record<string, unknown> | null, extra: Record<string, unknown> = {}) => {
      s.clock.set(at)
      await s.postPosition(team, near(0))
      const id = await pickedUp(s, team, 'sick')
      if (!person) return null
      const ho = await handOver(s, team, id, hospital, person, extra)
      expect(ho.status, JSON.stringify(ho.body)).toBe(201)
      return ho.body.personId as string
    }
    const p1 = await pickup('2026-10-05T01:00:00Z', { name: 'Pak Darto', sex: 'male' })
    expect(p1).toBeTruthy()
    expect(await pickup('2026-10-05T09:00:00Z', { name: 'Pak Darto', sex: 'male' }, { personId: p1 })).toBe(p1)
    expect(await pickup('2026-10-05T19:00:00Z', { name: 'Bu Sumi', sex: 'female' })).not.toBe(p1)
    // Case 4: the person is released on scene (no person record).
    s.clock.set('2026-10-06T03:00:00Z')
    await s.postPosition(team, near(0))
    const rep = await s.report({ category: 'sick', location: near(300, 300), description: 'case 4' })
    const id = rep.body.id as string
    if ((await s.incident(id)).teamId !== team) expect((await s.call('POST', `/api/incidents/${id}/assign`, { role: 'dispatcher', body: { teamId: team } })).status).toBe(200)
    for (const to of ['acknowledged', 'en_route', 'on_scene']) expect((await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId: team, body: { to } })).status).toBe(200)
    expect((await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'dispatcher', body: { to: 'closed', disposition: 'released_on_scene', note: 'pulang sendiri' } })).status).toBe(200)
    s.clock.set('2026-11-02T00:00:00Z')
  })
  afterAll(async () => {
    await s?.close()
  })

  it('counts people reached and picked up again, in the total and per shift', async () => {
    const r = await s.call('GET', '/api/reports?from=2026-10&to=2026-10&groupBy=shift', { role: 'viewer' })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.total).toMatchObject({ received: 4, cases: 4, personsReached: 2, personsPickedUpAgain: 1 })
    expect(r.body.groups.map((g: any) => [g.key, g.label, g.received, g.personsReached, g.personsPickedUpAgain])).toEqual([
      ['pagi', 'Pagi', 2, 1, 0],
      ['siang', 'Siang', 1, 1, 0],
      ['malam', 'Malam', 1, 1, 0],
    ])
    expect(r.body.series).toEqual([expect.objectContaining({ key: '2026-10', personsReached: 2, personsPickedUpAgain: 1 })])
    // By month, the one row holds both.
    const byMonth = await s.call('GET', '/api/reports?from=2026-10&to=2026-10&groupBy=month', { role: 'dispatcher' })
    expect(byMonth.body.groups).toEqual([expect.objectContaining({ key: '2026-10', personsReached: 2, personsPickedUpAgain: 1 })])
  })

  it('puts them in the CSV and the workbook, as numbers, grouped by shift', async () => {
    const csv = await s.call('GET', '/api/reports/export?format=csv&from=2026-10&to=2026-10&groupBy=shift', { role: 'viewer' })
    expect(csv.status).toBe(200)
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .split('\r\n')
    const head = lines[0]!.split(',')
    const col = (name: string) => head.indexOf(name)
    expect(col('Orang terjangkau (data orang)')).toBeGreaterThan(0)
    const cells = lines.slice(1).map((l) => l.split(','))
    expect(cells.map((c) => [c[0], c[col('Orang terjangkau (data orang)')], c[col('Orang dijemput lebih dari sekali')]])).toEqual([
      ['Pagi', '1', '0'],
      ['Siang', '1', '0'],
      ['Malam', '1', '0'],
      ['Jumlah', '2', '1'],
    ])
    const res = await fetch(`${s.url}/api/reports/export?format=xlsx&from=2026-10&to=2026-10&groupBy=shift`, { headers: await s.headersFor('viewer') })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
    const ws = wb.getWorksheet('Per shift')!
    const headers = (ws.getRow(1).values as unknown[]).slice(1)
    const persons = headers.indexOf('Orang terjangkau (data orang)') + 1
    expect(ws.getRow(1).getCell(1).value).toBe('Shift')
    expect([2, 3, 4, 5].map((n) => [ws.getRow(n).getCell(1).value, ws.getRow(n).getCell(persons).value, ws.getRow(n).getCell(persons + 1).value])).toEqual([
      ['Pagi', 1, 0],
      ['Siang', 1, 0],
      ['Malam', 1, 0],
      ['Jumlah', 2, 1],
    ])
  })
})
