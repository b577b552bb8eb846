import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client'
import type { LogEvent } from '@shared/events.js'
import { TEST_PASSWORD, type ClientSocket, type Role, type TestServer } from './server.js'

/** A socket as the test sees it: what it received, and how its handshake ended. */
export interface Opened {
  socket: ClientSocket
  events: LogEvent[]
  /** Resolves with `{ ok: true }` on connect, `{ ok: false, message }` on a refused handshake. */
  outcome: Promise<{ ok: true } | { ok: false; message: string }>
  /** Resolves once the server has sent the catch-up (`log:synced`). */
  synced: Promise<number>
}

/**
 * Opens a socket with listeners in place before the first packet can arrive, so nothing the
 * server sends right after the handshake is missed.
 */
export function openSocket(url: string, opts: Partial<ManagerOptions & SocketOptions>): Opened {
  const socket: ClientSocket = io(url, { reconnection: false, forceNew: true, transports: ['websocket'], ...opts })
  const events: LogEvent[] = []
  socket.on('log:event', (e) => events.push(e))
  const outcome = new Promise<{ ok: true } | { ok: false; message: string }>((resolve) => {
    socket.once('connect', () => resolve({ ok: true }))
    socket.once('connect_error', (err) => resolve({ ok: false, message: err.message }))
  })
  const synced = new Promise<number>((resolve) => socket.once('log:synced', ({ seq }) => resolve(seq)))
  return { socket, events, outcome, synced }
}

/** Opens sockets with openSocket and remembers them, so a test file can close them all at the end. */
export function socketTracker() {
  const opened: Opened[] = []
  return {
    open(...args: Parameters<typeof openSocket>): Opened {
      const o = openSocket(...args)
      opened.push(o)
      return o
    },
    closeAll(): void {
      for (const o of opened.splice(0)) o.socket.disconnect()
    },
  }
}

/** Signs in as the test server's user of `role` the way a browser does and returns its cookie. */
export async function sessionCookie(s: TestServer, role: Role, teamId?: string): Promise<string> {
  await s.headersFor(role, teamId) // creates the account
  const username = `test-${role.replace('_', '-')}${teamId ? `-${teamId.slice(0, 8)}` : ''}`.toLowerCase()
  const res = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) })
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ')
}

/** The bearer token behind a role's test session. */
export async function tokenOf(s: TestServer, role: Role, teamId?: string): Promise<string> {
  return (await s.headersFor(role, teamId)).Authorization!.replace(/^Bearer /, '')
}
