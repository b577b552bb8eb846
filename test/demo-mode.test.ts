import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { prepareStart } from '../server/startup.js'
import { BACKENDS, migratedDataDir } from './support/backends.js'
import { demoPasswordsIn } from './support/demo.js'
import { startServerProcess } from './support/process.js'
import { startTestServer } from './support/server.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DEMO_USERNAMES = ['admin', 'dispatcher', 'calltaker', 'viewer', 'rps', 'trc-1', 'trc-2', 'trc-3', 'trc-4', 'trc-5', 'trc-6']

async function login(url: string, username: string, password: string): Promise<{ status: number; token?: string }> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, issueToken: true }) })
  const body = (await r.json()) as { token?: string }
  return { status: r.status, token: body.token }
}
const get = async (url: string, token: string) => {
  const r = await fetch(url, { headers: { Authorization: `Bearer ${token}` } })
  return { status: r.status, body: (await r.json()) as any }
}

describe.each(BACKENDS)('demo mode on $name', (backend) => {
  it('creates no demo accounts, teams or example shelters when a database server and a first admin are configured', async () => {
    const s = await startTestServer(backend, { DEMO: undefined, DATABASE_URL: 'postgres://db.example/trc', ADMIN_USERNAME: 'kepala', ADMIN_PASSWORD: 'kepala-password-2026' })
    try {
      const report = await prepareStart(s.app)
      expect(report.mode).toMatchObject({ demo: false, database: 'postgres' })
      expect(report.firstAdmin?.username).toBe('kepala')
      expect(report.demoAccounts).toEqual([])
      const admin = await login(s.url, 'kepala', 'kepala-password-2026')
      expect(admin.status).toBe(200)
      const users = (await get(`${s.url}/api/users`, admin.token!)).body as Array<{ username: string }>
      expect(users.map((u) => u.username)).toEqual(['kepala'])
      expect((await get(`${s.url}/api/teams`, admin.token!)).body).toEqual([])
      const destinations = (await get(`${s.url}/api/destinations`, admin.token!)).body as Array<{ isExample: boolean }>
      expect(destinations.length).toBeGreaterThan(0) // the city's real hospitals
      expect(destinations.filter((d) => d.isExample)).toEqual([])
    } finally {
      await s.close()
    }
  })

  it('disables every demo account, session, team and example shelter when restarted with DEMO=false, and gives new passwords when switched back on', async () => {
    const handle = await backend.open()
    const keepDatabase = { db: handle.db, dispose: async () => {} }

    // First start, demo mode on: each account its own random password.
    const demo = await startTestServer(backend, { DEMO: true }, keepDatabase)
    const first = await prepareStart(demo.app)
    expect(first.mode.demo).toBe(true)
    const passwords = Object.fromEntries(first.demoAccounts.map((a) => [a.username, a.password!]))
    expect(Object.keys(passwords).sort()).toEqual([...DEMO_USERNAMES].sort())
    expect(new Set(Object.values(passwords)).size).toBe(DEMO_USERNAMES.length)
    const signedIn = await login(demo.url, 'dispatcher', passwords.dispatcher!)
    expect(signedIn.status).toBe(200)
    const token = signedIn.token!
    const report = await demo.report({ category: 'elderly', description: 'demo case' })
    expect(report.status).toBe(201)
    const assigned = (await get(`${demo.url}/api/incidents/${report.body.id}`, token)).body
    expect(assigned.status).toBe('assigned') // to the nearest demo team
    const offered = (await get(`${demo.url}/api/incidents/${report.body.id}/destinations`, token)).body as Array<{ destination: { isExample: boolean } }>
    expect(offered.some((o) => o.destination.isExample)).toBe(true)
    // Staff of the example RPS: a facility account bound to it, which sees its residents.
    const rps = await login(demo.url, 'rps', passwords.rps!)
    expect(rps.status).toBe(200)
    const me = (await get(`${demo.url}/api/auth/me`, rps.token!)).body
    expect(me.user).toMatchObject({ role: 'facility', destinationId: expect.any(String) })
    const place = (await get(`${demo.url}/api/destinations/${me.user.destinationId}`, rps.token!)).body
    expect(place).toMatchObject({ kind: 'rps', isExample: true, name: expect.stringMatching(/^CONTOH – Rumah Perlindungan Sosial/) })
    expect((await get(`${demo.url}/api/destinations/${me.user.destinationId}/residents`, rps.token!)).status).toBe(200)
    await demo.close()

    // Restart with demo mode off on the same database.
    const prod = await startTestServer(backend, { DEMO: false }, keepDatabase)
    const off = await prepareStart(prod.app)
    expect(off.mode.demo).toBe(false)
    expect(off.demoStopped).toMatchObject({ accounts: DEMO_USERNAMES.length, casesReturnedToQueue: 1, exampleDestinations: 3 })
    for (const [username, password] of Object.entries(passwords)) expect((await login(prod.url, username, password)).status, username).toBe(401)
    expect((await get(`${prod.url}/api/auth/me`, token)).status).toBe(401)
    expect(await prod.incident(report.body.id)).toMatchObject({ status: 'reported', teamId: null })
    const teams = (await prod.call('GET', '/api/teams', { role: 'dispatcher' })).body as Array<{ status: string }>
    expect(teams.map((t) => t.status)).toEqual(teams.map(() => 'off_duty'))
    const now = (await prod.call('GET', `/api/incidents/${report.body.id}/destinations`, { role: 'dispatcher' })).body as Array<{ destination: { isExample: boolean } }>
    expect(now.length).toBeGreaterThan(0)
    expect(now.filter((o) => o.destination.isExample)).toEqual([])
    // Nothing is left for a second start to do.
    expect((await prepareStart(prod.app)).demoStopped).toMatchObject({ accounts: 0, teams: 0, exampleDestinations: 0 })
    await prod.close()

    // Demo mode on again: the old passwords stay dead, new ones are shown.
    const again = await startTestServer(backend, { DEMO: true }, { db: handle.db, dispose: handle.dispose })
    try {
      const on = await prepareStart(again.app)
      const renewed = Object.fromEntries(on.demoAccounts.map((a) => [a.username, a.password!]))
      expect(renewed.dispatcher).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/)
      expect(renewed.dispatcher).not.toBe(passwords.dispatcher)
      expect((await login(again.url, 'dispatcher', passwords.dispatcher!)).status).toBe(401)
      expect((await login(again.url, 'dispatcher', renewed.dispatcher!)).status).toBe(200)
    } finally {
      await again.close()
    }
  }, 120_000)
})

describe('npm start and demo mode, as real server processes', () => {
  const dirs: string[] = []
  const tmp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trc-demo-'))
    dirs.push(dir)
    return dir
  }
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('gives two data folders different demo passwords, shows them only once, says which mode it runs in, and disables them with DEMO=false', async () => {
    // A is a first start in an empty folder, as `npm start` on a new machine; B starts on a
    // copy of the migrated, empty database (initdb and the migrations cost seconds of CPU), a
    // folder and database of its own all the same, seeded by its own first start.
    const [dirA, dirB] = [tmp(), await migratedDataDir(tmp())]
    // DEMO empty means unset: the quick start decides.
    const [a, b] = await Promise.all([startServerProcess({ DATA_DIR: dirA, DEMO: '' }), startServerProcess({ DATA_DIR: dirB, DEMO: '' })])
    let pa: Record<string, string>
    try {
      expect(a.output()).toMatch(/Mode: +DEMO \(embedded quick start/)
      expect(a.output()).toMatch(/Database: +embedded PGlite in /)
      pa = demoPasswordsIn(a.output())
      const pb = demoPasswordsIn(b.output())
      expect(Object.keys(pa).sort()).toEqual([...DEMO_USERNAMES].sort())
      expect(pa.dispatcher).not.toBe(pb.dispatcher)
      expect((await login(a.url, 'dispatcher', pa.dispatcher!)).status).toBe(200)
      expect((await login(b.url, 'dispatcher', pa.dispatcher!)).status).toBe(401)
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }

    const again = await startServerProcess({ DATA_DIR: dirA, DEMO: '' })
    try {
      expect(again.output()).toMatch(/Mode: +DEMO/)
      expect(again.output()).not.toContain(pa.dispatcher!)
      expect(again.output()).toMatch(/passwords were shown when they were created/)
      expect((await login(again.url, 'dispatcher', pa.dispatcher!)).status).toBe(200)
    } finally {
      await again.stop()
    }

    const prod = await startServerProcess({ DATA_DIR: dirA, DEMO: 'false' })
    try {
      expect(prod.output()).toMatch(/Mode: +PRODUCTION \(DEMO=false\)/)
      expect(prod.output()).toMatch(/disabled 11 demo account\(s\)/)
      expect((await login(prod.url, 'dispatcher', pa.dispatcher!)).status).toBe(401)
    } finally {
      await prod.stop()
    }
  }, 180_000)

  it('starts in production mode without demo accounts when a first admin is configured', async () => {
    const p = await startServerProcess({ DATA_DIR: await migratedDataDir(tmp()), DEMO: '', ADMIN_USERNAME: 'kepala', ADMIN_PASSWORD: 'kepala-password-2026' })
    try {
      expect(p.output()).toMatch(/Mode: +PRODUCTION \(ADMIN_USERNAME\/ADMIN_PASSWORD set\)/)
      expect(demoPasswordsIn(p.output())).toEqual({})
      const admin = await login(p.url, 'kepala', 'kepala-password-2026')
      expect(admin.status).toBe(200)
      expect(((await get(`${p.url}/api/users`, admin.token!)).body as Array<{ username: string }>).map((u) => u.username)).toEqual(['kepala'])
    } finally {
      await p.stop()
    }
  }, 120_000)

  it('warns loudly when DEMO=true is set beside a real admin', async () => {
    const p = await startServerProcess({ DATA_DIR: await migratedDataDir(tmp()), DEMO: 'true', ADMIN_USERNAME: 'kepala', ADMIN_PASSWORD: 'kepala-password-2026' })
    try {
      expect(p.output()).toMatch(/Mode: +DEMO \(DEMO=true\)/)
      expect(p.output()).toMatch(/!!! WARNING: DEMO=true although ADMIN_USERNAME\/ADMIN_PASSWORD is set/)
    } finally {
      await p.stop()
    }
  }, 120_000)
})

describe('the source', () => {
  it('holds no demo password', () => {
    const seed = fs.readFileSync(path.join(ROOT, 'server/seed.ts'), 'utf8')
    expect(seed).not.toMatch(/DEMO_PASSWORD|trc-demo/)
    // Every demo account's password comes from demoPassword(), never a literal.
    expect(seed).not.toMatch(/password:\s*['"`]/)
    expect(seed).toMatch(/const password = demoPassword\(\)/)
  })
})
