import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestServer } from '../support/server.js'
import { startWebServer, waitForAttr } from './support/app.js'
import { PHONE, launchBrowser, openContext, screenshot } from './support/browser.js'

/** Apple's 44 pt and WCAG 2.5.5's 44 CSS px: a thumb on a cheap phone. */
const MIN_TARGET_PX = 44

/** Visible controls smaller than the minimum target, as "testid-or-text width×height". */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(`Array.from(document.querySelectorAll('main button, main a.btn, main input, main textarea, main select, header button, .leaflet-bar a'))
    .filter((e) => e.offsetParent !== null && e.getAttribute('tabindex') !== '-1')
    .map((e) => ({ e, r: e.getBoundingClientRect() }))
    .filter(({ r }) => r.width < ${MIN_TARGET_PX} || r.height < ${MIN_TARGET_PX})
    .map(({ e, r }) => (e.getAttribute('data-testid') || e.getAttribute('title') || e.textContent.trim().slice(0, 24)) + ' ' + Math.round(r.width) + '×' + Math.round(r.height))`)
}

/** Form fields no label names (a wrapping label, for=, aria-label or aria-labelledby). */
function unlabelledFields(page: Page): Promise<string[]> {
  return page.evaluate(`Array.from(document.querySelectorAll('input, textarea, select'))
    .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
    .map((e) => e.getAttribute('data-testid') || e.outerHTML.slice(0, 60))`)
}

/** Category names with a word split over two lines (a word's text making more than one box). */
function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(`Array.from(document.querySelectorAll('.category-tile span')).flatMap((span) => {
    const node = span.firstChild
    const text = node ? node.textContent : ''
    const broken = []
    let at = 0
    for (const word of text.split(/\\s+/)) {
      const start = text.indexOf(word, at)
      at = start + word.length
      if (!word) continue
      const range = document.createRange()
      range.setStart(node, start)
      range.setEnd(node, at)
      const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)))
      if (lines.size > 1) broken.push(word)
    }
    return broken
  })`)
}

describe('the citizen’s page for every hand and eye', () => {
  let s: TestServer
  let browser: Browser

  beforeAll(async () => {
    ;[s, browser] = await Promise.all([startWebServer(), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
    await s?.close()
  })

  it.each(['id', 'en'])('on a 360 px phone in %s: 44 px targets, every field labelled, no category name cut in two', { timeout: 90_000 }, async (lang) => {
    const { context, page } = await openContext(browser, s.url, { viewport: PHONE })
    await page.goto('/', { waitUntil: 'domcontentloaded' })
    await page.getByTestId('report-form').waitFor()
    if (lang === 'en') {
      await page.getByTestId('lang-en').click()
      await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Report a person who needs help' }).waitFor()
    }
    await page.getByTestId('report-category-homeless').scrollIntoViewIfNeeded()
    await screenshot(page, `report-categories-phone-${lang}`)
    expect(await brokenWords(page)).toEqual([])

    await page.getByTestId('report-q-unconscious-yes').scrollIntoViewIfNeeded()
    await screenshot(page, `report-questions-phone-${lang}`)
    await page.getByTestId('report-map-slot').scrollIntoViewIfNeeded()
    await waitForAttr(page, 'report-map-slot', 'data-map', 'ready')
    expect(await smallTargets(page)).toEqual([])
    expect(await unlabelledFields(page)).toEqual([])
    // The photo input is opened by its button; it is out of the tab order but still named.
    expect(await page.getByTestId('report-photo-input').getAttribute('aria-label')).toBeTruthy()
    // Map attribution links stand out from the text around them without relying on colour.
    const decoration = await page
      .locator('.leaflet-control-attribution a')
      .first()
      .evaluate((a) => getComputedStyle(a).textDecorationLine)
    expect(decoration).toContain('underline')
    await context.close()
  })
})
