import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { DEPOK, startTestServer, type TestServer } from './support/server.js'

/** A wall-clock time in Depok (WIB, UTC+7). */
const wib = (local: string) => new Date(`${local}:00+07:00`)
/** A point in Beji (Pancoran Mas is DEPOK). */
const BEJI = { lon: 106.8191, lat: -6.3733 }
/** Words that appear only in personal data of the cases below: no export may carry them. */
const PERSONAL = ['Rahasia', '081234567890', 'halte']

describe.each(BACKENDS)('the monthly report on $name', (backend) => {
  let s: TestServer
  const teams: Record<string, string> = {}
  const dest: Record<string, string> = {}

  const at = (local: string) => s.clock.set(wib(local))
  const ok = (r: { status: number; body: any }, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status)
    return r.body
  }
  const report = async (local: string, input: object = {}) => {
    at(local)
    return ok(await s.report(input), 201).id as string
  }
  const assign = async (local: string, id: string, team: string) => {
    at(local)
    ok(await s.call('POST', `/api/incidents/${id}/assign`, { role: 'dispatcher', body: { teamId: teams[team] } }))
  }
  const teamStep = async (local: string, id: string, team: string, to: string) => {
    at(local)
    ok(await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId: teams[team], body: { to } }))
  }
  const dispatcherStep = async (local: string, id: string, to: string, disposition?: string, note?: string) => {
    at(local)
    ok(await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'dispatcher', body: { to, disposition, note } }))
  }
  const handover = async (local: string, id: string, team: string, destination: string, handedOverAt?: string) => {
    at(local)
    const body = {
      incidentId: id,
      teamId: teams[team],
      destinationId: dest[destination],
      person: { name: 'Pak Rahasia', condition: 'lemah' },
      receivedBy: 'Petugas Rahasia',
      handedOverAt: handedOverAt && wib(handedOverAt).toISOString(),
    }
    ok(await s.call('POST', '/api/handovers', { role: 'team', teamId: teams[team], body }), 201)
  }

  beforeAll(async () => {
    // Sessions must outlive the month the clock crosses (the longest allowed: 30 days).
    s = await startTestServer(backend, { ASSIGNMENT_MODE: 'manual', SESSION_TTL_HOURS: 30 * 24 })
    at('2026-10-05T08:00')
    for (const t of ['T1', 'T2', 'T3', 'T4']) teams[t] = (await s.createTeam(`R-${t}`, DEPOK)).id
    for (const [name, kind] of [
      ['Shelter', 'shelter'],
      ['Hospital', 'hospital'],
    ] as const) {
      dest[name] = ok(
        await s.call('POST', '/api/destinations', { role: 'admin', body: { name: `Test ${name}`, kind, location: DEPOK, capacity: 10, occupancy: 0, accepts: ['sick', 'homeless'] } }),
        201,
      ).id
    }

    // The hand-computed set (docs/decisions/011-report-definitions.md); times are WIB.
    // A: a full pickup to the shelter. processing 120, turnout 180, travel 600, scene 900,
    // transport 1200, response 900, total 3000; the dispatcher's close 30 minutes later counts for nothing.
    const A = await report('2026-10-05T09:00', { reporter: { name: 'Ibu Rahasia', phone: '081234567890' }, description: 'tidur di halte' })
    await assign('2026-10-05T09:02', A, 'T1')
    await teamStep('2026-10-05T09:03', A, 'T1', 'acknowledged')
    await teamStep('2026-10-05T09:05', A, 'T1', 'en_route')
    // D: a second report of the same person, merged into A: counted as a duplicate, not a case.
    const D = await report('2026-10-05T09:06')
    at('2026-10-05T09:07')
    ok(await s.call('POST', `/api/incidents/${D}/merge`, { role: 'dispatcher', body: { into: A } }))
    await teamStep('2026-10-05T09:15', A, 'T1', 'on_scene')
    await teamStep('2026-10-05T09:30', A, 'T1', 'transporting')
    await handover('2026-10-05T09:50', A, 'T1', 'Shelter')
    await dispatcherStep('2026-10-05T10:20', A, 'closed', 'handed_over')

    // B (Beji): released on scene. processing 240, turnout 120, travel 1200, scene 600, response 1560.
    const B = await report('2026-10-10T14:00', { location: BEJI })
    await assign('2026-10-10T14:04', B, 'T2')
    await teamStep('2026-10-10T14:05', B, 'T2', 'acknowledged')
    await teamStep('2026-10-10T14:06', B, 'T2', 'en_route')
    await teamStep('2026-10-10T14:26', B, 'T2', 'on_scene')
    await dispatcherStep('2026-10-10T14:36', B, 'closed', 'released_on_scene', 'dibawa pulang keluarga')

    // C: a false report, assigned for a minute: no intervals (its processing would be 60).
    const C = await report('2026-10-15T11:00', { category: 'homeless' })
    await assign('2026-10-15T11:01', C, 'T1')
    await dispatcherStep('2026-10-15T11:06', C, 'cancelled', 'false_report', 'iseng')

    // E: cancelled by the reporter while the team was on the way: processing 300 (exactly the
    // target: within), turnout 120, nothing after.
    const E = await report('2026-10-20T08:00')
    await assign('2026-10-20T08:05', E, 'T3')
    await teamStep('2026-10-20T08:06', E, 'T3', 'acknowledged')
    await teamStep('2026-10-20T08:07', E, 'T3', 'en_route')
    await dispatcherStep('2026-10-20T08:10', E, 'cancelled', 'cancelled_by_reporter')

    // F: reopened. T1 went and did not find the person; the case went back to the queue and T2
    // found them; the handover was recorded 5 minutes after it happened. processing 60,
    // turnout 120 (T1's), travel 600 (T2's trip), scene 300, transport 600, response 2880, total 3780.
    const F = await report('2026-10-25T10:00')
    await assign('2026-10-25T10:01', F, 'T1')
    await teamStep('2026-10-25T10:02', F, 'T1', 'acknowledged')
    await teamStep('2026-10-25T10:03', F, 'T1', 'en_route')
    await teamStep('2026-10-25T10:23', F, 'T1', 'not_found')
    at('2026-10-25T10:33')
    ok(await s.call('POST', `/api/incidents/${F}/unassign`, { role: 'dispatcher' }))
    await assign('2026-10-25T10:35', F, 'T2')
    await teamStep('2026-10-25T10:36', F, 'T2', 'acknowledged')
    await teamStep('2026-10-25T10:38', F, 'T2', 'en_route')
    await teamStep('2026-10-25T10:48', F, 'T2', 'on_scene')
    await teamStep('2026-10-25T10:53', F, 'T2', 'transporting')
    await handover('2026-10-25T11:08', F, 'T2', 'Hospital', '2026-10-25T11:03')

    // G: 23:30 WIB on 31 October (16:30 UTC), still open: October. processing 180.
    const G = await report('2026-10-31T23:30')
    await assign('2026-10-31T23:33', G, 'T3')
    // H: 00:30 WIB on 1 November, which is still 31 October in UTC: November. processing 120.
    const H = await report('2026-11-01T00:30')
    await assign('2026-11-01T00:32', H, 'T4')
    at('2026-11-01T00:35')
  })
  afterAll(async () => {
    await s?.close()
  })

  it('counts October by outcome, leaving false reports and duplicates out of the cases', async () => {
    const r = ok(await s.call('GET', '/api/reports?from=2026-10&to=2026-10&groupBy=month', { role: 'viewer' }))
    expect(r.period).toEqual({ from: '2026-10-01', to: '2026-10-31', start: '2026-09-30T17:00:00.000Z', end: '2026-10-31T17:00:00.000Z' })
    expect(r.total.received).toBe(7)
    expect(r.total.cases).toBe(5)
    expect(r.total.outcomes).toEqual({
      handed_over: 2,
      released_on_scene: 1,
      refused_help: 0,
      referred_other_agency: 0,
      not_found: 0,
      cancelled_by_reporter: 1,
      false_report: 1,
      duplicate: 1,
      open: 1,
    })
    expect(r.total.handedOverTo).toEqual({ shelter: 1, hospital: 1 })
  })

  it('gives the hand-computed p50, p90 and share within target of every interval', async () => {
    const r = ok(await s.call('GET', '/api/reports?from=2026-10&to=2026-10&groupBy=month', { role: 'viewer' }))
    // Targets from db/seeds/depok/city.json: processing 300, turnout 300, travel 1800, response 2700.
    expect(r.total.intervals).toEqual({
      processing: { n: 5, p50S: 180, p90S: 276, targetS: 300, withinTarget: 1 },
      turnout: { n: 4, p50S: 120, p90S: 162, targetS: 300, withinTarget: 1 },
      travel: { n: 3, p50S: 600, p90S: 1080, targetS: 1800, withinTarget: 1 },
      scene: { n: 3, p50S: 600, p90S: 840, targetS: null, withinTarget: null },
      transport: { n: 2, p50S: 900, p90S: 1140, targetS: null, withinTarget: null },
      response: { n: 3, p50S: 1560, p90S: 2616, targetS: 2700, withinTarget: 2 / 3 },
      total: { n: 2, p50S: 3390, p90S: 3702, targetS: null, withinTarget: null },
    })
  })

  it('puts a case at 00:30 WIB on 1 November in November and one at 23:30 WIB on 31 October in October', async () => {
    const r = ok(await s.call('GET', '/api/reports?from=2026-10&to=2026-11&groupBy=month', { role: 'viewer' }))
    expect(r.series.map((m: any) => [m.key, m.received, m.cases, m.outcomes.open])).toEqual([
      ['2026-10', 7, 5, 1],
      ['2026-11', 1, 1, 1],
    ])
    expect(r.groups.map((m: any) => m.key)).toEqual(['2026-10', '2026-11'])
    expect(r.series[1].intervals.processing).toMatchObject({ n: 1, p50S: 120 })
    // A period of one day: only the case of 31 October.
    const day = ok(await s.call('GET', '/api/reports?from=2026-10-31&to=2026-10-31', { role: 'viewer' }))
    expect(day.total.received).toBe(1)
    expect(day.total.intervals.processing.p50S).toBe(180)
  })

  it('groups by kecamatan with Kemendagri codes, by team (the last assigned), destination and category', async () => {
    const q = (g: string) => s.call('GET', `/api/reports?from=2026-10&to=2026-10&groupBy=${g}`, { role: 'dispatcher' }).then((r) => ok(r).groups as any[])
    const kec = await q('kecamatan')
    expect(kec.map((g) => [g.code, g.label, g.received, g.cases])).toEqual([
      ['32.76.06', 'Beji', 1, 1],
      ['32.76.01', 'Pancoran Mas', 6, 4],
    ])
    expect(kec[0].intervals.response).toMatchObject({ n: 1, p50S: 1560 })
    const kel = await q('kelurahan')
    expect(kel.reduce((n, g) => n + g.received, 0)).toBe(7)
    for (const g of kel) expect(g.code).toMatch(/^32\.76\.\d{2}\.\d{4}$/)
    const byTeam = Object.fromEntries((await q('team')).map((g) => [g.label ?? 'none', g.received]))
    expect(byTeam).toEqual({ 'R-T1': 2, 'R-T2': 2, 'R-T3': 2, none: 1 })
    const byDest = Object.fromEntries((await q('destination')).map((g) => [g.label ?? 'none', [g.kind, g.received]]))
    expect(byDest).toEqual({ 'Test Shelter': ['shelter', 1], 'Test Hospital': ['hospital', 1], none: [null, 5] })
    const byCat = Object.fromEntries((await q('category')).map((g) => [g.key, g.received]))
    expect(byCat).toEqual({ sick: 6, homeless: 1 })
    const byOutcome = Object.fromEntries((await q('disposition')).map((g) => [g.key, g.received]))
    expect(byOutcome).toMatchObject({ handed_over: 2, false_report: 1, duplicate: 1, open: 1 })
  })

  it('keeps the old /api/stats answering, with the corrected definitions, and points to its successor', async () => {
    const r = await s.call('GET', `/api/stats?from=${encodeURIComponent('2026-10-01T00:00:00+07:00')}&to=${encodeURIComponent('2026-11-01T00:00:00+07:00')}`, { role: 'viewer' })
    ok(r)
    expect(r.headers.get('deprecation')).toBe('true')
    expect(r.headers.get('link')).toContain('/api/reports')
    const pm = r.body.find((k: any) => k.kecamatan === 'Pancoran Mas')
    // A, E, F, G: the false report and the duplicate are not counted; total runs to the handover.
    expect(pm).toMatchObject({ reported: 4, handedOver: 2, cancelled: 1, medianTotalS: 3390, medianResponseS: 1890 })
  })

  it('refuses bad periods and groupings with a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['groupBy=street', 'query.groupBy'],
      ['from=2026-13', 'query.from'],
      ['from=2026-02-30', 'query.from'],
      ['from=2026-11&to=2026-10', 'query.to'],
      ['from=2020-01&to=2026-10', 'query.to'],
    ]
    for (const [qs, field] of cases) {
      const r = await s.call('GET', `/api/reports?${qs}`, { role: 'viewer' })
      expect(r.status, qs).toBe(400)
      expect(
        r.body.error.issues.map((i: any) => i.path),
        qs,
      ).toContain(field)
    }
    expect((await s.call('GET', '/api/reports/export?format=pdf', { role: 'viewer' })).body.error.issues[0].path).toBe('query.format')
  })

  it('does not let a viewer split by destination, which would show where a person was taken', async () => {
    const r = await s.call('GET', '/api/reports?from=2026-10-25&to=2026-10-25&groupBy=destination', { role: 'viewer' })
    expect(r.status).toBe(403)
    expect(r.body.error.issues[0].path).toBe('query.groupBy')
    expect((await s.call('GET', '/api/reports/export?format=csv&groupBy=destination', { role: 'viewer' })).status).toBe(403)
    expect((await s.call('GET', '/api/reports?groupBy=destination', { role: 'admin' })).status).toBe(200)
  })

  it('is for staff who may read statistics only', async () => {
    expect((await s.call('GET', '/api/reports')).status).toBe(401)
    expect((await s.call('GET', '/api/reports', { role: 'team', teamId: teams.T1 })).status).toBe(403)
    expect((await s.call('GET', '/api/reports/export?format=csv', { role: 'call_taker' })).status).toBe(403)
  })

  it('exports an XLSX a viewer can open: Indonesian headers, codes beside names, numbers as numbers, months as dates, nothing personal', async () => {
    const res = await fetch(`${s.url}/api/reports/export?format=xlsx&from=2026-10&to=2026-11&groupBy=kecamatan`, { headers: await s.headersFor('viewer') })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    expect(res.headers.get('content-disposition')).toContain('laporan-trc-kecamatan-2026-10-01-2026-11-30.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Per kecamatan', 'Per bulan', 'Keterangan'])

    const sheet = wb.getWorksheet('Per kecamatan')!
    const headers = (sheet.getRow(1).values as unknown[]).slice(1)
    const col = (h: string) => headers.indexOf(h) + 1
    expect(headers.slice(0, 4)).toEqual(['Kode Kemendagri', 'Kecamatan', 'Laporan masuk', 'Kasus (tanpa laporan palsu dan ganda)'])
    expect(sheet.getRow(2).getCell(1).value).toBe('32.76.06')
    expect(sheet.getRow(2).getCell(2).value).toBe('Beji')
    expect(sheet.getRow(2).getCell(col('Laporan masuk')).value).toBe(1)
    expect(sheet.getRow(2).getCell(col('Waktu tanggap p50 (menit)')).value).toBe(26)
    expect(sheet.getRow(3).getCell(2).value).toBe('Pancoran Mas')
    expect(sheet.getRow(3).getCell(col('Laporan palsu / keliru')).value).toBe(1)
    expect(sheet.getRow(3).getCell(col('Laporan palsu / keliru')).type).toBe(ExcelJS.ValueType.Number)
    const total = sheet.getRow(4)
    expect(total.getCell(1).value).toBe('Jumlah')
    expect(total.getCell(col('Laporan masuk')).value).toBe(8)
    expect(total.getCell(col('Diserahkan ke: Rumah sakit')).value).toBe(1)

    const months = wb.getWorksheet('Per bulan')!
    const mh = (months.getRow(1).values as unknown[]).slice(1)
    expect(mh[0]).toBe('Bulan')
    const oct = months.getRow(2)
    expect(oct.getCell(1).type).toBe(ExcelJS.ValueType.Date)
    expect((oct.getCell(1).value as Date).toISOString()).toBe('2026-10-01T00:00:00.000Z')
    expect(oct.getCell(1).numFmt).toBe('mmm yyyy')
    expect(oct.getCell(mh.indexOf('Kasus (tanpa laporan palsu dan ganda)') + 1).value).toBe(5)
    expect(oct.getCell(mh.indexOf('Waktu proses p90 (menit)') + 1).value).toBe(4.6)
    expect(oct.getCell(mh.indexOf('Waktu tanggap: dalam target') + 1).value).toBeCloseTo(2 / 3)
    expect(oct.getCell(mh.indexOf('Waktu tanggap: dalam target') + 1).numFmt).toBe('0%')
    expect(months.getRow(3).getCell(mh.indexOf('Laporan masuk') + 1).value).toBe(1)

    const about = wb.getWorksheet('Keterangan')!
    expect(about.getRow(2).getCell(2).value).toEqual(new Date('2026-10-01T00:00:00Z'))
    expect(about.getRow(3).getCell(2).value).toEqual(new Date('2026-11-30T00:00:00Z'))

    const text: string[] = []
    for (const w of wb.worksheets) w.eachRow((row) => row.eachCell((c) => text.push(String(c.value))))
    for (const word of PERSONAL) expect(text.join('\n')).not.toContain(word)
  })

  it('exports the same table as CSV, with nothing personal', async () => {
    const r = await s.call('GET', '/api/reports/export?format=csv&from=2026-10&to=2026-10&groupBy=team', { role: 'viewer' })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toContain('text/csv')
    const rows = Papa.parse<string[]>(r.body as string).data
    expect(rows[0]!.slice(0, 3)).toEqual(['Tim', 'Laporan masuk', 'Kasus (tanpa laporan palsu dan ganda)'])
    expect(rows.find((x) => x[0] === 'R-T2')!.slice(1, 3)).toEqual(['2', '2'])
    expect(rows.at(-1)!.slice(0, 3)).toEqual(['Jumlah', '7', '5'])
    for (const word of PERSONAL) expect(r.body).not.toContain(word)
  })
})

describe.each(BACKENDS)('the public summary on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer(backend, { ASSIGNMENT_MODE: 'manual' })
    s.clock.set(wib('2026-11-10T08:00'))
    // Six cases in Pancoran Mas, two in Beji; one false report in Beji (not a case); one case last month.
    for (let i = 0; i < 6; i++) expect((await s.report({ location: { lon: DEPOK.lon + i * 0.002, lat: DEPOK.lat } })).status).toBe(201)
    for (let i = 0; i < 2; i++) expect((await s.report({ location: { lon: BEJI.lon + i * 0.002, lat: BEJI.lat } })).status).toBe(201)
    const prank = (await s.report({ location: BEJI, category: 'homeless' })).body.id
    expect((await s.call('POST', `/api/incidents/${prank}/transitions`, { role: 'dispatcher', body: { to: 'cancelled', disposition: 'false_report', note: 'iseng' } })).status).toBe(200)
    s.clock.set(wib('2026-10-31T23:30'))
    expect((await s.report({ location: BEJI })).status).toBe(201)
    s.clock.set(wib('2026-11-20T12:00'))
  })
  afterAll(async () => {
    await s?.close()
  })

  it('needs no account and suppresses counts under five, and whatever would give them away', async () => {
    const r = await s.call('GET', '/api/public/summary')
    expect(r.status).toBe(200)
    expect(r.headers.get('cache-control')).toContain('public')
    const sum = r.body
    expect(sum).toMatchObject({ month: '2026-11', timezone: 'Asia/Jakarta', minCell: 5 })
    const row = (name: string) => sum.rows.find((x: any) => x.kecamatan === name)
    expect(row('Beji')).toMatchObject({ kecamatanCode: '32.76.06', cases: '<5', outcomes: { other: '<5', handed_over: 0 }, medianResponseS: null })
    // 6 could be published, but with the city's total of 8 beside it would reveal Beji's 2.
    expect(row('Pancoran Mas')).toMatchObject({ cases: 'x', outcomes: { other: 'x' } })
    expect(row('Cinere')).toMatchObject({ cases: 0 })
    expect(sum.rows).toHaveLength(11)
    expect(sum.total).toMatchObject({ cases: 8, outcomes: { other: 8 } })
    expect(JSON.stringify(sum)).not.toMatch(/"cases":2\b|"other":2\b/)
  })

  it('publishes the same as open-data CSV', async () => {
    const r = await s.call('GET', '/api/public/summary.csv')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-disposition')).toContain('ringkasan-trc-2026-11.csv')
    const rows = Papa.parse<string[]>(r.body as string).data
    expect(rows[0]!.slice(0, 4)).toEqual(['Bulan', 'Kode Kemendagri', 'Kecamatan', 'Kasus'])
    expect(rows.find((x) => x[2] === 'Beji')!.slice(0, 4)).toEqual(['2026-11', '32.76.06', 'Beji', '<5'])
    expect(rows.at(-1)!.slice(2, 4)).toEqual(['Jumlah', '8'])
  })

  it('is computed at most once a minute, however often it is asked for', async () => {
    const before = (await s.call('GET', '/api/public/summary')).body
    expect((await s.report({ location: BEJI })).status).toBe(201)
    expect((await s.call('GET', '/api/public/summary')).body).toEqual(before)
    s.clock.advance(61_000)
    const after = (await s.call('GET', '/api/public/summary')).body
    expect(after.total.cases).toBe(9)
    expect(after.generatedAt).not.toBe(before.generatedAt)
  })

  it('takes its threshold from the configuration', async () => {
    const low = await startTestServer(backend, { PUBLIC_MIN_CELL: 2 }, { db: s.db, dispose: async () => {} })
    try {
      low.clock.set(wib('2026-11-20T12:00'))
      const sum = (await low.call('GET', '/api/public/summary')).body
      expect(sum.minCell).toBe(2)
      // Two in Beji, and the one the caching test added.
      expect(sum.rows.find((x: any) => x.kecamatan === 'Beji')).toMatchObject({ cases: 3 })
      expect(sum.rows.find((x: any) => x.kecamatan === 'Pancoran Mas')).toMatchObject({ cases: 6 })
    } finally {
      await low.close()
    }
  })
})
