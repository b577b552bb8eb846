import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { near, type TestServer } from '../support/server.js'
import { PASSWORD, signIn, startWebServer, waitForAttr } from './support/app.js'
import { DESKTOP, PHONE, launchBrowser, openContext, screenshot, unexpectedExternal, type OpenContext } from './support/browser.js'

const DAY = 86_400_000

describe('the receiving facility’s page', () => {
  let s: TestServer
  let browser: Browser
  const opened: OpenContext[] = []
  let teamId: string
  let rpsId: string

  const openFacility = async (viewport = DESKTOP): Promise<{ page: Page; ctx: OpenContext }> => {
    const ctx = await openContext(browser, s.url, { viewport })
    opened.push(ctx)
    await ctx.page.goto('/facility', { waitUntil: 'domcontentloaded' })
    await signIn(ctx.page, 'rps-staff')
    await ctx.page.getByTestId('facility-page').waitFor()
    await waitForAttr(ctx.page, 'connection', 'data-state', 'online')
    return { page: ctx.page, ctx }
  }

  beforeAll(async () => {
    ;[s, browser] = await Promise.all([startWebServer(), launchBrowser()])
    teamId = (await s.createTeam('TRC-F', near(0))).id
    const rps = await s.call('POST', '/api/destinations', {
      role: 'admin',
      body: { name: 'RPS Kota Depok (uji)', kind: 'rps', location: near(2000, 800), capacity: 30, accepts: ['homeless', 'elderly', 'street_child'] },
    })
    expect(rps.status, JSON.stringify(rps.body)).toBe(201)
    rpsId = rps.body.id
    await s.app.services.auth.createUser({ username: 'rps-staff', displayName: 'Petugas RPS', role: 'facility', destinationId: rpsId, password: PASSWORD })
    // A resident who came in four days ago: the RPS limit (5 days) is tomorrow.
    const person = (await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'Pak Slamet', sex: 'male', approxAge: 67, ppks: [8] } })).body
    const stay = await s.call('POST', '/api/stays', { role: 'dispatcher', body: { personId: person.id, destinationId: rpsId, checkedInAt: new Date(s.clock.now().getTime() - 4 * DAY).toISOString() } })
    expect(stay.status, JSON.stringify(stay.body)).toBe(201)
  }, 120_000)
  afterAll(async () => {
    for (const c of opened) await c.context.close()
    await browser?.close()
    await s?.close()
  })

  it('sees a case coming live, confirms receiving the person, and checks a resident out to family', async () => {
    const { page, ctx } = await openFacility()
    await page.getByTestId('alert-' + (await residentId(s, 'Pak Slamet'))).waitFor()
    await expect.poll(() => page.getByTestId('beds-occupied').textContent()).toBe('1')
    await screenshot(page, 'facility-desktop-start')

    // A team picks someone up and names this RPS when it starts transporting.
    const rep = await s.report({ category: 'street_child', location: near(400, 200), description: 'anak tidur di halte' })
    const id = rep.body.id as string
    for (const to of ['acknowledged', 'en_route', 'on_scene']) expect((await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId, body: { to } })).status).toBe(200)
    expect((await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId, body: { to: 'transporting', destinationId: rpsId } })).status).toBe(200)
    await page.getByTestId(`coming-${id}`).waitFor()
    // An estimate ("perkiraan") from the team's position, updated live as the team moves.
    const eta = page.getByTestId(`eta-${id}`)
    await expect.poll(() => eta.textContent()).toMatch(/^Perkiraan tiba ± \d+ menit$/)
    const before = Number((await eta.textContent())!.match(/\d+/)![0])
    s.clock.advance(5_000)
    await s.postPosition(teamId, near(1900, 800))
    await expect.poll(async () => Number((await eta.textContent())!.match(/\d+/)![0])).toBeLessThan(before)
    await screenshot(page, 'facility-desktop-eta')

    const ho = await s.call('POST', '/api/handovers', {
      role: 'team',
      teamId,
      body: { incidentId: id, teamId, destinationId: rpsId, person: { name: 'Dimas', sex: 'male', approxAge: 11, condition: 'lapar, kaki lecet' }, receivedBy: 'Petugas RPS' },
    })
    expect(ho.status, JSON.stringify(ho.body)).toBe(201)
    await page.getByTestId(`confirm-${id}`).waitFor()
    await expect.poll(() => page.getByTestId('beds-occupied').textContent()).toBe('2')
    await screenshot(page, 'facility-desktop-incoming')
    await page.getByTestId(`confirm-${id}`).click()
    await page.getByTestId(`incoming-${id}`).waitFor({ state: 'detached' })
    expect((await s.call('GET', `/api/handovers/${ho.body.id}`, { role: 'dispatcher' })).body.receiptConfirmedAt).toBeTruthy()
    await page.getByTestId(`resident-${ho.body.personId}`).waitFor()

    // Pak Slamet goes home with his daughter.
    const slamet = await residentId(s, 'Pak Slamet')
    await page.getByTestId(`check-out-${slamet}`).click()
    await page.getByTestId('co-familyName').fill('Ibu Wati')
    await page.getByTestId('co-relationship').fill('anak')
    await page.getByTestId('co-address').fill('Jl. Kenanga 5, Sukmajaya')
    // The signed agreement: a file that only claims to be a PDF is refused, and the check-out
    // (already saved) waits for a real scan.
    await page.getByTestId('co-agreement').setInputFiles({ name: 'persetujuan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('bukan pdf') })
    await screenshot(page, 'facility-desktop-check-out')
    await page.getByTestId('co-submit').click()
    await page.getByTestId('co-checked-out').waitFor()
    // The check-out is saved first; the refusal of the file follows it.
    await page.waitForFunction(() => document.querySelector('[data-testid="check-out-form"]')?.textContent?.includes('agreement'))
    await screenshot(page, 'facility-desktop-agreement-refused')
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
    await page.getByTestId('co-agreement').setInputFiles({ name: 'persetujuan.png', mimeType: 'image/png', buffer: png })
    await page.getByTestId('co-submit').click()
    await page.getByTestId('check-out-form').waitFor({ state: 'detached' })
    const [released] = await s.db.sql`select s.id, s.outcome_details from stays s join people p on p.id = s.person_id where p.name = 'Pak Slamet'`
    expect(released!.outcome_details).toMatchObject({ family: { name: 'Ibu Wati' }, agreement: { contentType: 'image/png', size: png.length } })
    await page.getByTestId(`resident-${slamet}`).waitFor({ state: 'detached' })
    await expect.poll(() => page.getByTestId('beds-occupied').textContent()).toBe('1')

    const phone = await openFacility(PHONE)
    await phone.page.getByTestId(`resident-${ho.body.personId}`).waitFor()
    await screenshot(phone.page, 'facility-phone')
    expect(ctx.errors).toEqual([])
    expect(unexpectedExternal(ctx.external)).toEqual([])
  }, 120_000)
})

async function residentId(s: TestServer, name: string): Promise<string> {
  const [row] = await s.db.sql`select id from people where name = ${name}`
  return row!.id as string
}
