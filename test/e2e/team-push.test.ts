import type { Browser, CDPSession } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decryptPush, startPushService, type TestPushService, type TestSubscriber } from '../support/push-service.js'
import { near, type TestServer } from '../support/server.js'
import { createAccount, signIn, startWebServer, waitForAttr } from './support/app.js'
import { launchBrowser, openContext, screenshot, unexpectedExternal, type OpenContext } from './support/browser.js'

const SMALL_PHONE = { width: 360, height: 640 }

/**
 * Headless Chromium has no push service (subscribing fails: "Registration failed"), so the
 * test stands in for one, as the local push service stands in for the vendor's: the page's
 * PushManager hands out a subscription at the local push service with the test's keys. The
 * server's real request is received and decrypted there, and what a push service would hand
 * the browser is delivered to the real service worker over the DevTools protocol
 * (ServiceWorker.deliverPushMessage).
 */
const standInPushService = (sub: Pick<TestSubscriber, 'endpoint' | 'keys'>) => {
  const KEY = 'test.push-subscribed'
  const make = (options: PushSubscriptionOptionsInit | null) => ({
    endpoint: sub.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: options?.applicationServerKey ?? null },
    toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
    unsubscribe: async () => {
      localStorage.removeItem(KEY)
      return true
    },
  })
  PushManager.prototype.subscribe = async function (options) {
    localStorage.setItem(KEY, '1')
    return make(options ?? null) as unknown as PushSubscription
  }
  PushManager.prototype.getSubscription = async function () {
    return (localStorage.getItem(KEY) ? make(null) : null) as unknown as PushSubscription | null
  }
}

describe('a new case reaches the team phone through Web Push', () => {
  let s: TestServer
  let ps: TestPushService
  let browser: Browser
  let phoneCtx: OpenContext
  /** The case the first test's push announced; its notification is still shown. */
  let pushedCase: string

  beforeAll(async () => {
    ;[s, browser, ps] = await Promise.all([startWebServer({ SWEEP_INTERVAL_MS: 0, PUSH_SUBJECT: 'mailto:ops@trc.example.test', PUSH_ALLOW_HTTP: true }), launchBrowser(), startPushService()])
  })
  afterAll(async () => {
    await phoneCtx?.context.close().catch(() => {})
    await browser?.close()
    await s?.close()
    await ps?.close()
  })

  it('subscribes from the button, and the service worker shows the case’s notification while the app is closed', { timeout: 180_000 }, async () => {
    const team = await s.createTeam('TRC-W', near(300))
    await createAccount(s, 'team-w', 'team', team.id)
    const phone = ps.subscriber('chromium')
    phoneCtx = await openContext(browser, s.url, { viewport: SMALL_PHONE, permissions: ['geolocation', 'notifications'] })
    const { context, page } = phoneCtx
    await context.addInitScript(standInPushService, { endpoint: phone.endpoint, keys: phone.keys })
    await page.goto('/team', { waitUntil: 'domcontentloaded' })
    await signIn(page, 'team-w')
    await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 20_000 })

    // Nothing is asked or subscribed on load: only the button does it.
    await waitForAttr(page, 'push-card', 'data-state', 'available')
    const subscriptions = () => s.db.sql`select endpoint, team_id from push_subscriptions`
    expect(await subscriptions()).toEqual([])
    await screenshot(page, 'team-phone-push-offer')
    await page.getByTestId('push-enable').click()
    await waitForAttr(page, 'push-card', 'data-state', 'on')
    expect(await subscriptions()).toEqual([{ endpoint: phone.endpoint, team_id: team.id }])
    await screenshot(page, 'team-phone-push-on')

    // The app is closed; another tab of the site stays (to read the worker's notifications).
    const other = await context.newPage()
    await other.goto('/api/config')
    const cdp: CDPSession = await context.newCDPSession(other)
    const registrations = new Map<string, string>()
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> }) => {
      for (const r of e.registrations) if (!r.isDeleted) registrations.set(r.scopeURL, r.registrationId)
    })
    await cdp.send('ServiceWorker.enable')
    await page.close()

    const from = ps.received.length
    const rep = await s.report({ location: near(100), category: 'odgj', description: 'Pria berteriak di halte', reporter: { name: 'Bu Ani', phone: '081277776666' } })
    const incident = await s.incident(rep.body.id)
    expect(incident.teamId).toBe(team.id)
    const pushed = await ps.next(phone, from)
    const data = decryptPush(pushed.body, phone)
    expect(JSON.parse(data)).toMatchObject({ kind: 'offer', incidentId: incident.id, category: 'odgj' })

    const teamRegistration = () => [...registrations].find(([scope]) => scope.endsWith('/team'))?.[1]
    await expect.poll(teamRegistration).toBeTruthy()
    const registrationId = teamRegistration()
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: s.url, registrationId: registrationId!, data })

    const shown = () =>
      other.evaluate(async (tag) => {
        const reg = await navigator.serviceWorker.getRegistration('/team')
        return ((await reg?.getNotifications({ tag })) ?? []).map((x) => ({ title: x.title, body: x.body, data: x.data as unknown }))
      }, `case-${incident.id}`)
    await expect.poll(shown, { timeout: 20_000 }).toHaveLength(1)
    const [n] = await shown()
    if (!n) throw new Error('no notification')
    expect(n.title).toBe('TUGAS BARU: ODGJ (gangguan jiwa)')
    expect(n.body).toContain(incident.area.kecamatan!)
    expect(n.data).toMatchObject({ url: `/team#case=${incident.id}`, incidentId: incident.id })
    expect(JSON.stringify(n)).not.toMatch(/Ani|0812|halte/)
    pushedCase = incident.id

    expect(phoneCtx.errors).toEqual([])
    expect(unexpectedExternal(phoneCtx.external)).toEqual([])
  })

  /**
   * A tap on the notification. Chromium offers no way to click a notification from a test (no
   * DevTools command; headless shows none), so the test dispatches a notificationclick carrying
   * the real notification to the real worker (through Playwright's handle on it). Only a real tap
   * grants a worker "window interaction" (focus() and openWindow() refuse without it), so those
   * two are stood in for and recorded; navigating the open page to the case is real.
   */
  it('opens the case when the notification is tapped: the open team page is focused and brought to the case, or a new one is opened', { timeout: 120_000 }, async () => {
    const { context } = phoneCtx
    const page = await context.newPage()
    await page.goto('/team', { waitUntil: 'domcontentloaded' })
    await page.getByTestId('team-page').waitFor()
    await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 20_000 })
    const worker = context.serviceWorkers().find((w) => w.url().endsWith('/team-sw.js'))
    if (!worker) throw new Error('the team app’s service worker is not running')

    const tap = (incidentId: string) =>
      worker.evaluate(async (id) => {
        interface Scope {
          registration: ServiceWorkerRegistration
          dispatchEvent(e: Event): boolean
        }
        const scope = self as unknown as Scope
        const g = globalThis as unknown as Record<string, { prototype: Record<string, unknown> } & (new (type: string, init: { notification: Notification }) => Event)>
        const clientProto = g.WindowClient!.prototype
        const clientsProto = g.Clients!.prototype
        const [n] = await scope.registration.getNotifications({ tag: `case-${id}` })
        if (!n) return { shown: false, focused: [] as string[], opened: [] as string[], left: 0 }
        const focused: string[] = []
        const opened: string[] = []
        const realFocus = clientProto.focus
        const realOpen = clientsProto.openWindow
        clientProto.focus = function (this: { url: string }) {
          focused.push(this.url)
          return Promise.resolve(this)
        }
        clientsProto.openWindow = (url: string) => {
          opened.push(url)
          return Promise.resolve(null)
        }
        try {
          const waits: Promise<unknown>[] = []
          const event = new g.NotificationEvent!('notificationclick', { notification: n })
          // An event made by a script may not extend its life (waitUntil throws): collect instead.
          Object.defineProperty(event, 'waitUntil', { value: (p: Promise<unknown>) => void waits.push(p) })
          scope.dispatchEvent(event)
          await Promise.all(waits)
        } finally {
          clientProto.focus = realFocus
          clientsProto.openWindow = realOpen
        }
        return { shown: true, focused, opened, left: (await scope.registration.getNotifications({ tag: `case-${id}` })).length }
      }, incidentId)

    // The team page is open (on /team, no case in its address): it is focused and brought to the case.
    const withPage = await tap(pushedCase)
    expect(withPage.shown).toBe(true)
    expect(withPage.focused).toEqual([`${s.url}/team`])
    expect(withPage.opened).toEqual([])
    expect(withPage.left, 'the notification is closed').toBe(0)
    await expect.poll(() => page.url()).toBe(`${s.url}/team#case=${pushedCase}`)
    await page.getByTestId('team-page').waitFor()

    // No team page open (only another page of the site): a new window on the case.
    await page.close()
    await worker.evaluate(
      (id) => (self as unknown as { registration: ServiceWorkerRegistration }).registration.showNotification('TUGAS BARU', { tag: `case-${id}`, data: { url: `/team#case=${id}`, incidentId: id } }),
      pushedCase,
    )
    const withoutPage = await tap(pushedCase)
    expect(withoutPage).toMatchObject({ shown: true, focused: [], opened: [`${s.url}/team#case=${pushedCase}`], left: 0 })
  })
})
