import ExcelJS from 'exceljs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveWeb } from '../../server/web.js'
import { BACKENDS } from '../support/backends.js'
import { DEPOK, startTestServer, type TestServer } from '../support/server.js'
import { createAccount, signIn, waitForAttr } from './support/app.js'
import { buildWebOnce } from './support/web-build.js'
import { DESKTOP, PHONE, launchBrowser, openContext, screenshot, type OpenContext } from './support/browser.js'

const BEJI = { lon: 106.8191, lat: -6.3733 }

describe('the reports page and the public summary', () => {
  let s: TestServer
  let browser: Browser
  const opened: OpenContext[] = []
  const open = async (viewport = DESKTOP) => {
    const c = await openContext(browser, s.url, { viewport })
    opened.push(c)
    return c
  }

  beforeAll(async () => {
    const dir = await buildWebOnce()
    // Manual assignment, so the seeded cases go exactly where the test sends them.
    ;[s, browser] = await Promise.all([startTestServer(BACKENDS[0]!, { ASSIGNMENT_MODE: 'manual' }, undefined, { extend: (app) => serveWeb(app, dir) }), launchBrowser()])
    await createAccount(s, 'viewer-rep', 'viewer')
    const now = s.clock.now()
    const team = (await s.createTeam('REP-1', DEPOK)).id
    const shelter = (
      await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'Rumah Singgah Uji', kind: 'shelter', location: DEPOK, capacity: 50, occupancy: 0, accepts: ['sick', 'homeless'] } })
    ).body.id
    const step = async (id: string, to: string, minutes: number, role: 'team' | 'dispatcher' = 'team', extra: object = {}) => {
      s.clock.advance(minutes * 60_000)
      const r = await s.call('POST', `/api/incidents/${id}/transitions`, { role, teamId: role === 'team' ? team : undefined, body: { to, ...extra } })
      if (r.status !== 200) throw new Error(`${to}: ${r.status} ${JSON.stringify(r.body)}`)
    }
    // Sessions were opened at `now`; the seeded months lie before it (31 days apart: five distinct months).
    for (let back = 4; back >= 0; back--) {
      s.clock.set(new Date(now.getTime() - back * 31 * 24 * 3600_000 - 6 * 3600_000))
      for (let i = 0; i < 3 + back; i++) {
        const r = await s.report({ location: i % 3 === 0 ? BEJI : DEPOK, category: i % 2 ? 'homeless' : 'sick' })
        const id = r.body.id as string
        if (i === 0 || i === 3) {
          s.clock.advance((2 + i + back) * 60_000)
          await s.call('POST', `/api/incidents/${id}/assign`, { role: 'dispatcher', body: { teamId: team } })
          await step(id, 'acknowledged', 1)
          await step(id, 'en_route', 2)
          await step(id, 'on_scene', 12 + 4 * back)
          await step(id, 'transporting', 10)
          s.clock.advance(20 * 60_000)
          const ho = await s.call('POST', '/api/handovers', {
            role: 'team',
            teamId: team,
            body: { incidentId: id, teamId: team, destinationId: shelter, person: { condition: 'lemah' }, receivedBy: 'Petugas' },
          })
          if (ho.status !== 201) throw new Error(`handover: ${ho.status} ${JSON.stringify(ho.body)}`)
          await step(id, 'closed', 5, 'dispatcher', { disposition: 'handed_over' })
          await s.call('POST', `/api/teams/${team}/status`, { role: 'team', teamId: team, body: { status: 'available' } })
        } else if (i === 1) {
          await step(id, 'cancelled', 3, 'dispatcher', { disposition: 'false_report', note: 'iseng' })
        }
      }
    }
    s.clock.set(now)
  }, 180_000)

  afterAll(async () => {
    for (const c of opened) await c.context.close().catch(() => {})
    await browser?.close()
    await s?.close()
  })

  it('shows a viewer the figures, the chart and the tables, in Indonesian and English, and downloads the workbook', { timeout: 90_000 }, async () => {
    const { page, errors } = await open(DESKTOP)
    await page.goto('/reports', { waitUntil: 'domcontentloaded' })
    await signIn(page, 'viewer-rep')
    await waitForAttr(page, 'reports-page', 'data-loading', 'false')
    // 3+4+5+6+7 reports over five months, one false report a month; nine reached on scene.
    expect(await page.getByTestId('kpi-received').locator('.kpi-value').textContent()).toBe('25')
    expect(await page.getByTestId('kpi-cases').locator('.kpi-value').textContent()).toBe('20')
    await page.getByTestId('report-chart').locator('canvas').waitFor()
    const groups = page.getByTestId('report-groups')
    expect(await groups.textContent()).toContain('Pancoran Mas')
    expect(await groups.textContent()).toContain('32.76.06')
    expect(await page.getByTestId('report-intervals').locator('tr[data-interval="response"] td').first().textContent()).toBe('9')
    await screenshot(page, 'reports-desktop')

    await page.getByTestId('report-group-by').selectOption('month')
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="report-groups"] tbody tr').length === 5)

    const xlsx = await page.request.get(
      await page
        .getByTestId('report-export-xlsx')
        .getAttribute('href')
        .then((h) => h!),
    )
    expect(xlsx.status()).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(new Uint8Array(await xlsx.body()).buffer)
    // Grouped by month, the month sheet is the table itself.
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Per bulan', 'Keterangan'])

    await page.emulateMedia({ media: 'print' })
    expect(await page.getByTestId('report-print').isVisible()).toBe(false)
    await screenshot(page, 'reports-print')
    await page.emulateMedia({ media: 'screen' })

    await page.getByTestId('lang-en').click()
    await page.getByRole('heading', { name: 'Monthly report' }).waitFor()
    expect(await page.getByTestId('report-kpis').textContent()).toContain('Reports received')
    expect(errors).toEqual([])
  })

  it('fits a 360 px phone', { timeout: 60_000 }, async () => {
    const { page, errors } = await open(PHONE)
    await page.goto('/reports', { waitUntil: 'domcontentloaded' })
    await signIn(page, 'viewer-rep')
    await waitForAttr(page, 'reports-page', 'data-loading', 'false')
    await page.getByTestId('report-chart').locator('canvas').waitFor()
    // Wide tables scroll inside their card; the page itself does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await screenshot(page, 'reports-phone')
    await page.getByTestId('report-groups').scrollIntoViewIfNeeded()
    await screenshot(page, 'reports-phone-table')
    expect(errors).toEqual([])
  })

  it('shows the public summary without an account, small counts hidden', { timeout: 60_000 }, async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const { page, errors } = await open(viewport)
      await page.goto('/summary', { waitUntil: 'domcontentloaded' })
      await page.getByTestId('summary-table').waitFor()
      const beji = page.locator('tr[data-kecamatan="Beji"] [data-col="cases"]')
      // This month: 3 reports, one in Beji, one false report: Beji's count is under five.
      expect(await beji.textContent()).toBe('<5')
      expect(await page.getByTestId('summary-suppression').textContent()).toContain('<5')
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
      await screenshot(page, viewport === PHONE ? 'summary-phone' : 'summary-desktop')
      expect(errors).toEqual([])
    }
  })
})
