import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from './support/backends.js'
import { startServerProcess, type ServerProcess } from './support/process.js'
import { startTestServer, TEST_PASSWORD, type ClientSocket, type TestServer } from './support/server.js'

/** A socket lives no longer than its session: logout, disable and a new password close it at once, on every process. */
describe.each(BACKENDS)('session sockets on $name', (backend) => {
  let s: TestServer
  let other: ServerProcess | null = null
  let dispose = async () => {}
  const opened: ClientSocket[] = []
  beforeAll(async () => {
    const db = await backend.open()
    dispose = db.dispose
    s = await startTestServer(backend, {}, { db: db.db, dispose: async () => {} })
    if (db.url) other = await startServerProcess({ DATABASE_URL: db.url, SWEEP_INTERVAL_MS: '0' })
  })
  afterAll(async () => {
    for (const sock of opened) sock.disconnect()
    await other?.stop()
    await s?.close()
    await dispose()
  })

  let n = 0
  const newDispatcher = async () => {
    const username = `sess-${++n}`
    const user = await s.app.services.auth.createUser({ username, displayName: username, role: 'dispatcher', password: TEST_PASSWORD })
    return { user, username }
  }
  const login = async (username: string) => {
    const res = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: TEST_PASSWORD, issueToken: true }),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { token: string }).token
  }
  /** A signed-in socket on a server, once it has joined its rooms. */
  const connect = async (url: string, token: string) => {
    const sock: ClientSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true })
    opened.push(sock)
    await new Promise<void>((resolve, reject) => {
      sock.once('log:synced', () => resolve())
      sock.once('connect_error', reject)
    })
    return sock
  }
  /** Resolves with the reason the server closed the socket; fails when it stays open (the promise is "at once"). */
  const closed = (sock: ClientSocket) =>
    new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the socket stayed open')), 5000)
      sock.once('disconnect', (reason) => (clearTimeout(t), resolve(reason)))
    })
  const logout = (url: string, token: string) => fetch(`${url}/api/auth/logout`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })

  it('closes the socket of a session that logs out at once, and keeps the same user’s other session open', async () => {
    const { username } = await newDispatcher()
    const ending = await login(username)
    const staying = await login(username)
    const endingSock = await connect(s.url, ending)
    const stayingSock = await connect(s.url, staying)
    const gone = closed(endingSock)
    expect((await logout(s.url, ending)).status).toBe(200)
    expect(await gone).toBe('io server disconnect')
    // The other session still hears live events.
    const heard = new Promise((resolve) => stayingSock.once('log:event', resolve))
    expect((await s.report()).status).toBe(201)
    await heard
    expect(stayingSock.connected).toBe(true)
  })

  it.runIf(backend.name === 'postgres')('closes a session’s sockets on another server process when it logs out here', async () => {
    const { username } = await newDispatcher()
    const token = await login(username)
    const there = await connect(other!.url, token)
    const gone = closed(there)
    expect((await logout(s.url, token)).status).toBe(200)
    expect(await gone).toBe('io server disconnect')
  })

  it.runIf(backend.name === 'postgres')('closes an account’s sockets on another server process when it is disabled here, or its password changes', async () => {
    const a = await newDispatcher()
    const disabledSock = await connect(other!.url, await login(a.username))
    const goneA = closed(disabledSock)
    expect((await s.call('PATCH', `/api/users/${a.user.id}`, { role: 'admin', body: { disabled: true } })).status).toBe(200)
    expect(await goneA).toBe('io server disconnect')

    const b = await newDispatcher()
    const resetSock = await connect(other!.url, await login(b.username))
    const goneB = closed(resetSock)
    expect((await s.call('PATCH', `/api/users/${b.user.id}`, { role: 'admin', body: { password: 'another long password' } })).status).toBe(200)
    expect(await goneB).toBe('io server disconnect')
  })
})
