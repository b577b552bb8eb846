import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pickedUp } from '../support/pickup.js'
import { near, type TestServer } from '../support/server.js'
import { createAccount, signIn, startWebServer, waitForAttr } from './support/app.js'
import { PHONE, launchBrowser, openContext, screenshot, type OpenContext } from './support/browser.js'

describe('a team recognises a returning person at the handover', () => {
  let s: TestServer
  let browser: Browser
  const opened: OpenContext[] = []
  beforeAll(async () => {
    ;[s, browser] = await Promise.all([startWebServer(), launchBrowser()])
  }, 120_000)
  afterAll(async () => {
    for (const c of opened) await c.context.close()
    await browser?.close()
    await s?.close()
  })

  it('finds the earlier record from a misspelt name without showing whose it is, links it, and gives the reason for not taking them to a panti', async () => {
    const team = await s.createTeam('TRC-R', near(0))
    const dest = async (name: string, kind: string) =>
      (await s.call('POST', '/api/destinations', { role: 'admin', body: { name, kind, location: near(1200), capacity: 20, accepts: ['homeless'] } })).body.id as string
    const rps = await dest('RPS Uji', 'rps')
    await dest('Panti Uji', 'panti')
    const first = (
      await s.call('POST', '/api/people', { role: 'dispatcher', body: { name: 'Sutrisno', aliases: ['Mbah Tris'], sex: 'male', approxAge: 50, nik: '3276011708750001', features: 'tato jangkar' } })
    ).body
    const stay = (await s.call('POST', '/api/stays', { role: 'dispatcher', body: { personId: first.id, destinationId: rps } })).body
    await s.call('POST', `/api/stays/${stay.id}/check-out`, { role: 'dispatcher', body: { outcome: 'released_to_family', family: { name: 'Bu Tris', relationship: 'istri', address: 'Cimanggis' } } })
    const id = await pickedUp(s, team.id, 'homeless')

    await createAccount(s, 'team-r', 'team', team.id)
    const ctx = await openContext(browser, s.url, { viewport: PHONE, geolocation: { latitude: near(0).lat, longitude: near(0).lon, accuracy: 10 }, permissions: ['geolocation'] })
    opened.push(ctx)
    const phone = ctx.page
    await phone.goto('/team', { waitUntil: 'domcontentloaded' })
    await signIn(phone, 'team-r')
    await waitForAttr(phone, 'assignment', 'data-status', 'transporting')
    await phone.getByTestId('step-handed_over').click()
    await phone.getByTestId(`handover-dest-${rps}`).click()
    await phone.getByTestId('handover-name').fill('Sutrisna')
    await phone.getByTestId('handover-sex-male').click()
    await phone.getByTestId('handover-age').fill('47')
    await phone.getByTestId('handover-find-matches').click()
    const match = phone.getByTestId(`handover-match-${first.id}`)
    await match.waitFor()
    // The team learns that an earlier record exists, why, and the city's rule (decision 016) —
    // not the earlier person's name, alias, NIK or features, nor how their stay ended.
    const shown = await match.innerText()
    expect(shown).toMatch(/Catatan sebelumnya #1/)
    expect(shown).toMatch(/nama, jenis kelamin, umur/)
    expect(shown).toMatch(/Aturan kota: bawa ke/)
    const form = await phone.getByTestId('handover-form').innerText()
    for (const hidden of ['Sutrisno', 'Mbah Tris', '3276011708750001', 'jangkar', 'keluarga', 'Bu Tris', 'Cimanggis']) expect(form).not.toContain(hidden)
    await phone.getByTestId(`handover-same-${first.id}`).click()
    await phone.getByTestId('handover-rule-reason').waitFor()
    await screenshot(phone, 'team-phone-returning-person')
    await phone.getByTestId('handover-condition').fill('lemas')
    await phone.getByTestId('handover-received-by').fill('Petugas Rina')
    await phone.getByTestId('handover-rule-reason').fill('panti penuh, dirujuk besok')
    await phone.getByTestId('handover-submit').click()
    await phone.getByTestId('handover-form').waitFor({ state: 'detached' })
    const [h] = await s.db.sql`select person_id, rule_override_reason from handovers where incident_id = ${id}`
    expect(h).toEqual({ person_id: first.id, rule_override_reason: 'panti penuh, dirujuk besok' })
    expect(ctx.errors).toEqual([])
  }, 120_000)
})
