import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Incident } from '@shared/incidents.js'
import { near, type TestServer } from '../support/server.js'
import { createAccount, signIn, startWebServer, waitForAttr } from './support/app.js'
import { DESKTOP, PHONE, launchBrowser, openContext, screenshot, type OpenContext } from './support/browser.js'

const geo = (p: { lon: number; lat: number }) => ({ latitude: p.lat, longitude: p.lon, accuracy: 12 })
/** A 1×1 JPEG, the smallest real photo the browser can decode and resize. */
const TINY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==',
  'base64',
)

/** A team on patrol finds someone and starts the case from its phone (issue #11 item 4, decision 015). */
describe('a case found on patrol', () => {
  let s: TestServer
  let browser: Browser
  const opened: OpenContext[] = []
  let team: { id: string }
  let offlineTeam: { id: string }

  const open = async (opts: Parameters<typeof openContext>[2] = {}) => {
    const c = await openContext(browser, s.url, opts)
    opened.push(c)
    return c
  }

  beforeAll(async () => {
    ;[s, browser] = await Promise.all([startWebServer(), launchBrowser()])
    team = await s.createTeam('TRC-P', near(200))
    offlineTeam = await s.createTeam('TRC-PO', near(-400))
    await createAccount(s, 'disp', 'dispatcher')
    await createAccount(s, 'team-p', 'team', team.id)
    await createAccount(s, 'team-po', 'team', offlineTeam.id)
  })
  afterEach(async () => {
    for (const c of opened.splice(0)) await c.context.close().catch(() => {})
  })
  afterAll(async () => {
    await browser?.close()
    await s?.close()
  })

  it('is started on a 360 px phone at the phone’s position and shows on the console as found on patrol', { timeout: 180_000 }, async () => {
    const consoleCtx = await open({ viewport: DESKTOP })
    const dispatcher: Page = consoleCtx.page
    await dispatcher.goto('/dispatch', { waitUntil: 'domcontentloaded' })
    await signIn(dispatcher, 'disp')
    await waitForAttr(dispatcher, 'dispatch-console', 'data-loaded', 'true')
    await waitForAttr(dispatcher, 'connection', 'data-state', 'online')

    const where = near(200)
    const { page: phone } = await open({ viewport: PHONE, geolocation: geo(where), permissions: ['geolocation'] })
    await phone.goto('/team', { waitUntil: 'domcontentloaded' })
    await signIn(phone, 'team-p')
    await waitForAttr(phone, 'position-card', 'data-state', 'ok')
    await waitForAttr(phone, 'connection', 'data-state', 'online')

    await phone.getByTestId('patrol-start').click()
    await phone.getByTestId('patrol-form').waitFor()
    await phone.getByTestId('patrol-category-elderly').click()
    await phone.getByTestId('patrol-q-badWeather-yes').click()
    await phone.getByTestId('patrol-description').fill('Nenek di halte, bingung, kehujanan')
    // The place is the phone's own position until the pin is moved.
    await waitForAttr(phone, 'patrol-location-state', 'data-source', 'gps')
    await phone.getByTestId('patrol-map').locator('[data-testid="map-pin"]').waitFor()
    const width = await phone.evaluate(() => document.documentElement.scrollWidth)
    expect(width, 'nothing wider than the phone').toBeLessThanOrEqual(360)
    await screenshot(phone, 'patrol-form-360')
    await phone.getByTestId('patrol-submit').click()

    // The phone now holds the case, already on scene: the next step is transporting.
    await waitForAttr(phone, 'assignment', 'data-status', 'on_scene')
    const id = (await phone.getByTestId('assignment').getAttribute('data-incident-id'))!
    await screenshot(phone, 'patrol-case-on-phone-360')

    const incident = (await s.call<Incident>('GET', `/api/incidents/${id}`, { role: 'dispatcher' })).body
    expect(incident).toMatchObject({ source: 'patrol', status: 'on_scene', teamId: team.id, category: 'elderly', priority: 'high', locationSource: 'gps' })
    expect(incident.location.lat).toBeCloseTo(where.lat, 5)

    // The console got it live: a badge in the list, a tagged marker, and the panel says who found it.
    await dispatcher.getByTestId(`queue-item-${id}`).getByTestId('queue-patrol-badge').waitFor()
    await waitForAttr(dispatcher, `map-incident-${id}`, 'data-source', 'patrol')
    await dispatcher.getByTestId(`queue-item-${id}`).click()
    await waitForAttr(dispatcher, 'panel-source', 'data-source', 'patrol')
    expect(await dispatcher.getByTestId('panel-source').textContent()).toContain('TRC-P')
    await screenshot(dispatcher, 'patrol-case-on-console')
  })

  it('is started in a dead zone, waits on the phone, and is sent at the phone’s time when the connection returns', { timeout: 180_000 }, async () => {
    const where = near(-400)
    const { page: phone, context } = await open({ viewport: PHONE, geolocation: geo(where), permissions: ['geolocation'] })
    await phone.goto('/team', { waitUntil: 'domcontentloaded' })
    await signIn(phone, 'team-po')
    await waitForAttr(phone, 'position-card', 'data-state', 'ok')
    await waitForAttr(phone, 'connection', 'data-state', 'online')
    // The server's clock runs ahead of the phone's: the case must carry the phone's time, not the time received.
    s.clock.set(new Date(Date.now() + 5 * 60_000))

    await context.setOffline(true)
    await waitForAttr(phone, 'connection', 'data-state', 'offline')
    await phone.getByTestId('patrol-start').click()
    await phone.getByTestId('patrol-category-homeless').click()
    await phone.getByTestId('patrol-description').fill('Bapak tidur di emperan toko')
    await phone.getByTestId('patrol-photo-input').setInputFiles({ name: 'foto.jpg', mimeType: 'image/jpeg', buffer: TINY_JPEG })
    await phone.getByTestId('patrol-photo-remove').waitFor()
    await waitForAttr(phone, 'patrol-location-state', 'data-source', 'gps')
    const before = await phone.evaluate(() => Date.now())
    await phone.getByTestId('patrol-submit').click()
    // The team sees it waiting: the card in place of the form, and the outbox's count and list.
    await waitForAttr(phone, 'patrol-waiting', 'data-category', 'homeless')
    await waitForAttr(phone, 'outbox-count', 'data-count', '1')
    await phone.getByTestId('outbox-patrol').waitFor()
    const after = await phone.evaluate(() => Date.now())
    await screenshot(phone, 'patrol-case-waiting-offline-360')
    const none = await s.db.sql`select count(*)::int as n from incidents where team_id = ${offlineTeam.id}`
    expect(none[0]!.n).toBe(0)

    await context.setOffline(false)
    await waitForAttr(phone, 'assignment', 'data-status', 'on_scene')
    await phone.getByTestId('outbox-count').waitFor({ state: 'detached' })
    const id = (await phone.getByTestId('assignment').getAttribute('data-incident-id'))!
    const incident = (await s.call<Incident>('GET', `/api/incidents/${id}`, { role: 'dispatcher' })).body
    expect(incident).toMatchObject({ source: 'patrol', status: 'on_scene', teamId: offlineTeam.id, category: 'homeless', description: 'Bapak tidur di emperan toko' })
    const startedAt = Date.parse(incident.times.reportedAt)
    expect(startedAt).toBeGreaterThanOrEqual(before)
    expect(startedAt).toBeLessThanOrEqual(after)
    expect(incident.times.onSceneAt).toBe(incident.times.reportedAt)
    const [reported] = await s.db.sql`select at, data from events where type = 'incident.reported' and incident_id = ${id}`
    expect(reported!.data).toMatchObject({ to: 'on_scene', deviceTime: incident.times.reportedAt, deviceTimeAdjusted: false })
    expect(new Date(reported!.at).getTime()).toBeGreaterThan(startedAt + 4 * 60_000)
    // The photo taken in the dead zone followed the case.
    await expect.poll(async () => ((await s.call('GET', `/api/incidents/${id}/photos`, { role: 'dispatcher' })).body as unknown[]).length, { timeout: 30_000 }).toBe(1)
    // Sent once.
    expect((await s.db.sql`select count(*)::int as n from incidents where team_id = ${offlineTeam.id}`)[0]!.n).toBe(1)
  })
})
