import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Incident } from '@shared/incidents.js'
import { DISPATCH_ROOM } from '../../server/realtime/relay.js'
import { near, type TestServer } from '../support/server.js'
import { createAccount, signIn, startWebServer, waitForAttr } from './support/app.js'
import { DESKTOP, PHONE, launchBrowser, openContext, screenshot, unexpectedExternal, type OpenContext } from './support/browser.js'

/** Latitude/longitude of a `near()` point, as Playwright's geolocation wants it. */
const geo = (p: { lon: number; lat: number }) => ({ latitude: p.lat, longitude: p.lon, accuracy: 10 })

describe('a report travels from a citizen’s phone through the console and a team’s phone to a shelter', () => {
  let s: TestServer
  let browser: Browser
  const opened: OpenContext[] = []
  let teamA: { id: string }
  let teamB: { id: string }
  let shelter: { id: string }

  const open = async (opts: Parameters<typeof openContext>[2] = {}) => {
    const c = await openContext(browser, s.url, opts)
    opened.push(c)
    return c
  }
  const incidentByCode = async (code: string): Promise<Incident> => {
    const list = (await s.call<Incident[]>('GET', '/api/incidents?status=open', { role: 'dispatcher' })).body
    const found = list.find((i) => i.trackingCode === code)
    if (!found) throw new Error(`no open incident with code ${code}`)
    return found
  }
  const openConsole = async (): Promise<Page> => {
    const { page } = await open({ viewport: DESKTOP })
    await page.goto('/dispatch', { waitUntil: 'domcontentloaded' })
    await signIn(page, 'disp')
    await waitForAttr(page, 'dispatch-console', 'data-loaded', 'true')
    await waitForAttr(page, 'connection', 'data-state', 'online')
    return page
  }
  const openTeamPhone = async (username: string, at: { lon: number; lat: number }): Promise<Page> => {
    const { page } = await open({ viewport: PHONE, geolocation: geo(at), permissions: ['geolocation'] })
    await page.goto('/team', { waitUntil: 'domcontentloaded' })
    await signIn(page, username)
    await page.getByTestId('team-page').waitFor()
    await waitForAttr(page, 'position-card', 'data-state', 'ok')
    await waitForAttr(page, 'connection', 'data-state', 'online')
    return page
  }

  beforeAll(async () => {
    ;[s, browser] = await Promise.all([startWebServer(), launchBrowser()])
    teamA = await s.createTeam('TRC-A', near(300))
    teamB = await s.createTeam('TRC-B', near(-4000))
    const dest = await s.call('POST', '/api/destinations', {
      role: 'admin',
      body: { name: 'Rumah Singgah Uji', kind: 'shelter', location: near(900, 400), capacity: 5, occupancy: 2, accepts: ['sick', 'homeless', 'elderly'] },
    })
    expect(dest.status, JSON.stringify(dest.body)).toBe(201)
    shelter = dest.body
    await createAccount(s, 'disp', 'dispatcher')
    await createAccount(s, 'team-a', 'team', teamA.id)
    await createAccount(s, 'team-b', 'team', teamB.id)
  })

  afterEach(async () => {
    for (const c of opened.splice(0)) await c.context.close().catch(() => {})
  })

  afterAll(async () => {
    await browser?.close()
    await s?.close()
  })

  it('shows the report on the console and the team’s phone live, and the handover to the citizen', { timeout: 180_000 }, async () => {
    const [dispatcher, phone] = await Promise.all([openConsole(), openTeamPhone('team-a', near(300))])
    const citizenCtx = await open({ viewport: PHONE })
    const citizen = citizenCtx.page
    await phone.getByTestId('idle').waitFor()

    // The citizen reports a sick person by putting a pin on the map (then nudging it).
    await citizen.goto('/', { waitUntil: 'domcontentloaded' })
    await citizen.getByTestId('report-category-sick').click()
    await citizen.getByTestId('report-q-unconscious-no').click()
    await citizen.getByTestId('report-q-injured-no').click()
    await waitForAttr(citizen, 'report-map', 'data-pin-ready', 'true')
    await citizen.getByTestId('report-map').click()
    const pin = citizen.getByTestId('map-pin')
    await pin.waitFor()
    const box = (await pin.boundingBox())!
    await citizen.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await citizen.mouse.down()
    await citizen.mouse.move(box.x + box.width / 2 + 12, box.y + box.height / 2 + 8, { steps: 6 })
    await citizen.mouse.up()
    await waitForAttr(citizen, 'report-location-state', 'data-source', 'map_pin')
    await citizen.getByTestId('report-address').fill('Depan Stasiun Depok Baru')
    await citizen.getByTestId('report-description').fill('Bapak tua terbaring lemas di trotoar sejak pagi')
    await citizen.getByTestId('report-name').fill('Siti')
    await citizen.getByTestId('report-phone').fill('0812 3456 7890')
    await screenshot(citizen, 'report-phone')
    await citizen.getByTestId('report-submit').click()
    await citizen.getByTestId('report-receipt').waitFor()
    const code = (await citizen.getByTestId('report-tracking-code').textContent())!.trim()
    expect(code).toMatch(/^[0-9A-Z]{8,32}$/)
    await screenshot(citizen, 'report-receipt-phone')
    const incident = await incidentByCode(code)
    expect(incident).toMatchObject({ category: 'sick', locationSource: 'map_pin', teamId: teamA.id, status: 'assigned' })

    // The console shows it without a reload: queue, alert, marker, and the team that took it.
    await dispatcher.getByTestId(`queue-item-${incident.id}`).waitFor()
    await dispatcher.getByTestId(`alert-${incident.id}`).waitFor()
    await dispatcher.getByTestId(`map-incident-${incident.id}`).waitFor({ state: 'attached' })
    await waitForAttr(dispatcher, `map-team-${teamA.id}`, 'data-status', 'assigned')
    // Whose phone is connected shows on the map: team A's is open, team B's is not (a hollow dot).
    await waitForAttr(dispatcher, `map-team-${teamA.id}`, 'data-phone', 'on')
    await waitForAttr(dispatcher, `map-team-${teamB.id}`, 'data-phone', 'off')
    await dispatcher.getByTestId(`queue-item-${incident.id}`).click()
    await waitForAttr(dispatcher, 'incident-team', 'data-team-id', teamA.id)
    await screenshot(dispatcher, 'dispatch-desktop')

    // The team's phone gets the assignment and walks the steps.
    await waitForAttr(phone, 'assignment', 'data-incident-id', incident.id)
    expect(await phone.getByTestId('assignment-description').textContent()).toContain('Bapak tua')
    expect(await phone.getByTestId('navigate').getAttribute('href')).toMatch(/^https:\/\/www\.google\.com\/maps\/dir\/\?api=1&destination=-6\.\d+,106\.\d+$/)
    await screenshot(phone, 'team-phone-assignment')
    for (const step of ['acknowledged', 'en_route', 'on_scene', 'transporting'] as const) {
      await phone.getByTestId(`step-${step}`).click()
      // Transporting starts by choosing where to: the shelter sees the team coming.
      if (step === 'transporting') await phone.getByTestId(`transport-dest-${shelter.id}`).click()
      await waitForAttr(phone, 'assignment', 'data-status', step)
      if (step === 'en_route') {
        // The team drives towards the place; the console's map follows the phone's GPS.
        const there = near(100, 150)
        await phone.context().setGeolocation(geo(there))
        await waitForAttr(dispatcher, `map-team-${teamA.id}`, 'data-at', `${there.lat.toFixed(5)},${there.lon.toFixed(5)}`)
      }
    }
    // The phone now navigates to the shelter, not to the pickup point.
    await waitForAttr(phone, 'heading-to', 'data-destination-id', shelter.id)
    const dest = near(900, 400)
    expect(await phone.getByTestId('navigate').getAttribute('href')).toContain(`destination=${dest.lat.toFixed(6)},${dest.lon.toFixed(6)}`)
    await screenshot(phone, 'team-phone-transporting')
    await waitForAttr(dispatcher, 'incident-status', 'data-status', 'transporting')
    await waitForAttr(dispatcher, `map-team-${teamA.id}`, 'data-status', 'transporting')

    // Handover to the shelter chosen from the list (nearest with free places).
    await phone.getByTestId('step-handed_over').click()
    await phone.getByTestId(`handover-dest-${shelter.id}`).click()
    await phone.getByTestId('handover-sex-male').click()
    await phone.getByTestId('handover-age').fill('65')
    await phone.getByTestId('handover-condition').fill('Lemas, dehidrasi ringan')
    await phone.getByTestId('handover-received-by').fill('Petugas Budi')
    await screenshot(phone, 'team-phone-handover')
    await phone.getByTestId('handover-submit').click()
    await waitForAttr(phone, 'finished-notice', 'data-reason', 'handed_over')
    await waitForAttr(phone, 'team-status', 'data-status', 'returning')

    // The console: status, timeline, and the shelter's occupancy, all live.
    await waitForAttr(dispatcher, 'incident-status', 'data-status', 'handed_over')
    await waitForAttr(dispatcher, 'timeline-entry', 'data-type', 'handover.logged')
    const timeline = await dispatcher.getByTestId('incident-timeline').textContent()
    expect(timeline).toContain('Rumah Singgah Uji')
    expect(timeline).toContain('TRC-A')
    await screenshot(dispatcher, 'dispatch-desktop-handed-over')
    await dispatcher.getByTestId('tab-destinations').click()
    await dispatcher.getByTestId(`destination-occupancy-${shelter.id}`).waitFor()
    await expect.poll(() => dispatcher.getByTestId(`destination-occupancy-${shelter.id}`).textContent(), { timeout: 20_000 }).toBe('3/5')

    // The citizen follows the link: handed over, live; then the dispatcher closes the case.
    await citizen.getByTestId('report-track-link').click()
    await waitForAttr(citizen, 'track-status', 'data-status', 'handed_over')
    expect(await citizen.getByTestId('track-code').textContent()).toBe(code)
    expect(await citizen.getByTestId('track-step-handed_over').getAttribute('data-state')).toBe('done')
    const trackText = (await citizen.getByTestId('track-view').textContent()) ?? ''
    for (const personal of ['Siti', '0812', 'Bapak tua', 'TRC-A', 'Petugas Budi']) expect(trackText).not.toContain(personal)
    await screenshot(citizen, 'track-phone')

    await dispatcher.getByTestId('tab-queue').click()
    await dispatcher.getByTestId(`queue-item-${incident.id}`).click()
    await dispatcher.getByTestId('close-case').click()
    await dispatcher.getByTestId('close-confirm').click()
    await waitForAttr(dispatcher, 'incident-status', 'data-status', 'closed')
    await waitForAttr(citizen, 'track-status', 'data-status', 'closed')

    // The team is ready again.
    await phone.getByTestId('ready').click()
    await waitForAttr(phone, 'team-status', 'data-status', 'available')
    await waitForAttr(dispatcher, `map-team-${teamA.id}`, 'data-status', 'available')

    for (const c of opened) {
      expect(c.errors, 'page errors').toEqual([])
      expect(unexpectedExternal(c.external), 'requests off the server other than map tiles').toEqual([])
    }
  })

  it('lets a dispatcher reassign a case to another team, and both phones follow', { timeout: 120_000 }, async () => {
    const [dispatcher, phoneA, phoneB] = await Promise.all([openConsole(), openTeamPhone('team-a', near(300)), openTeamPhone('team-b', near(-4000))])
    const rep = await s.report({ category: 'homeless', location: near(100), description: 'Tidur di halte' })
    expect(rep.status, JSON.stringify(rep.body)).toBe(201)
    const id: string = rep.body.id
    await waitForAttr(phoneA, 'assignment', 'data-incident-id', id)

    await dispatcher.getByTestId(`queue-item-${id}`).click()
    await waitForAttr(dispatcher, 'incident-team', 'data-team-id', teamA.id)
    await dispatcher.getByTestId(`assign-${teamB.id}`).click()
    await waitForAttr(dispatcher, 'incident-team', 'data-team-id', teamB.id)
    await waitForAttr(phoneB, 'assignment', 'data-incident-id', id)
    await waitForAttr(phoneA, 'finished-notice', 'data-reason', 'reassigned')
    await phoneA.getByTestId('idle').waitFor()
    await waitForAttr(dispatcher, 'timeline-entry', 'data-type', 'incident.unassigned')
    const timeline = await dispatcher.getByTestId('incident-timeline').textContent()
    expect(timeline).toContain('Ditugaskan ke TRC-B')
    expect(timeline).toMatch(/E2E [^—]+ \(Anda\)/) // the dispatcher's display name, marked as you
    await screenshot(dispatcher, 'dispatch-desktop-reassigned')
    expect((await s.incident(id)).teamId).toBe(teamB.id)
  })

  it('takes a report by phone with the caller’s name and number', { timeout: 120_000 }, async () => {
    const dispatcher = await openConsole()
    await dispatcher.getByTestId('open-call-taker').click()
    await dispatcher.getByTestId('call-taker-dialog').waitFor()
    await dispatcher.getByTestId('ct-submit').click()
    await dispatcher.getByText('Lengkapi kolom wajib').waitFor()
    await dispatcher.getByTestId('ct-name').fill('Pak Joko')
    await dispatcher.getByTestId('ct-phone').fill('021 777 1234')
    await dispatcher.getByTestId('ct-category').selectOption('street_child')
    await dispatcher.getByTestId('ct-answer-badWeather').check()
    await dispatcher.getByTestId('ct-priority').selectOption('critical')
    await waitForAttr(dispatcher, 'ct-map', 'data-pin-ready', 'true')
    await dispatcher.getByTestId('ct-map').click()
    await dispatcher.getByTestId('ct-address').fill('Perempatan Ramanda')
    await screenshot(dispatcher, 'dispatch-call-taker-desktop')
    await dispatcher.getByTestId('ct-submit').click()
    await dispatcher.getByTestId('call-taker-dialog').waitFor({ state: 'detached' })
    const panel = dispatcher.getByTestId('incident-panel')
    await panel.waitFor()
    const id = (await panel.getAttribute('data-incident-id'))!
    const incident = await s.incident(id)
    expect(incident).toMatchObject({ source: 'call_taker', category: 'street_child', priority: 'critical', reporter: { name: 'Pak Joko', phone: '+62217771234' }, address: 'Perempatan Ramanda' })
    expect(await panel.textContent()).toContain('Pak Joko')
  })

  it('renders the console and the team phone on a phone and a desktop', { timeout: 120_000 }, async () => {
    const teamC = await s.createTeam('TRC-C', near(-800, -650))
    await createAccount(s, 'team-c', 'team', teamC.id)
    const rep = await s.report({
      category: 'odgj',
      location: near(-800, -600),
      description: 'Berteriak di pinggir jalan',
      answers: { unconscious: false, injured: false, child: false, badWeather: false, aggressive: true },
    })
    expect(rep.status).toBe(201)
    expect(rep.body.status, 'the nearest free team (TRC-C) takes it').toBe('assigned')
    const { page: consolePhone } = await open({ viewport: PHONE })
    await consolePhone.goto('/dispatch', { waitUntil: 'domcontentloaded' })
    await signIn(consolePhone, 'disp')
    await waitForAttr(consolePhone, 'dispatch-console', 'data-loaded', 'true')
    await consolePhone.getByTestId(`queue-item-${rep.body.id}`).waitFor()
    await screenshot(consolePhone, 'dispatch-phone')
    await consolePhone.getByTestId(`queue-item-${rep.body.id}`).click()
    await consolePhone.getByTestId('incident-panel').waitFor()
    await screenshot(consolePhone, 'dispatch-phone-panel')
    expect(await consolePhone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)

    expect((await s.incident(rep.body.id)).teamId).toBe(teamC.id)
    const { page: teamDesktop } = await open({ viewport: DESKTOP, geolocation: geo(near(-800, -650)), permissions: ['geolocation'] })
    await teamDesktop.goto('/team', { waitUntil: 'domcontentloaded' })
    await signIn(teamDesktop, 'team-c')
    await waitForAttr(teamDesktop, 'assignment', 'data-incident-id', rep.body.id)
    await screenshot(teamDesktop, 'team-desktop')

    const { page: teamSignIn } = await open({ viewport: PHONE })
    await teamSignIn.goto('/team', { waitUntil: 'domcontentloaded' })
    await teamSignIn.getByTestId('sign-in').waitFor()
    await screenshot(teamSignIn, 'team-phone-sign-in')
    expect(await teamSignIn.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
  })

  it('catches up on what happened while the console was disconnected', { timeout: 120_000 }, async () => {
    const dispatcher = await openConsole()
    const ctx = opened[opened.length - 1]!.context
    const io = s.app.realtime!.io
    await ctx.setOffline(true)
    io.in(DISPATCH_ROOM).disconnectSockets(true)
    await waitForAttr(dispatcher, 'connection', 'data-state', 'offline')
    expect(await io.in(DISPATCH_ROOM).fetchSockets(), 'the console is cut off').toHaveLength(0)

    // While it is away: a new report, and a priority change on it.
    const rep = await s.report({ category: 'elderly', location: near(-1500, 1500), description: 'Nenek kebingungan di pasar' })
    expect(rep.status).toBe(201)
    const id: string = rep.body.id
    const prio = await s.call('POST', `/api/incidents/${id}/priority`, { role: 'dispatcher', body: { priority: 'critical' } })
    expect(prio.status, JSON.stringify(prio.body)).toBe(200)

    await ctx.setOffline(false)
    await waitForAttr(dispatcher, 'connection', 'data-state', 'online', 30_000)
    // 'online' shows when the socket connects; it joins the room after its catch-up.
    await expect.poll(async () => (await io.in(DISPATCH_ROOM).fetchSockets()).length, { timeout: 30_000 }).toBeGreaterThan(0)
    const [back] = await io.in(DISPATCH_ROOM).fetchSockets()
    expect((back?.handshake.auth as { lastSeq?: number }).lastSeq, 'it reconnects asking for what it missed').toBeGreaterThan(0)
    await waitForAttr(dispatcher, `queue-item-${id}`, 'data-priority', 'critical', 30_000)
    await dispatcher.getByTestId(`alert-${id}`).waitFor()
  })
})
