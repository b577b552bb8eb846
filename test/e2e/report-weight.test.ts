import fs from 'node:fs'
import path from 'node:path'
import { constants, gzipSync } from 'node:zlib'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestServer } from '../support/server.js'
import { startWebServer, waitForAttr } from './support/app.js'
import { PHONE, launchBrowser, openContext } from './support/browser.js'
import { buildWebOnce } from './support/web-build.js'

/** Issue #11: the citizen's page may load at most this much gzipped JavaScript before the map. */
const REPORT_JS_BUDGET_GZ = 100 * 1000
/** And the boundary it draws (the display copy; the server checks against the exact one). */
const SERVICE_AREA_BUDGET = 50 * 1000

/**
 * What a citizen's phone downloads: the scripts the report page loads before its map is
 * needed, summed as the build's gzip copies (what a gzip-only client gets) and as the bytes
 * that actually crossed the wire (Chromium takes brotli). The figures are printed for the
 * issue's closing note.
 */
describe('the weight of the citizen’s page', () => {
  let s: TestServer
  let browser: Browser
  let dir: string

  beforeAll(async () => {
    ;[s, browser, dir] = await Promise.all([startWebServer(), launchBrowser(), buildWebOnce()])
  })
  afterAll(async () => {
    await browser?.close()
    await s?.close()
  })

  it('loads at most 100 KB of gzipped JavaScript before the map, and Leaflet only when the map is needed', { timeout: 90_000 }, async () => {
    const { context, page } = await openContext(browser, s.url, { viewport: PHONE })
    const scripts: { url: string; gz: number; wire: number; afterMap: boolean }[] = []
    let mapWanted = false
    page.on('requestfinished', async (request) => {
      const url = new URL(request.url())
      if (request.resourceType() !== 'script' || !url.pathname.startsWith('/assets/')) return
      const file = path.join(dir, url.pathname)
      // Files under 1 kB have no .gz copy (web/build/precompress.ts).
      const gz = fs.existsSync(`${file}.gz`) ? fs.statSync(`${file}.gz`).size : gzipSync(fs.readFileSync(file), { level: constants.Z_BEST_COMPRESSION }).length
      const wire = (await request.sizes()).responseBodySize
      scripts.push({ url: url.pathname, gz, wire, afterMap: mapWanted })
    })
    await page.goto('/', { waitUntil: 'networkidle' })
    await page.getByTestId('report-form').waitFor()
    await waitForAttr(page, 'report-map-slot', 'data-map', 'waiting')
    const before = scripts.filter((x) => !x.afterMap)
    const sum = (xs: typeof scripts, k: 'gz' | 'wire') => xs.reduce((n, x) => n + x[k], 0)

    // Scrolling down to the map loads it.
    mapWanted = true
    await page.getByTestId('report-map-slot').scrollIntoViewIfNeeded()
    await waitForAttr(page, 'report-map-slot', 'data-map', 'ready')
    await waitForAttr(page, 'report-map', 'data-boundaries', 'loaded')
    await page.waitForLoadState('networkidle')
    const after = scripts.filter((x) => x.afterMap)
    const area = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/service-area'))
        .map((e) => ({ wire: (e as PerformanceResourceTiming).encodedBodySize, raw: (e as PerformanceResourceTiming).decodedBodySize })),
    )

    console.log(
      [
        'citizen page, JavaScript before the map:',
        ...before.map((x) => `  ${x.url}: ${x.gz} B gzip, ${x.wire} B on the wire (brotli)`),
        `  total: ${sum(before, 'gz')} B gzip, ${sum(before, 'wire')} B brotli`,
        'loaded with the map:',
        ...after.map((x) => `  ${x.url}: ${x.gz} B gzip, ${x.wire} B on the wire`),
        `  total: ${sum(after, 'gz')} B gzip, ${sum(after, 'wire')} B brotli`,
        `service area (display boundary): ${area.map((a) => `${a.raw} B, ${a.wire} B on the wire`).join('; ')}`,
      ].join('\n'),
    )
    expect(before.length).toBeGreaterThan(0)
    expect(sum(before, 'gz')).toBeLessThanOrEqual(REPORT_JS_BUDGET_GZ)
    // Leaflet arrives with the map, not before it.
    const hasLeaflet = (xs: typeof scripts) => xs.some((x) => fs.readFileSync(path.join(dir, x.url), 'utf8').includes('leaflet-container'))
    expect(hasLeaflet(before)).toBe(false)
    expect(hasLeaflet(after)).toBe(true)
    expect(area).toHaveLength(1)
    expect(area[0]!.raw).toBeLessThanOrEqual(SERVICE_AREA_BUDGET)
    await context.close()
  })
})
