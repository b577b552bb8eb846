import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { near, type TestServer } from '../support/server.js'
import { createAccount, signIn, startWebServer, waitForAttr } from './support/app.js'
import { DESKTOP, launchBrowser, openContext, screenshot, type OpenContext } from './support/browser.js'

const geo = (p: { lon: number; lat: number }) => ({
  latitude: p.lat,
  longitude: p.lon,
  accuracy: 10,
})
/** A small phone's first screen. */
const SMALL_PHONE = { width: 360, height: 640 }
const ACK_TIMEOUT_S = 90
const WAIT_ALERT_MIN = 10

/**
 * A browser that refuses to start audio without a gesture, whatever headless Chromium allows:
 * the AudioContext stays suspended until resume() is called after a real tap on the page
 * (not navigator.userActivation: Playwright's evaluate counts as a gesture).
 */
const BLOCK_AUTOPLAY = `(() => {
  let tapped = false
  window.addEventListener('pointerdown', () => (tapped = true), { capture: true })
  const Real = window.AudioContext
  window.AudioContext = class extends Real {
    #allowed = false
    get state() { return this.#allowed ? super.state : 'suspended' }
    resume() {
      if (!tapped) return Promise.resolve()
      this.#allowed = true
      return super.resume()
    }
  }
})()`

/**
 * A screen wake lock that headless Chromium would refuse (it never grants one): records each
 * request and release on window.__wakeLock, so the test sees what the page asked for.
 */
const STAND_IN_WAKE_LOCK = `(() => {
  const log = (window.__wakeLock = { requests: [], releases: 0 })
  Object.defineProperty(navigator, 'wakeLock', {
    configurable: true,
    value: {
      request(type) {
        log.requests.push(type)
        const sentinel = new EventTarget()
        sentinel.type = type
        sentinel.released = false
        sentinel.release = () => {
          if (sentinel.released) return Promise.resolve()
          sentinel.released = true
          log.releases++
          sentinel.dispatchEvent(new Event('release'))
          return Promise.resolve()
        }
        return Promise.resolve(sentinel)
      },
    },
  })
})()`

const rings = (page: Page) => page.evaluate(() => Number(document.documentElement.dataset.alarmRings ?? 0))

describe('a team phone that does not miss a case, and a console told when a case is not taken', () => {
  let s: TestServer
  let browser: Browser
  const opened: OpenContext[] = []
  let teamA: { id: string }
  let teamB: { id: string }

  const openPhone = async (username: string, at: { lon: number; lat: number }, opts: { blockAutoplay?: boolean; wakeLock?: boolean } = {}): Promise<Page> => {
    const c = await openContext(browser, s.url, {
      viewport: SMALL_PHONE,
      geolocation: geo(at),
      permissions: ['geolocation'],
    })
    opened.push(c)
    if (opts.blockAutoplay) await c.context.addInitScript(BLOCK_AUTOPLAY)
    if (opts.wakeLock) await c.context.addInitScript(STAND_IN_WAKE_LOCK)
    await c.page.goto('/team', { waitUntil: 'domcontentloaded' })
    await signIn(c.page, username)
    await c.page.getByTestId('team-page').waitFor()
    await waitForAttr(c.page, 'connection', 'data-state', 'online')
    return c.page
  }
  const openConsole = async (): Promise<Page> => {
    const c = await openContext(browser, s.url, { viewport: DESKTOP })
    opened.push(c)
    await c.page.goto('/dispatch', { waitUntil: 'domcontentloaded' })
    await signIn(c.page, 'disp')
    await waitForAttr(c.page, 'dispatch-console', 'data-loaded', 'true')
    await waitForAttr(c.page, 'connection', 'data-state', 'online')
    return c.page
  }
  const setStatus = async (teamId: string, status: 'available' | 'off_duty') => {
    const r = await s.call('POST', `/api/teams/${teamId}/status`, {
      role: 'dispatcher',
      body: { status, onBehalfOfTeam: true },
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
  }

  beforeAll(async () => {
    ;[s, browser] = await Promise.all([startWebServer({ ACK_TIMEOUT_S, WAIT_ALERT_MIN, SWEEP_INTERVAL_MS: 0 }), launchBrowser()])
    teamA = await s.createTeam('TRC-A', near(300))
    teamB = await s.createTeam('TRC-B', near(-3000))
    await createAccount(s, 'disp', 'dispatcher')
    await createAccount(s, 'team-a', 'team', teamA.id)
    await createAccount(s, 'team-b', 'team', teamB.id)
  })

  afterEach(async () => {
    for (const c of opened.splice(0)) await c.context.close().catch(() => {})
    // Every test starts with both teams free and nothing open.
    const open = (await s.call<{ id: string; status: string }[]>('GET', '/api/incidents?status=open', { role: 'dispatcher' })).body
    for (const i of open) {
      const r = await s.call('POST', `/api/incidents/${i.id}/transitions`, {
        role: 'dispatcher',
        body: {
          to: 'cancelled',
          disposition: 'false_report',
          note: 'test cleanup',
        },
      })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
    }
    for (const t of [teamA, teamB]) await setStatus(t.id, 'available')
  })

  afterAll(async () => {
    await browser?.close()
    await s?.close()
  })

  it('rings until the case is accepted, again after a reload without a tap, with "Terima tugas" on a 360×640 first screen under a 2,000-character description', { timeout: 120_000 }, async () => {
    await setStatus(teamB.id, 'off_duty')
    const phone = await openPhone('team-a', near(300))
    await phone.getByTestId('idle').waitFor()
    const rep = await s.report({
      location: near(100),
      description: 'Bapak tua terbaring di trotoar. '.repeat(64).slice(0, 2000),
    })
    expect(rep.status, JSON.stringify(rep.body)).toBe(201)
    await waitForAttr(phone, 'assignment', 'data-incident-id', rep.body.id)
    await waitForAttr(phone, 'team-page', 'data-alarm', 'ringing')
    // It repeats (more than the one tone the phone used to play).
    await phone.waitForFunction(() => Number(document.documentElement.dataset.alarmRings ?? 0) >= 2, null, { timeout: 20_000 })

    // A reload (or a sign-in that restores the session) rings without any tap on the page.
    await phone.reload({ waitUntil: 'domcontentloaded' })
    await waitForAttr(phone, 'assignment', 'data-incident-id', rep.body.id)
    await phone.waitForFunction(() => Number(document.documentElement.dataset.alarmRings ?? 0) >= 1, null, { timeout: 20_000 })
    expect(await phone.getByTestId('sound-blocked').count()).toBe(0)

    const accept = phone.getByTestId('accept')
    const box = (await accept.boundingBox())!
    expect(box.y + box.height, 'the accept button is on the first screen').toBeLessThanOrEqual(SMALL_PHONE.height)
    await screenshot(phone, 'team-phone-new-assignment-360x640')
    await accept.click()
    await waitForAttr(phone, 'assignment', 'data-status', 'acknowledged')
    await waitForAttr(phone, 'team-page', 'data-alarm', 'off')
    expect(await phone.getByTestId('accept').count()).toBe(0)
    expect(await rings(phone)).toBeGreaterThanOrEqual(1)
  })

  it('keeps the screen on while the team is on duty and lets it go off duty', { timeout: 60_000 }, async () => {
    const phone = await openPhone('team-a', near(300), { wakeLock: true })
    await phone.getByTestId('idle').waitFor()
    await waitForAttr(phone, 'team-page', 'data-alarm', 'off')
    await phone.waitForFunction(() => document.documentElement.dataset.wakeLock === 'held', null, { timeout: 20_000 })
    const asked = () => phone.evaluate(() => (window as unknown as { __wakeLock: { requests: string[]; releases: number } }).__wakeLock)
    expect(await asked()).toEqual({ requests: ['screen'], releases: 0 })
    await setStatus(teamA.id, 'off_duty')
    await phone.waitForFunction(() => document.documentElement.dataset.wakeLock === 'released', null, { timeout: 20_000 })
    expect((await asked()).releases).toBe(1)
  })

  it('says on screen when the browser blocks sound, and one tap turns it on', { timeout: 60_000 }, async () => {
    const phone = await openPhone('team-a', near(300), {
      blockAutoplay: true,
    })
    // Signing in was a tap: reload to start from a page nobody has touched.
    await phone.reload({ waitUntil: 'domcontentloaded' })
    await phone.getByTestId('team-page').waitFor()
    await waitForAttr(phone, 'team-page', 'data-sound', 'locked')
    await phone.getByTestId('sound-blocked').waitFor()
    await screenshot(phone, 'team-phone-sound-blocked')
    await phone.getByTestId('sound-blocked').click()
    await waitForAttr(phone, 'team-page', 'data-sound', 'running')
    expect(await phone.getByTestId('sound-blocked').count()).toBe(0)
  })

  it('tells the phone that a case moved on because it was not accepted in time, and alerts the console on each timeout and when no team is left', { timeout: 120_000 }, async () => {
    const [dispatcher, phone] = await Promise.all([openConsole(), openPhone('team-a', near(300))])
    await phone.getByTestId('idle').waitFor()
    const rep = await s.report({ location: near(100) })
    const id: string = rep.body.id
    await waitForAttr(phone, 'assignment', 'data-incident-id', id)

    s.clock.advance((ACK_TIMEOUT_S + 1) * 1000)
    expect(await s.app.services.dispatch.sweep()).toBe(1)
    await waitForAttr(phone, 'finished-notice', 'data-reason', 'ack_timeout')
    const notice = (await phone.getByTestId('finished-notice').textContent()) ?? ''
    expect(notice).toContain(`${ACK_TIMEOUT_S} detik`)
    expect(notice).not.toContain('Dispatcher')
    await screenshot(phone, 'team-phone-ack-timeout')
    await waitForAttr(dispatcher, `alert-${id}`, 'data-kind', 'ack_timeout')
    expect(await dispatcher.locator(`[data-testid="alert-${id}"][data-kind="ack_timeout"]`).textContent()).toContain('TRC-A')
    expect((await s.incident(id)).teamId).toBe(teamB.id)

    // TRC-B does not answer either: nobody is left to offer it to.
    const played = await dispatcher.evaluate(() => Number(document.documentElement.dataset.alertsPlayed ?? 0))
    s.clock.advance((ACK_TIMEOUT_S + 1) * 1000)
    expect(await s.app.services.dispatch.sweep()).toBe(1)
    await waitForAttr(dispatcher, `alert-${id}`, 'data-kind', 'all_timed_out')
    expect(await dispatcher.locator(`[data-testid="alert-${id}"][data-kind="all_timed_out"]`).textContent()).toContain('2')
    await dispatcher.waitForFunction((n) => Number(document.documentElement.dataset.alertsPlayed ?? 0) >= n + 2, played)
    await screenshot(dispatcher, 'dispatch-all-timed-out')
    expect((await s.incident(id)).status).toBe('reported')
  })

  it('shows on the console whether each team’s phone is connected, and when the phone’s browser closes', { timeout: 60_000 }, async () => {
    const dispatcher = await openConsole()
    await dispatcher.getByTestId('tab-teams').click()
    await waitForAttr(dispatcher, `team-phone-${teamA.id}`, 'data-connected', 'false')
    const phone = await openPhone('team-a', near(300))
    await waitForAttr(dispatcher, `team-phone-${teamA.id}`, 'data-connected', 'true')
    await waitForAttr(dispatcher, `team-phone-${teamB.id}`, 'data-connected', 'false')
    await screenshot(dispatcher, 'dispatch-teams-presence')
    await phone.context().close()
    await waitForAttr(dispatcher, `team-phone-${teamA.id}`, 'data-connected', 'false')
  })

  it(`alerts the console about a case that has waited longer than WAIT_ALERT_MIN without a team`, { timeout: 60_000 }, async () => {
    await setStatus(teamA.id, 'off_duty')
    await setStatus(teamB.id, 'off_duty')
    // The console compares with the browser's own time.
    s.clock.set(new Date(Date.now() - (WAIT_ALERT_MIN + 1) * 60_000))
    const old = await s.report({
      location: near(100),
      description: 'menunggu lama',
    })
    s.clock.set(new Date())
    const recent = await s.report({
      location: near(200),
      description: 'baru',
    })
    const dispatcher = await openConsole()
    await waitForAttr(dispatcher, `alert-${old.body.id}`, 'data-kind', 'waiting_long')
    expect(await dispatcher.locator(`[data-testid="alert-${recent.body.id}"]`).count()).toBe(0)
  })

  it('keeps the position card’s hint readable when the phone may not share its position (4.5:1)', { timeout: 60_000 }, async () => {
    const c = await openContext(browser, s.url, { viewport: SMALL_PHONE })
    opened.push(c)
    await c.page.goto('/team', { waitUntil: 'domcontentloaded' })
    await signIn(c.page, 'team-b')
    const card = c.page.getByTestId('position-card')
    await c.page.waitForFunction(() => ['error', 'stopped'].includes(document.querySelector('[data-testid="position-card"]')?.getAttribute('data-state') ?? ''), null, { timeout: 20_000 })
    const hints = await card.locator('.muted').evaluateAll((els) =>
      els.map((el) => {
        const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number)
        const lum = ([r, g, b]: number[]) => {
          const [R, G, B] = [r!, g!, b!].map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4))
          return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!
        }
        // The card's background (the hint's own is transparent).
        let bg = 'rgba(0, 0, 0, 0)'
        for (let e: Element | null = el; e && bg === 'rgba(0, 0, 0, 0)'; e = e.parentElement) bg = getComputedStyle(e).backgroundColor
        const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(bg))].sort((x, y) => y - x)
        return (a! + 0.05) / (b! + 0.05)
      }),
    )
    expect(hints.length).toBeGreaterThan(0)
    for (const ratio of hints) expect(ratio).toBeGreaterThanOrEqual(4.5)
  })

  // Last in the file: it moves the server's clock on.
  it('keeps a stale team’s label on the console map readable (4.5:1, not faded)', { timeout: 60_000 }, async () => {
    s.clock.advance(31 * 60_000)
    const dispatcher = await openConsole()
    const marker = dispatcher.getByTestId(`map-team-${teamB.id}`)
    await waitForAttr(dispatcher, `map-team-${teamB.id}`, 'data-stale', 'true')
    await screenshot(dispatcher, 'dispatch-map-stale-team')
    const label = await marker.locator('.team-label').evaluate((el) => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number)
      const lum = ([r, g, b]: number[]) => {
        const [R, G, B] = [r!, g!, b!].map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4))
        return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!
      }
      let opacity = 1
      const filters: string[] = []
      for (let e: Element | null = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e)
        opacity *= Number(cs.opacity)
        if (cs.filter !== 'none') filters.push(cs.filter)
      }
      const cs = getComputedStyle(el)
      const [a, b] = [lum(rgb(cs.color)), lum(rgb(cs.backgroundColor))].sort((x, y) => y - x)
      return { opacity, filters, contrast: (a! + 0.05) / (b! + 0.05) }
    })
    expect(label.opacity).toBe(1)
    expect(label.filters).toEqual([])
    expect(label.contrast).toBeGreaterThanOrEqual(4.5)
  })
})
