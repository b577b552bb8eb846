import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { findChromium } from '../../support/chromium.js'

const HERE = path.dirname(fileURLToPath(import.meta.url))
export const SCREENSHOTS = path.resolve(HERE, '../screenshots')

export const DESKTOP = { width: 1366, height: 800 }
export const PHONE = { width: 360, height: 740 }

export function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium()
  if (!executablePath) throw new Error('Chromium not found: `npm test` installs it on Debian/Ubuntu as root; otherwise apt-get install chromium or set CHROMIUM_PATH')
  return chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
}

export interface OpenContext {
  context: BrowserContext
  page: Page
  /** Requests to anything but the test server (blocked): only map tiles are expected. */
  external: string[]
  /** Uncaught page errors and console errors, for assertions and debugging. */
  errors: string[]
}

/**
 * A browser context on the test server. Everything off the server is blocked, as in a field
 * office without internet: the map must still work, and nothing else may be fetched.
 */
export async function openContext(
  browser: Browser,
  baseUrl: string,
  opts: { viewport?: { width: number; height: number }; geolocation?: { latitude: number; longitude: number; accuracy?: number }; permissions?: string[]; locale?: string; mobile?: boolean } = {},
): Promise<OpenContext> {
  const phone = opts.mobile ?? (opts.viewport?.width ?? DESKTOP.width) < 600
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: opts.viewport ?? DESKTOP,
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    locale: opts.locale ?? 'id-ID',
    timezoneId: 'Asia/Jakarta',
    ...(opts.geolocation ? { geolocation: opts.geolocation } : {}),
    permissions: opts.permissions ?? [],
  })
  context.setDefaultTimeout(20_000)
  const external: string[] = []
  await context.route(
    (url) => !url.href.startsWith(baseUrl),
    (route) => {
      external.push(route.request().url())
      return route.abort('internetdisconnected')
    },
  )
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|net::ERR_/.test(m.text())) errors.push(`console: ${m.text()}`)
  })
  return { context, page, external, errors }
}

/** Waits (at most 3 s) until the maps have stopped panning or zooming, so pictures are sharp. */
async function mapsAtRest(page: Page): Promise<void> {
  // A string, not a function: transpilers that inject helpers (esbuild's keepNames) would
  // break a serialised function in the page.
  await page.evaluate(`new Promise((resolve) => {
    const end = Date.now() + 3000
    let last = ''
    let stable = 0
    const tick = () => {
      const now = Array.from(document.querySelectorAll('.leaflet-map-pane, .leaflet-zoom-animated'), (e) => e.style.transform).join('|')
      // A zoom runs as a CSS transition while the container has .leaflet-zoom-anim.
      stable = now === last && !document.querySelector('.leaflet-zoom-anim') ? stable + 1 : 0
      last = now
      if (stable >= 10 || Date.now() > end) resolve()
      else requestAnimationFrame(tick)
    }
    tick()
  })`)
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  await mapsAtRest(page)
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false })
}

/** Map tiles are the only outside requests the app may make (and they fail here). */
export function unexpectedExternal(external: string[], tileHost = 'tile.openstreetmap.org'): string[] {
  return external.filter((u) => !u.includes(tileHost))
}
