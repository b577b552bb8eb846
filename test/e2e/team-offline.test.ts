import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogEvent } from '@shared/events.js'
import { near, type TestServer } from '../support/server.js'
import { createAccount, signIn, startWebServer, waitForAttr } from './support/app.js'
import { launchBrowser, openContext, screenshot, unexpectedExternal, type OpenContext } from './support/browser.js'

const geo = (p: { lon: number; lat: number }) => ({ latitude: p.lat, longitude: p.lon, accuracy: 10 })
const SMALL_PHONE = { width: 360, height: 640 }

/** Waits until the team app's service worker controls the page. */
const controlled = (page: Page) => page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 20_000 })
const pageNow = (page: Page) => page.evaluate(() => Date.now())

describe('the team phone in a dead zone', () => {
  let s: TestServer
  let browser: Browser
  let phoneCtx: OpenContext
  let team: { id: string }
  let shelter: { id: string }

  beforeAll(async () => {
    ;[s, browser] = await Promise.all([startWebServer({ SWEEP_INTERVAL_MS: 0 }), launchBrowser()])
    team = await s.createTeam('TRC-O', near(300))
    await createAccount(s, 'team-o', 'team', team.id)
    const dest = await s.call('POST', '/api/destinations', {
      role: 'admin',
      body: { name: 'Rumah Singgah Luring', kind: 'shelter', location: near(900, 400), capacity: 5, occupancy: 1, accepts: ['sick', 'homeless'] },
    })
    expect(dest.status, JSON.stringify(dest.body)).toBe(201)
    shelter = dest.body
  })

  afterAll(async () => {
    await phoneCtx?.context.close().catch(() => {})
    await browser?.close()
    await s?.close()
  })

  it('keeps steps, a handover and positions recorded offline through a reload and sends them once, in order, at the phone’s times', { timeout: 180_000 }, async () => {
    phoneCtx = await openContext(browser, s.url, { viewport: SMALL_PHONE, geolocation: geo(near(300)), permissions: ['geolocation'] })
    const { page, context } = phoneCtx
    await page.goto('/team', { waitUntil: 'domcontentloaded' })
    await signIn(page, 'team-o')
    await page.getByTestId('team-page').waitFor()
    // The app is installable: a manifest for /team, and a worker that controls the page.
    const manifest = await (await page.request.get('/team.webmanifest')).json()
    expect(manifest).toMatchObject({ start_url: '/team', scope: '/team', display: 'standalone' })
    await controlled(page)

    const rep = await s.report({ location: near(100), description: 'Ibu dan anak di bawah jembatan' })
    const id: string = rep.body.id
    await waitForAttr(page, 'assignment', 'data-incident-id', id)
    // Opened again while online: the worker now holds the team's reads (session, team, case).
    await page.reload({ waitUntil: 'domcontentloaded' })
    await waitForAttr(page, 'assignment', 'data-incident-id', id)
    await waitForAttr(page, 'connection', 'data-state', 'online')
    await page.getByTestId('accept').click()
    await waitForAttr(page, 'assignment', 'data-status', 'acknowledged')
    await page.getByTestId('outbox-count').waitFor({ state: 'detached' })

    // The server's clock runs a little ahead of the phone's from here (as it may in the field).
    s.clock.set(new Date(Date.now() + 5 * 60_000))

    // Into the dead zone: two steps and a move.
    await context.setOffline(true)
    await waitForAttr(page, 'connection', 'data-state', 'offline')
    const t0 = await pageNow(page)
    await page.getByTestId('step-en_route').click()
    await waitForAttr(page, 'outbox-count', 'data-count', '1')
    await waitForAttr(page, 'step-en_route', 'data-pending', 'true')
    const t1 = await pageNow(page)
    await context.setGeolocation(geo(near(200, 150)))
    await page.getByTestId('step-on_scene').click()
    await waitForAttr(page, 'assignment', 'data-status', 'on_scene')
    const t2 = await pageNow(page)
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="outbox-count"]')?.getAttribute('data-count')) >= 3, null, { timeout: 30_000 })
    await screenshot(page, 'team-phone-offline-outbox')
    // On to the shelter, and the handover, from the destinations list the phone fetched while online.
    await page.getByTestId('step-transporting').click()
    // Where to is asked first; in a dead zone the team names it later (at the handover).
    await page.getByTestId('transport-later').click()
    await waitForAttr(page, 'assignment', 'data-status', 'transporting')
    await page.getByTestId('step-handed_over').click()
    await page.getByTestId(`handover-dest-${shelter.id}`).click()
    await page.getByTestId('handover-condition').fill('Lemas')
    await page.getByTestId('handover-received-by').fill('Petugas Sari')
    const t3 = await pageNow(page)
    await page.getByTestId('handover-submit').click()
    await waitForAttr(page, 'finished-notice', 'data-reason', 'handed_over')
    const t4 = await pageNow(page)

    // The phone is reloaded (or the browser killed) while still offline: the app opens from the
    // service worker and the outbox from IndexedDB.
    await page.reload({ waitUntil: 'domcontentloaded' })
    await page.getByTestId('outbox').waitFor()
    expect(await page.getByTestId('outbox-step').evaluateAll((els) => els.map((e) => e.getAttribute('data-to')))).toEqual(['en_route', 'on_scene', 'transporting', 'handed_over'])
    expect((await s.incident(id)).status).toBe('acknowledged')
    await screenshot(page, 'team-phone-offline-reloaded')

    // Signal again: everything is sent by itself, once, in order.
    await context.setOffline(false)
    await page.getByTestId('outbox-count').waitFor({ state: 'detached', timeout: 30_000 })
    const after = await s.incident(id)
    expect(after.status).toBe('handed_over')
    const handedOverAt = Date.parse(after.times.handedOverAt!)
    expect(handedOverAt).toBeGreaterThanOrEqual(t3)
    expect(handedOverAt).toBeLessThanOrEqual(t4)
    const timeline = (await s.call<LogEvent[]>('GET', `/api/incidents/${id}/timeline`, { role: 'dispatcher' })).body as LogEvent[]
    const steps = timeline.flatMap((e) => (e.type === 'incident.transitioned' ? [e] : []))
    expect(steps.map((e) => e.data.to)).toEqual(['acknowledged', 'en_route', 'on_scene', 'transporting', 'handed_over'])
    const [, enRoute, onScene] = steps
    // The phone's times, kept (each within the moment it was pressed); received later.
    const enRouteAt = Date.parse(after.times.enRouteAt!)
    const onSceneAt = Date.parse(after.times.onSceneAt!)
    expect(enRouteAt).toBeGreaterThanOrEqual(t0)
    expect(enRouteAt).toBeLessThanOrEqual(t1)
    expect(onSceneAt).toBeGreaterThanOrEqual(t1)
    expect(onSceneAt).toBeLessThanOrEqual(t2)
    expect(enRoute!.data).toMatchObject({ deviceTime: after.times.enRouteAt, deviceTimeAdjusted: false })
    expect(onScene!.data).toMatchObject({ deviceTime: after.times.onSceneAt, deviceTimeAdjusted: false })
    expect(Date.parse(onScene!.at)).toBeGreaterThan(onSceneAt)
    // The fix taken in the dead zone reached the track with its own time.
    const track = await s.db.sql`select lat, device_time, received_at from team_positions where team_id = ${team.id} order by id`
    const moved = near(200, 150)
    const offlineFix = track.find((r) => Math.abs(Number(r.lat) - moved.lat) < 1e-6)
    expect(offlineFix, JSON.stringify(track)).toBeTruthy()
    expect(new Date(offlineFix!.device_time).getTime()).toBeLessThan(new Date(offlineFix!.received_at).getTime())

    expect(phoneCtx.errors).toEqual([])
    expect(unexpectedExternal(phoneCtx.external)).toEqual([])
  })

  it('keeps the team’s own duty buttons pressed offline in the outbox and records them at the phone’s time when back online', { timeout: 120_000 }, async () => {
    // The server's clock back to real time (the test above moved it ahead), so the team's
    // status before the press is older than the press.
    s.clock.set(new Date())
    const duty = await s.createTeam('TRC-D', near(-2500, 1500))
    await createAccount(s, 'team-d', 'team', duty.id)
    const ctx = await openContext(browser, s.url, { viewport: SMALL_PHONE, geolocation: geo(near(-2500, 1500)), permissions: ['geolocation'] })
    try {
      const { page, context } = ctx
      await page.goto('/team', { waitUntil: 'domcontentloaded' })
      await signIn(page, 'team-d')
      await waitForAttr(page, 'idle', 'data-status', 'available')
      await controlled(page)
      s.clock.set(new Date(Date.now() + 60_000))

      await context.setOffline(true)
      await waitForAttr(page, 'connection', 'data-state', 'offline')
      const t0 = await pageNow(page)
      await page.getByTestId('duty-end').click()
      // Shown as pressed, and waiting.
      await waitForAttr(page, 'idle', 'data-status', 'off_duty')
      await waitForAttr(page, 'idle', 'data-pending', 'true')
      await waitForAttr(page, 'outbox-status', 'data-status', 'off_duty')
      const t1 = await pageNow(page)
      await screenshot(page, 'team-phone-offline-duty')
      expect((await s.team(duty.id)).status).toBe('available')

      await context.setOffline(false)
      await page.getByTestId('outbox-count').waitFor({ state: 'detached', timeout: 30_000 })
      await waitForAttr(page, 'idle', 'data-pending', 'false')
      const after = await s.team(duty.id)
      expect(after.status).toBe('off_duty')
      const at = Date.parse(after.statusChangedAt)
      expect(at).toBeGreaterThanOrEqual(t0)
      expect(at).toBeLessThanOrEqual(t1)
      const [event] = await s.db.sql`select data from events where type = 'team.status_changed' and team_id = ${duty.id} order by seq desc limit 1`
      expect(event!.data).toMatchObject({ deviceTime: after.statusChangedAt, deviceTimeAdjusted: false })
      expect(ctx.errors).toEqual([])
    } finally {
      await ctx.context.close().catch(() => {})
    }
  })

  it('sends what waits every FLUSH_EVERY_MS even when the browser never says it is back online', { timeout: 120_000 }, async () => {
    s.clock.set(new Date())
    const quiet = await s.createTeam('TRC-Q', near(-2000, -1500))
    await createAccount(s, 'team-q', 'team', quiet.id)
    const ctx = await openContext(browser, s.url, { viewport: SMALL_PHONE, geolocation: geo(near(-2000, -1500)), permissions: ['geolocation'] })
    try {
      const { page, context } = ctx
      await page.goto('/team', { waitUntil: 'domcontentloaded' })
      await signIn(page, 'team-q')
      await waitForAttr(page, 'idle', 'data-status', 'available')
      await controlled(page)
      // A dead spot the browser does not notice: it stays "online" (no offline or online
      // event), only the request fails on the way.
      const dead = '**/api/teams/*/status'
      await context.route(dead, (route) => route.abort('internetdisconnected'))
      await page.getByTestId('duty-end').click()
      await waitForAttr(page, 'idle', 'data-pending', 'true')
      await waitForAttr(page, 'outbox-status', 'data-status', 'off_duty')
      expect((await s.team(quiet.id)).status).toBe('available')
      expect(await page.evaluate(() => navigator.onLine)).toBe(true)
      await context.unroute(dead)
      // Nothing tells the page the way is clear: the periodic send (15 s) takes it.
      await page.getByTestId('outbox-count').waitFor({ state: 'detached', timeout: 40_000 })
      expect((await s.team(quiet.id)).status).toBe('off_duty')
    } finally {
      await ctx.context.close().catch(() => {})
    }
  })

  it('drops a step the server refuses when it is sent (the case moved on meanwhile) and tells the team, without blocking what follows', { timeout: 120_000 }, async () => {
    s.clock.set(new Date())
    const far = near(6000, -4000)
    const refused = await s.createTeam('TRC-R', far)
    await createAccount(s, 'team-r', 'team', refused.id)
    const ctx = await openContext(browser, s.url, { viewport: SMALL_PHONE, geolocation: geo(far), permissions: ['geolocation'] })
    try {
      const { page, context } = ctx
      await page.goto('/team', { waitUntil: 'domcontentloaded' })
      await signIn(page, 'team-r')
      await waitForAttr(page, 'connection', 'data-state', 'online')
      const rep = await s.report({ location: near(6050, -4000) })
      const id: string = rep.body.id
      expect((await s.incident(id)).teamId).toBe(refused.id)
      await waitForAttr(page, 'assignment', 'data-incident-id', id)

      // Accepted in a dead zone; meanwhile the dispatcher puts the case back in the queue.
      await context.setOffline(true)
      await waitForAttr(page, 'connection', 'data-state', 'offline')
      await page.getByTestId('accept').click()
      await waitForAttr(page, 'outbox-count', 'data-count', '1')
      const back = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'dispatcher', body: { to: 'reported' } })
      expect(back.status, JSON.stringify(back.body)).toBe(200)

      // Back online: the server refuses the acceptance; the phone drops it and says so.
      await context.setOffline(false)
      await page.getByTestId('outbox-failure').waitFor({ timeout: 30_000 })
      await page.getByTestId('outbox-count').waitFor({ state: 'detached', timeout: 30_000 })
      expect(await page.getByTestId('outbox-failure').textContent()).toContain('Terima')
      await screenshot(page, 'team-phone-outbox-refused')
      const incident = await s.incident(id)
      expect(incident.status).toBe('reported')
      expect(incident.times.acknowledgedAt).toBeNull()
      expect(ctx.errors).toEqual([])
    } finally {
      await ctx.context.close().catch(() => {})
    }
  })
})
