import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { near, type TestServer } from '../support/server.js'
import { createAccount, signIn, startWebServer, waitForAttr } from './support/app.js'
import { DESKTOP, PHONE, launchBrowser, openContext, screenshot, type OpenContext } from './support/browser.js'

const DAY = 86_400_000

describe('stay alerts on the dispatch console', () => {
  let s: TestServer
  let browser: Browser
  let rpsId: string
  const opened: OpenContext[] = []

  const openConsole = async (viewport: { width: number; height: number }): Promise<Page> => {
    const c = await openContext(browser, s.url, { viewport })
    opened.push(c)
    await c.page.goto('/dispatch', { waitUntil: 'domcontentloaded' })
    await signIn(c.page, 'disp-stays')
    await waitForAttr(c.page, 'dispatch-console', 'data-loaded', 'true')
    await waitForAttr(c.page, 'connection', 'data-state', 'online')
    return c.page
  }
  /** A resident checked in `daysAgo` days ago; returns the stay's id. */
  const resident = async (name: string, daysAgo: number) => {
    const person = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name, sex: 'male' } })).body
    const r = await s.call('POST', '/api/stays', {
      role: 'dispatcher',
      body: { personId: person.id, destinationId: rpsId, checkedInAt: new Date(s.clock.now().getTime() - daysAgo * DAY).toISOString() },
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.id as string
  }

  beforeAll(async () => {
    ;[s, browser] = await Promise.all([startWebServer(), launchBrowser()])
    await createAccount(s, 'disp-stays', 'dispatcher')
    const rps = await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'RPS Kota Depok (uji)', kind: 'rps', location: near(2000, 800), capacity: 30, accepts: ['homeless'] } })
    rpsId = rps.body.id
  }, 120_000)
  afterAll(async () => {
    for (const c of opened) await c.context.close().catch(() => {})
    await browser?.close()
    await s?.close()
  })

  it('lists the stays due tomorrow when the console opens, and an overdue one as the sweep finds it', async () => {
    const slamet = await resident('Pak Slamet Wirodiharjo', 4.5)
    const page = await openConsole(DESKTOP)
    const due = page.getByTestId(`stay-alert-${slamet}`)
    await expect.poll(() => due.textContent()).toContain('Batas tinggal besok: Pak Slamet Wirodiharjo di RPS Kota Depok (uji)')
    expect(await due.getAttribute('data-kind')).toBe('due_soon')

    // Past the RPS maximum (5 days): the sweep logs it and the console hears it live.
    const budi = await resident('Pak Budi', 6)
    expect(await s.app.services.stays.sweep()).toBe(2) // Pak Slamet's due-soon alert, Pak Budi's overdue one
    await s.flush()
    const over = page.getByTestId(`stay-alert-${budi}`)
    await expect.poll(() => over.getAttribute('data-kind')).toBe('overdue')
    expect(await over.textContent()).toContain('Melewati batas tinggal: Pak Budi')
    await screenshot(page, 'dispatch-desktop-stay-alerts')

    // Dismissed here, it stays dismissed when the list is read again.
    await over.getByRole('button', { name: 'Tutup' }).click()
    await over.waitFor({ state: 'detached' })
    expect((await s.call('POST', `/api/stays/${slamet}/check-out`, { role: 'dispatcher', body: { outcome: 'left' } })).status).toBe(200)
    await s.flush()
    await due.waitFor({ state: 'detached' })
    expect(await page.getByTestId(`stay-alert-${budi}`).count()).toBe(0)

    const phone = await openConsole(PHONE)
    await phone.getByTestId(`stay-alert-${budi}`).waitFor()
    await screenshot(phone, 'dispatch-phone-stay-alerts')
  })
})
