import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestServer } from '../support/server.js'
import { startWebServer, waitForAttr } from './support/app.js'
import { DESKTOP, PHONE, launchBrowser, openContext, screenshot, type OpenContext } from './support/browser.js'

/** Monas, central Jakarta: well outside Depok's service area. */
const JAKARTA = { latitude: -6.1754, longitude: 106.8272, accuracy: 15 }
/** Pancoran Mas, Depok. */
const DEPOK = { latitude: -6.399, longitude: 106.8186, accuracy: 12 }
/** A 1×1 JPEG, the smallest real photo the browser can decode and resize. */
const TINY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==',
  'base64',
)

describe('the citizen’s report form', () => {
  let s: TestServer
  let browser: Browser
  const opened: OpenContext[] = []
  const open = async (opts: Parameters<typeof openContext>[2] = {}) => {
    const c = await openContext(browser, s.url, opts)
    opened.push(c)
    return c
  }

  beforeAll(async () => {
    ;[s, browser] = await Promise.all([startWebServer(), launchBrowser()])
  })
  afterAll(async () => {
    for (const c of opened) await c.context.close().catch(() => {})
    await browser?.close()
    await s?.close()
  })

  it('refuses a point outside the service area with a clear message, before and after sending', { timeout: 90_000 }, async () => {
    const { page } = await open({ viewport: PHONE, geolocation: JAKARTA, permissions: ['geolocation'] })
    await page.goto('/', { waitUntil: 'domcontentloaded' })
    await page.getByTestId('report-category-homeless').click()
    await page.getByTestId('report-use-gps').click()
    await waitForAttr(page, 'report-location-state', 'data-source', 'gps')
    await page.getByTestId('report-outside-hint').waitFor()
    await page.getByTestId('report-submit').click()
    await waitForAttr(page, 'report-error', 'data-code', 'outside_service_area')
    const message = await page.getByTestId('report-error').textContent()
    expect(message).toContain('di luar wilayah layanan Kota Depok')
    // The service's name comes from the city's config (city.json), not from the code.
    expect(await page.title()).toContain('TRC Joss Gandos')
    await screenshot(page, 'report-outside-phone')
    expect(await page.getByTestId('report-receipt').count()).toBe(0)
  })

  it('says so when GPS is refused, and the map pin still works', { timeout: 90_000 }, async () => {
    const { page } = await open({ viewport: PHONE })
    await page.goto('/', { waitUntil: 'domcontentloaded' })
    await page.getByTestId('report-use-gps').click()
    await waitForAttr(page, 'report-gps-problem', 'data-problem', 'denied')
    await waitForAttr(page, 'report-map', 'data-pin-ready', 'true')
    await page.getByTestId('report-map').click()
    await waitForAttr(page, 'report-location-state', 'data-source', 'map_pin')
  })

  it('switches to English, keeps the choice on reload and on the other pages', { timeout: 90_000 }, async () => {
    const { page } = await open({ viewport: DESKTOP, geolocation: DEPOK, permissions: ['geolocation'] })
    await page.goto('/', { waitUntil: 'domcontentloaded' })
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Laporkan orang yang butuh bantuan' }).waitFor()
    await page.getByTestId('lang-en').click()
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Report a person who needs help' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    await page.reload({ waitUntil: 'domcontentloaded' })
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Report a person who needs help' }).waitFor()
    expect(await page.getByTestId('report-category-odgj').textContent()).toContain('mental disorder')

    // A report in English, with a photo (resized in the browser, then uploaded).
    await page.getByTestId('report-category-odgj').click()
    await page.getByTestId('report-use-gps').click()
    await waitForAttr(page, 'report-location-state', 'data-source', 'gps')
    await page.getByTestId('report-photo-input').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: TINY_JPEG })
    await page.getByTestId('report-photo-preview').waitFor()
    await page.getByTestId('report-description').fill('Man shouting at cars near the market')
    await screenshot(page, 'report-desktop')
    await page.getByTestId('report-submit').click()
    await page.getByTestId('report-receipt').waitFor()
    await waitForAttr(page, 'report-photo-state', 'data-state', 'done')
    const code = (await page.getByTestId('report-tracking-code').textContent())!.trim()
    const incident = (await s.call('GET', '/api/incidents?status=open', { role: 'dispatcher' })).body.find((i: { trackingCode: string }) => i.trackingCode === code)
    const photos = await s.call('GET', `/api/incidents/${incident.id}/photos`, { role: 'dispatcher' })
    expect(photos.body).toHaveLength(1)
    expect(photos.body[0].contentType).toBe('image/jpeg')

    await page.getByTestId('report-track-link').click()
    await waitForAttr(page, 'track-status', 'data-status', 'reported')
    expect(await page.getByTestId('track-step-received').textContent()).toContain('Report received')
    await screenshot(page, 'track-desktop')
    await page.getByTestId('lang-id').click()
    await page.getByTestId('track-step-received').filter({ hasText: 'Laporan diterima' }).waitFor()
  })

  it('waits for a photo still uploading when "Pantau status" is tapped, says so, then opens the status page', { timeout: 90_000 }, async () => {
    const { page } = await open({ viewport: PHONE, geolocation: DEPOK, permissions: ['geolocation'] })
    // The upload is held (a slow connection) until the test lets it through.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let uploads = 0
    await page.route(/\/api\/incidents\/[^/]+\/photo$/, async (route) => {
      uploads++
      await held
      await route.continue()
    })
    await page.goto('/', { waitUntil: 'domcontentloaded' })
    await page.getByTestId('report-category-elderly').click()
    await page.getByTestId('report-use-gps').click()
    await waitForAttr(page, 'report-location-state', 'data-source', 'gps')
    await page.getByTestId('report-photo-input').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: TINY_JPEG })
    await page.getByTestId('report-photo-preview').waitFor()
    await page.getByTestId('report-submit').click()
    await page.getByTestId('report-receipt').waitFor()
    await waitForAttr(page, 'report-photo-state', 'data-state', 'uploading')
    const code = (await page.getByTestId('report-tracking-code').textContent())!.trim()

    await page.getByTestId('report-track-link').click()
    await page.getByTestId('report-photo-wait').waitFor()
    expect(new URL(page.url()).pathname).toBe('/')
    expect(await page.getByTestId('report-track-link').getAttribute('aria-disabled')).toBe('true')
    await screenshot(page, 'report-photo-wait-phone')

    release()
    await page.waitForURL(`**/track/${code}`)
    await waitForAttr(page, 'track-status', 'data-status', 'reported')
    expect(uploads).toBe(1)
    const incident = (await s.call('GET', '/api/incidents?status=open', { role: 'dispatcher' })).body.find((i: { trackingCode: string }) => i.trackingCode === code)
    const photos = await s.call('GET', `/api/incidents/${incident.id}/photos`, { role: 'dispatcher' })
    expect(photos.body).toHaveLength(1)
  })

  it('finds a place by name with GPS refused, with no network once the list is loaded, and sends it', { timeout: 90_000 }, async () => {
    const { context, page } = await open({ viewport: PHONE })
    await page.goto('/', { waitUntil: 'domcontentloaded' })
    await page.getByTestId('report-category-homeless').click()
    await page.getByTestId('report-use-gps').click()
    await waitForAttr(page, 'report-gps-problem', 'data-problem', 'denied')
    expect(await page.getByTestId('report-gps-problem').textContent()).toContain('Cari nama tempat')

    // The list comes once; from then on the search runs on the phone.
    const search = page.getByTestId('report-place-search')
    const listed = page.waitForResponse((r) => r.url().endsWith('/api/places') && r.status() === 200)
    await search.focus()
    await listed
    await context.setOffline(true)
    await search.fill('pasar kemiri')
    await page.getByTestId('report-place-result').first().waitFor()
    expect(await page.getByTestId('report-place-result').first().textContent()).toContain('Pasar Kemiri')
    await search.fill('zzz tidak ada')
    await page.getByTestId('report-place-none').waitFor()
    await search.fill('Kel. Pondok Cina')
    await page.getByTestId('report-place-result').first().waitFor()
    await screenshot(page, 'report-place-search-phone')
    await search.fill('pasar kemiri')
    await page.getByTestId('report-place-result').first().click()
    await context.setOffline(false)

    await waitForAttr(page, 'report-location-state', 'data-source', 'address')
    expect(await page.getByTestId('report-address').inputValue()).toContain('Pasar Kemiri')
    await waitForAttr(page, 'report-map-slot', 'data-map', 'ready')
    await page.getByTestId('map-pin').waitFor()
    await screenshot(page, 'report-place-picked-phone')
    await page.getByTestId('report-submit').click()
    await page.getByTestId('report-receipt').waitFor()
    const code = (await page.getByTestId('report-tracking-code').textContent())!.trim()
    const incident = (await s.call('GET', '/api/incidents?status=open', { role: 'dispatcher' })).body.find((i: { trackingCode: string }) => i.trackingCode === code)
    expect(incident.locationSource).toBe('address')
    expect(incident.area.kecamatan).toBe('Beji')
    expect(incident.address).toContain('Pasar Kemiri')
  })

  it('fits a 360 px phone without sideways scrolling', { timeout: 60_000 }, async () => {
    const { page } = await open({ viewport: PHONE })
    for (const path of ['/', '/track/ABCDEFGH12345678']) {
      await page.goto(path, { waitUntil: 'domcontentloaded' })
      await page.locator('main').first().waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(PHONE.width)
    }
    await page.getByTestId('track-not-found').waitFor()
  })
})
