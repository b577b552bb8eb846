import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Destination } from '@shared/destinations.js'
import type { Team } from '@shared/teams.js'
import { near, type TestServer } from '../support/server.js'
import { createAccount, signIn, startWebServer, waitForAttr } from './support/app.js'
import { DESKTOP, PHONE, launchBrowser, openContext, screenshot, unexpectedExternal, type OpenContext } from './support/browser.js'

describe('the admin screens', () => {
  let s: TestServer
  let browser: Browser
  const opened: OpenContext[] = []
  let example: Destination

  const open = async (opts: Parameters<typeof openContext>[2] = {}) => {
    const c = await openContext(browser, s.url, opts)
    opened.push(c)
    // Disabling an account and withdrawing the examples ask for a confirmation.
    c.page.on('dialog', (d) => void d.accept())
    return c
  }
  const openAdmin = async (viewport = DESKTOP): Promise<OpenContext> => {
    const c = await open({ viewport })
    await c.page.goto('/admin', { waitUntil: 'domcontentloaded' })
    await signIn(c.page, 'boss')
    await c.page.getByTestId('accounts').waitFor()
    return c
  }
  const tab = async (page: Page, name: 'accounts' | 'teams' | 'destinations' | 'history') => {
    await page.getByTestId(`tab-${name}`).click()
    await page.getByTestId(name).waitFor()
  }
  /** Puts the form's pin at the middle of its map. */
  const pickOnMap = async (page: Page, testId: string) => {
    await waitForAttr(page, testId, 'data-pin-ready', 'true')
    await page.getByTestId(testId).click()
    await page.getByTestId('map-pin').waitFor()
  }

  beforeAll(async () => {
    ;[s, browser] = await Promise.all([startWebServer(), launchBrowser()])
    await createAccount(s, 'boss', 'admin')
    await createAccount(s, 'sari', 'dispatcher')
    await createAccount(s, 'dodi', 'dispatcher')
    const r = await s.call('POST', '/api/destinations', {
      role: 'admin',
      body: { name: 'CONTOH Rumah Singgah', kind: 'shelter', location: near(200), capacity: 10, accepts: ['homeless'], isExample: true },
    })
    expect(r.status).toBe(201)
    example = r.body
  })
  afterEach(async () => {
    for (const c of opened.splice(0)) await c.context.close().catch(() => {})
  })
  afterAll(async () => {
    await browser?.close()
    await s?.close()
  })

  it('refuses the page to a signed-in dispatcher', { timeout: 60_000 }, async () => {
    const { page } = await open()
    await page.goto('/admin', { waitUntil: 'domcontentloaded' })
    await signIn(page, 'sari')
    await page.getByTestId('wrong-role').waitFor()
  })

  it('creates a team with members and a base on the map', { timeout: 90_000 }, async () => {
    const { page, errors, external } = await openAdmin()
    await tab(page, 'teams')
    await page.getByTestId('team-add').click()
    await page.getByTestId('team-call-sign').fill('TRC-9')
    await page.getByTestId('team-name').fill('Tim Sembilan')
    await page.getByTestId('team-members').fill('Budi Santoso\nSari Wulandari\n')
    await page.getByTestId('team-base-name').fill('Pos Balai Kota')
    await pickOnMap(page, 'team-base-map')
    await screenshot(page, 'admin-team-form-desktop')
    await page.getByTestId('team-save').click()
    await page.getByTestId('team-form').waitFor({ state: 'detached' })
    await page.locator('[data-testid="team-row"][data-call-sign="TRC-9"]').waitFor()
    const team = (await s.call<Team[]>('GET', '/api/teams', { role: 'admin' })).body.find((t) => t.callSign === 'TRC-9')!
    expect(team).toMatchObject({ name: 'Tim Sembilan', members: ['Budi Santoso', 'Sari Wulandari'], base: { name: 'Pos Balai Kota' }, status: 'off_duty' })
    expect(team.base!.lat).toBeCloseTo(-6.4, 0)
    const [logged] = await s.db.sql`select type, actor from events where team_id = ${team.id}`
    expect(logged).toMatchObject({ type: 'team.created', actor: { kind: 'admin' } })
    expect(errors).toEqual([])
    expect(unexpectedExternal(external)).toEqual([])
  })

  it('creates a destination, then replaces the example shelter with it', { timeout: 90_000 }, async () => {
    const { page, errors } = await openAdmin()
    await tab(page, 'destinations')
    await page.locator(`[data-testid="destination-row"][data-name="${example.name}"][data-example="true"]`).waitFor()
    await page.getByTestId('examples-note').waitFor()
    await screenshot(page, 'admin-destinations-desktop')

    await page.getByTestId('destination-add').click()
    await page.getByTestId('destination-name').fill('Rumah Singgah Dinas Sosial')
    await page.getByTestId('destination-kind').selectOption('shelter')
    await page.getByTestId('destination-capacity').fill('20')
    await page.getByTestId('destination-accepts-homeless').check()
    await page.getByTestId('destination-accepts-street_child').check()
    await page.getByTestId('destination-hours').fill('07:00-22:00')
    await page.getByTestId('destination-contact').fill('021-7777 0000')
    await pickOnMap(page, 'destination-map')
    await page.getByTestId('destination-save').click()
    await page.getByTestId('destination-form').waitFor({ state: 'detached' })
    await page.locator('[data-testid="destination-row"][data-name="Rumah Singgah Dinas Sosial"][data-example="false"]').waitFor()

    await page.getByTestId('replace-examples').click()
    await page.getByTestId('destination-note').waitFor()
    await page.getByTestId('examples-note').waitFor({ state: 'detached' })
    // Withdrawn, so no longer listed unless asked for, and no longer offered to dispatchers.
    expect(await page.locator(`[data-testid="destination-row"][data-name="${example.name}"]`).count()).toBe(0)
    await page.getByTestId('show-withdrawn').check()
    await page.locator(`[data-testid="destination-row"][data-name="${example.name}"][data-active="false"]`).waitFor()
    const offered = (await s.call<Destination[]>('GET', '/api/destinations', { role: 'dispatcher' })).body
    expect(offered.map((d) => d.name)).toEqual(['Rumah Singgah Dinas Sosial'])
    expect(offered[0]).toMatchObject({ capacity: 20, accepts: ['homeless', 'street_child'], openingHours: '07:00-22:00', contact: '021-7777 0000', isExample: false })
    const events = await s.db.sql`select type, data from events where destination_id = ${example.id} order by seq`
    expect(events.map((e) => [e.type, e.data?.reason ?? null])).toEqual([
      ['destination.created', null],
      ['destination.updated', 'examples_replaced'],
    ])
    expect(errors).toEqual([])
  })

  it('disables an account, and the session open on that account ends at once', { timeout: 90_000 }, async () => {
    const console = await open({ viewport: DESKTOP })
    await console.page.goto('/dispatch', { waitUntil: 'domcontentloaded' })
    await signIn(console.page, 'sari')
    await waitForAttr(console.page, 'connection', 'data-state', 'online')

    const { page } = await openAdmin(PHONE)
    const row = page.locator('[data-testid="account-row"][data-username="sari"]')
    await row.waitFor()
    await screenshot(page, 'admin-accounts-phone')
    await row.getByTestId('account-toggle').click()
    await row.getByTestId('account-disabled').waitFor()

    // The console's socket is closed by the server and its next handshake refused: the
    // sign-in form comes back, saying the session ended.
    await console.page.getByTestId('sign-in').waitFor()
    expect((await s.call('GET', '/api/users', { role: 'admin' })).body.find((u: { username: string }) => u.username === 'sari').disabled).toBe(true)
    const [logged] = await s.db.sql`select type, actor from events where type = 'account.disabled'`
    expect(logged).toMatchObject({ actor: { kind: 'admin', name: 'E2E boss' } })
  })

  it('finds a closed case by its tracking code and opens the whole record with its timeline', { timeout: 90_000 }, async () => {
    const report = await s.report({ category: 'homeless', location: near(40), description: 'Bapak tidur di depan ruko' })
    expect(report.status).toBe(201)
    const code: string = report.body.trackingCode
    const cancelled = await s.call('POST', `/api/incidents/${report.body.id}/transitions`, { role: 'dispatcher', body: { to: 'cancelled', disposition: 'false_report', note: 'tidak ada orang' } })
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200)
    const { page, errors } = await openAdmin(PHONE)
    await page.getByTestId('tab-history').click()
    await page.getByTestId('history-code').fill(code.slice(0, 6).toLowerCase())
    await page.getByTestId('history-search').click()
    const row = page.locator(`[data-testid="history-row"][data-code="${code}"]`)
    await row.waitFor()
    await screenshot(page, 'admin-history-phone')
    await row.click()
    await page.getByTestId('case-record').waitFor()
    await page.locator('[data-testid="case-timeline"] li[data-type="incident.transitioned"]').waitFor()
    expect(await page.getByTestId('case-description').textContent()).toBe('Bapak tidur di depan ruko')
    await screenshot(page, 'admin-case-record-phone')
    const reads = await s.db.sql`select action from access_log where ${report.body.id}::uuid = any(record_ids) and role = 'admin' order by id`
    expect(reads.map((r) => r.action)).toEqual(expect.arrayContaining(['history', 'read', 'timeline']))
    expect(errors).toEqual([])
  })

  it('gives dispatchers the same case search on its own page, /history', { timeout: 90_000 }, async () => {
    const report = await s.report({ category: 'elderly', location: near(-60), description: 'Nenek duduk sendirian di pos ronda' })
    expect(report.status).toBe(201)
    const { page, errors } = await open({ viewport: PHONE })
    await page.goto('/history', { waitUntil: 'domcontentloaded' })
    await signIn(page, 'dodi')
    await page.getByTestId('history-text').fill('pos RONDA')
    await page.getByTestId('history-search').click()
    const rows = page.getByTestId('history-row')
    await rows.first().waitFor()
    expect(await rows.count()).toBe(1)
    expect(await rows.first().getAttribute('data-code')).toBe(report.body.trackingCode)
    await screenshot(page, 'history-page-phone')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    expect(errors).toEqual([])
  })

  it('fits a 360 px phone: no sideways scrolling on any tab', { timeout: 60_000 }, async () => {
    const { page } = await openAdmin(PHONE)
    for (const name of ['accounts', 'teams', 'destinations', 'history'] as const) {
      await tab(page, name)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    }
    // English one tap away, with no untranslated keys on any tab.
    await page.getByTestId('lang-en').click()
    expect(await page.getByTestId('tab-accounts').textContent()).toBe('Accounts')
    for (const name of ['accounts', 'teams', 'destinations', 'history'] as const) {
      await tab(page, name)
      expect(await page.locator('main').innerText()).not.toMatch(/\b(accounts|teams|destinations|import|history|events)\.[a-zA-Z]/)
    }
    await page.getByTestId('lang-id').click()
    await tab(page, 'destinations')
    await screenshot(page, 'admin-destinations-phone')
    await page.getByTestId('destination-add').click()
    await page.getByTestId('destination-form').waitFor()
    await screenshot(page, 'admin-destination-form-phone')
  })
})
