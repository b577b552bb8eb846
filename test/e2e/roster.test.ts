import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { previousSlot } from '@shared/roster.js'
import type { Team } from '@shared/teams.js'
import { DEPOK, type TestServer } from '../support/server.js'
import { createAccount, signIn, startWebServer, waitForAttr } from './support/app.js'
import { DESKTOP, PHONE, launchBrowser, openContext, screenshot, type OpenContext } from './support/browser.js'

/** The duty roster in the browser (decision 013): the admin's planning tab and the console's duty strip. */
describe('the duty roster screens', () => {
  let s: TestServer
  let browser: Browser
  const opened: OpenContext[] = []
  let one: Team
  let two: Team

  const open = async (viewport = DESKTOP) => {
    const c = await openContext(browser, s.url, { viewport })
    opened.push(c)
    return c
  }

  beforeAll(async () => {
    ;[s, browser] = await Promise.all([startWebServer(), launchBrowser()])
    await createAccount(s, 'boss', 'admin')
    await createAccount(s, 'sari', 'dispatcher')
    one = await s.createTeam('RJ-1', DEPOK, { onDuty: false })
    two = await s.createTeam('RJ-2', DEPOK, { onDuty: true })
    await createAccount(s, 'budi', 'team', one.id)
    await createAccount(s, 'wati', 'team', one.id)
  })
  afterEach(async () => {
    for (const c of opened.splice(0)) await c.context.close().catch(() => {})
  })
  afterAll(async () => {
    await browser?.close()
    await s?.close()
  })

  it('an admin plans the current shift on a phone; at the shift change the console shows who is on duty, the supervisor and the handover note', { timeout: 120_000 }, async () => {
    const now = s.app.services.roster.current()
    const { page, errors } = await open(PHONE)
    await page.goto('/admin#roster', { waitUntil: 'domcontentloaded' })
    await signIn(page, 'boss')
    await page.getByTestId('roster').waitFor()
    const shift = page.locator(`[data-testid="roster-day"][data-date="${now.date}"] [data-testid="roster-shift"][data-shift="${now.shiftId}"]`)
    await shift.waitFor()
    expect(await shift.getAttribute('data-planned')).toBe('false')
    await shift.getByTestId('roster-edit').click()
    await page.getByTestId('shift-form').waitFor()
    await page.getByTestId('shift-supervisor').selectOption({ label: 'E2E sari' })
    await page.locator('[data-testid="shift-team"][data-call-sign="RJ-1"]').check()
    // Both of the team's accounts are ticked; Wati stays home today.
    await page.getByTestId('shift-form').getByText('E2E wati').click()
    await screenshot(page, 'roster-shift-form-phone')
    await page.getByTestId('shift-save').click()
    await page.getByTestId('shift-form').waitFor({ state: 'detached' })
    await waitForAttr(page, 'roster-shift', 'data-planned', 'true')
    await expect(shift.textContent()).resolves.toContain('RJ-1 · E2E budi')
    await expect(shift.textContent()).resolves.toContain('E2E sari')
    await screenshot(page, 'roster-tab-phone')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    expect(errors).toEqual([])

    // The previous shift left a note; the shift change puts RJ-1 on duty and RJ-2 off.
    const prev = previousSlot(now, s.app.services.roster.shifts(), s.app.services.roster.timezone)
    expect((await s.call('PUT', `/api/roster/${prev.date}/${prev.shiftId}/note`, { role: 'dispatcher', body: { text: 'Pak tua di halte Margonda sudah dijemput.' } })).status).toBe(200)
    await s.app.services.roster.tick()
    expect((await s.team(one.id)).status).toBe('available')
    expect((await s.team(two.id)).status).toBe('off_duty')

    const c = await open(PHONE)
    await c.page.goto('/dispatch', { waitUntil: 'domcontentloaded' })
    await signIn(c.page, 'sari')
    await waitForAttr(c.page, 'dispatch-console', 'data-loaded', 'true')
    await c.page.getByTestId('duty-strip').waitFor()
    await expect(c.page.getByTestId('duty-supervisor').textContent()).resolves.toContain('E2E sari')
    await expect(c.page.getByTestId('duty-on').textContent()).resolves.toBe('Bertugas: RJ-1')
    await c.page.getByTestId('open-handover-note').click()
    await expect(c.page.getByTestId('previous-note').textContent()).resolves.toContain('Pak tua di halte Margonda sudah dijemput.')
    await screenshot(c.page, 'console-handover-note-phone')
    await c.page.getByTestId('handover-note-text').fill('Semua kasus selesai.')
    await c.page.getByTestId('handover-note-save').click()
    await c.page.getByTestId('handover-note').waitFor({ state: 'detached' })

    // The last team goes off duty: the alarm shows live, and goes when a team is back.
    expect((await s.call('POST', `/api/teams/${one.id}/status`, { role: 'dispatcher', body: { status: 'off_duty', onBehalfOfTeam: true } })).status).toBe(200)
    await s.app.services.roster.tick()
    await c.page.getByTestId('no-team-alarm').waitFor()
    await expect(c.page.getByTestId('duty-on').textContent()).resolves.toBe('Bertugas: tidak ada')
    await screenshot(c.page, 'console-no-team-alarm-phone')
    expect(await c.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    expect((await s.call('POST', `/api/teams/${two.id}/status`, { role: 'dispatcher', body: { status: 'available', onBehalfOfTeam: true } })).status).toBe(200)
    await s.app.services.roster.tick()
    await c.page.getByTestId('no-team-alarm').waitFor({ state: 'detached' })
    await expect(c.page.getByTestId('duty-on').textContent()).resolves.toBe('Bertugas: RJ-2')
    expect(c.errors).toEqual([])
    const stored = await s.call('GET', `/api/roster?from=${now.date}&to=${now.date}`, { role: 'dispatcher' })
    expect(stored.body.days.find((d: any) => d.shiftId === now.shiftId).note.text).toBe('Semua kasus selesai.')
  })

  it('an admin changes a setting on a phone; a bad value is refused naming the field', { timeout: 120_000 }, async () => {
    const { page, errors } = await open(PHONE)
    await page.goto('/admin#settings', { waitUntil: 'domcontentloaded' })
    await signIn(page, 'boss')
    await page.getByTestId('settings').waitFor()
    await page.getByTestId('setting-ackTimeoutS').fill('1')
    await page.getByTestId('settings-save').click()
    await expect(page.getByTestId('settings-error').textContent()).resolves.toContain('ackTimeoutS')
    await page.getByTestId('setting-ackTimeoutS').fill('45')
    await page.getByTestId('settings-save').click()
    await page.getByRole('status').waitFor()
    expect((await s.call('GET', '/api/settings', { role: 'admin' })).body.values.ackTimeoutS).toBe(45)
    await screenshot(page, 'admin-settings-phone')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    expect(errors.filter((e) => !e.includes('400'))).toEqual([])
  })
})
