import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { runServerProcessToExit, startServerProcess } from './support/process.js'
import { demoPasswordsIn } from './support/demo.js'
import { migratedDataDir } from './support/backends.js'

const tokens = new Map<string, string>()
/** The demo dispatcher's password, shown once by the first start in the test's data folder. */
let dispatcherPassword = ''
/** Calls a server process; `role: 'dispatcher'` signs in with the demo dispatcher account. */
async function json(url: string, init?: RequestInit & { role?: 'dispatcher' }): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (init?.role) {
    const origin = new URL(url).origin
    if (!tokens.has(origin)) {
      const r = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers, body: JSON.stringify({ username: 'dispatcher', password: dispatcherPassword, issueToken: true }) })
      tokens.set(origin, ((await r.json()) as { token: string }).token)
    }
    headers.Authorization = `Bearer ${tokens.get(origin)}`
  }
  const r = await fetch(url, { ...init, headers })
  return { status: r.status, body: await r.json() }
}

/** The embedded database as `npm start` runs it: a real process, a data folder, signals. */
describe('embedded PGlite database in a data folder', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trc-persist-'))
  const dir = path.join(root, 'restarted')
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
  // Each test has its own folder and demo password: neither depends on the other having run.
  beforeEach(() => {
    tokens.clear()
    dispatcherPassword = ''
  })

  it('keeps everything it acknowledged across a clean restart, and refuses a second process on the same folder', async () => {
    const first = await startServerProcess({ DATA_DIR: dir, DEMO: 'true' })
    dispatcherPassword = demoPasswordsIn(first.output()).dispatcher!
    expect((await json(`${first.url}/ready`)).body).toEqual({ status: 'ready', database: 'pglite' })
    const report = await json(`${first.url}/api/incidents`, {
      method: 'POST',
      body: JSON.stringify({ category: 'elderly', location: { lon: 106.8186, lat: -6.399 }, description: 'grandmother alone at the station' }),
    })
    expect(report.status).toBe(201)
    const teamsBefore = (await json(`${first.url}/api/teams`, { role: 'dispatcher' })).body
    expect(teamsBefore.length).toBeGreaterThanOrEqual(5)

    const second = await runServerProcessToExit({ DATA_DIR: dir })
    expect(second.code).not.toBe(0)
    expect(second.output).toMatch(/already using the data folder/)
    // The first is unharmed by the attempt.
    expect((await json(`${first.url}/ready`)).status).toBe(200)

    expect(await first.stop('SIGTERM')).toBe(0)

    const again = await startServerProcess({ DATA_DIR: dir, DEMO: 'true' })
    try {
      const incident = await json(`${again.url}/api/incidents/${report.body.id}`, { role: 'dispatcher' })
      expect(incident.status).toBe(200)
      expect(incident.body).toMatchObject({ description: 'grandmother alone at the station', trackingCode: report.body.trackingCode })
      const track = await json(`${again.url}/api/track/${report.body.trackingCode}`)
      expect(track.body.status).toBe(report.body.status)
      const timeline = (await json(`${again.url}/api/incidents/${report.body.id}/timeline`, { role: 'dispatcher' })).body
      expect(timeline[0].type).toBe('incident.reported')
      // Seeding ran once: no second set of demo teams or hospitals.
      expect((await json(`${again.url}/api/teams`, { role: 'dispatcher' })).body).toHaveLength(teamsBefore.length)
    } finally {
      expect(await again.stop('SIGINT')).toBe(0)
    }
    // Three server processes one after another: each start has taken over a minute on a loaded 2-core machine.
  }, 240_000)

  it('keeps what it acknowledged when the process is killed outright', async () => {
    // A folder of its own, on a copy of the run's migrated database (the first test covers a
    // first start in an empty folder).
    const own = await migratedDataDir(path.join(root, 'killed'))
    const p = await startServerProcess({ DATA_DIR: own, DEMO: 'true' })
    dispatcherPassword = demoPasswordsIn(p.output()).dispatcher!
    const report = await json(`${p.url}/api/incidents`, { method: 'POST', body: JSON.stringify({ category: 'street_child', location: { lon: 106.83, lat: -6.38 } }) })
    expect(report.status).toBe(201)
    await p.stop('SIGKILL')
    // The killed process's lock is recognised as dead (its pid is gone) and taken over at once.
    const q = await startServerProcess({ DATA_DIR: own, DEMO: 'true' })
    try {
      const incident = await json(`${q.url}/api/incidents/${report.body.id}`, { role: 'dispatcher' })
      expect(incident.status).toBe(200)
    } finally {
      await q.stop()
    }
  }, 180_000)
})
