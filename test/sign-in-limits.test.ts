import { PASSWORD_PARAMS } from '../server/auth/passwords.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { eventually, startTestServer, TEST_PASSWORD, type TestServer } from './support/server.js'

/** Counts of each status in a list of responses. */
const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, st) => ({ ...acc, [st]: (acc[st] ?? 0) + 1 }), {})

describe.each(BACKENDS)('sign-in limits under concurrency on $name', (backend) => {
  let s: TestServer
  beforeAll(async () => {
    // The test client plays a reverse proxy on loopback that tells the server each client's address.
    s = await startTestServer(backend, { TRUST_PROXY: ['loopback'], LOGIN_FAILURES_PER_IP_PER_15_MIN: 30 }, undefined, { passwordParams: PASSWORD_PARAMS })
  })
  afterAll(async () => {
    await s?.close()
  })

  const login = async (username: string, password: string, address: string) => {
    const r = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Forwarded-For': address },
      body: JSON.stringify({ username, password }),
    })
    await r.arrayBuffer()
    return r.status
  }
  const burst = (n: number, attempt: (i: number) => Promise<number>) => Promise.all(Array.from({ length: n }, (_, i) => attempt(i)))

  it('answers exactly the per-username-and-address limit of 40 concurrent wrong passwords with 401, the rest with 429', async () => {
    await s.app.services.auth.createUser({ username: 'ratna', displayName: 'Ratna', role: 'dispatcher', password: TEST_PASSWORD })
    const statuses = await burst(40, () => login('ratna', 'not her password', '203.0.113.7'))
    const limit = s.app.deps.config.LOGIN_FAILURES_PER_15_MIN
    expect(tally(statuses)).toEqual({ 401: limit, 429: 40 - limit })
  })

  it('lets a staff member sign in from another address during and after a burst against their account', async () => {
    await s.app.services.auth.createUser({ username: 'dewi', displayName: 'Dewi', role: 'dispatcher', password: TEST_PASSWORD })
    const attack = burst(40, () => login('dewi', 'guess', '203.0.113.8'))
    const during = login('dewi', TEST_PASSWORD, '198.51.100.4')
    const [attackStatuses, duringStatus] = await Promise.all([attack, during])
    expect(duringStatus).toBe(200)
    expect(attackStatuses.filter((st) => st === 429).length).toBeGreaterThan(0)
    // The attacker is still blocked, the staff member is not.
    expect(await login('dewi', TEST_PASSWORD, '203.0.113.8')).toBe(429)
    expect(await login('dewi', TEST_PASSWORD, '198.51.100.5')).toBe(200)
  })

  it('holds the per-address limit when 150 attempts for different usernames arrive at once', async () => {
    const statuses = await burst(150, (i) => login(`nobody-${i}`, 'whatever', '203.0.113.9'))
    const limit = s.app.deps.config.LOGIN_FAILURES_PER_IP_PER_15_MIN
    expect(tally(statuses)).toEqual({ 401: limit, 429: 150 - limit })
    // Another address behind the same proxy is not affected.
    await s.app.services.auth.createUser({ username: 'agus', displayName: 'Agus', role: 'viewer', password: TEST_PASSWORD })
    expect(await login('agus', TEST_PASSWORD, '198.51.100.6')).toBe(200)
  }, 120_000)

  it('answers a sign-in from another address ahead of a burst still waiting for its password hashes', async () => {
    await s.app.services.auth.createUser({ username: 'wati', displayName: 'Wati', role: 'dispatcher', password: TEST_PASSWORD })
    let hashed = 0 // burst attempts answered 401, i.e. after their hash
    const attack = burst(60, (i) =>
      login(`nobody-else-${i}`, 'whatever', '203.0.113.10').then((st) => {
        if (st === 401) hashed++
        return st
      }),
    )
    await eventually(() => hashed > 0, 'the burst to start hashing')
    const before = hashed
    expect(await login('wati', TEST_PASSWORD, '198.51.100.7')).toBe(200)
    const overtaking = hashed - before
    const statuses = await attack
    const limit = s.app.deps.config.LOGIN_FAILURES_PER_IP_PER_15_MIN
    expect(tally(statuses)).toEqual({ 401: limit, 429: 60 - limit })
    // Hashes are shared out between addresses in turn: only the ones already running and one
    // turn of the burst's come first, not the whole queue (first come, first served: about 28).
    expect(overtaking).toBeLessThanOrEqual(4)
  }, 120_000)
})
