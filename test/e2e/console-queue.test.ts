import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { near, type TestServer } from '../support/server.js'
import { createAccount, signIn, startWebServer, waitForAttr } from './support/app.js'
import { DESKTOP, PHONE, launchBrowser, openContext, screenshot, type OpenContext } from './support/browser.js'

const WAITING = 1200
const URGENT = { unconscious: false, injured: true, child: false, badWeather: false, aggressive: false }

describe('the console with more than a thousand cases waiting', () => {
  let s: TestServer
  let browser: Browser
  const opened: OpenContext[] = []

  const openConsole = async (viewport: { width: number; height: number }): Promise<Page> => {
    const c = await openContext(browser, s.url, { viewport })
    opened.push(c)
    await c.page.goto('/dispatch', { waitUntil: 'domcontentloaded' })
    await signIn(c.page, 'disp-many')
    await waitForAttr(c.page, 'dispatch-console', 'data-loaded', 'true')
    await waitForAttr(c.page, 'connection', 'data-state', 'online')
    return c.page
  }
  const waitingCount = (page: Page) => page.getByTestId('count-waiting').textContent()

  beforeAll(async () => {
    ;[s, browser] = await Promise.all([startWebServer(), launchBrowser()])
    await createAccount(s, 'disp-many', 'dispatcher')
    // No teams: every report waits. Spread over a 2 km grid; every tenth is urgent.
    let next = 0
    const reporter = async () => {
      for (let i = next++; i < WAITING; i = next++) {
        const r = await s.report({ category: 'homeless', location: near(-1000 + 50 * Math.floor(i / 40), -1000 + 50 * (i % 40)), answers: i % 10 === 0 ? URGENT : undefined })
        if (r.status !== 201) throw new Error(`report ${i}: ${r.status} ${JSON.stringify(r.body)}`)
      }
    }
    await Promise.all(Array.from({ length: 8 }, reporter))
  }, 300_000)

  afterAll(async () => {
    for (const c of opened) await c.context.close().catch(() => {})
    await browser?.close()
    await s?.close()
  })

  it('shows the true number of waiting cases, lists them in pages in queue order and counts a new one live', { timeout: 180_000 }, async () => {
    const page = await openConsole(DESKTOP)
    expect(await waitingCount(page)).toBe(`${WAITING} menunggu`)
    await waitForAttr(page, 'queue-more', 'data-shown', '200')
    expect(await page.getByTestId('queue-more').getAttribute('data-total')).toBe(String(WAITING))
    await expect(page.getByTestId('map-partial').textContent()).resolves.toContain(`200 dari ${WAITING}`)
    // Queue order: the 120 urgent cases come first.
    const priorities = await page.locator('[data-testid^="queue-item-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-priority')))
    expect(priorities.slice(0, 120).every((p) => p === 'high')).toBe(true)
    expect(priorities[120]).toBe('normal')
    await screenshot(page, 'dispatch-desktop-1200-waiting')
    // The office's other pages a dispatcher may open; not the admin's.
    expect(await page.getByTestId('link-history').getAttribute('href')).toBe('/history')
    expect(await page.getByTestId('link-reports').getAttribute('href')).toBe('/reports')
    expect(await page.getByTestId('link-admin').count()).toBe(0)
    // Landmarks for screen readers: the bar is the banner, the queue and map the main content, with a heading.
    expect(await page.locator('header.topbar').count()).toBe(1)
    expect(await page.locator('main h1').textContent()).toBe('Konsol Dispatcher')

    // The console's strips (duty, stay alerts) load after the queue and may shift it once; a loaded
    // machine needs more than the default 20 s for the retry.
    await page.getByTestId('queue-load-more').click({ timeout: 60_000 })
    await waitForAttr(page, 'queue-more', 'data-shown', '400')

    const more = await s.report({ category: 'sick', location: near(1500, 1500) })
    expect(more.body.status).toBe('reported')
    await page.waitForFunction((n) => document.querySelector('[data-testid="count-waiting"]')?.textContent === `${n} menunggu`, WAITING + 1, { timeout: 20_000 })
  })

  it('shows the count and the paging note on a phone without scrolling sideways', { timeout: 120_000 }, async () => {
    const page = await openConsole(PHONE)
    expect(await waitingCount(page)).toMatch(/^\d+ menunggu$/)
    expect(Number((await waitingCount(page))!.split(' ')[0])).toBeGreaterThan(1000)
    await page.getByTestId('map-partial').waitFor()
    await screenshot(page, 'dispatch-phone-1200-waiting')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
  })
})
