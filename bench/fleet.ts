/** Creating teams through the API and connecting their phones (socket.io clients). */
import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events.js'
import type { Point } from '@shared/geo.js'
import type { HttpClient } from './common.js'
import type { BenchServer } from './server.js'

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    for (;;) {
      const i = next++
      if (i >= items.length) return
      out[i] = await fn(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

export interface Fleet {
  /** Team ids, in the order of the points given. */
  ids: string[]
  /** One signed-in team member per team (bearer tokens), same order. */
  tokens: string[]
  /** An admin's and a dispatcher's bearer tokens. */
  admin: string
  dispatcher: string
}

/**
 * Signs in an admin and a dispatcher, creates on-duty teams as the admin (POST /api/teams),
 * gives each team one signed-in member, and posts each team's first position as that member.
 */
export async function createFleet(server: BenchServer, http: HttpClient, points: Point[], prefix = 'B'): Promise<Fleet> {
  const [admin, dispatcher] = await server.accounts([
    { username: `bench-admin-${prefix.toLowerCase()}`, role: 'admin' },
    { username: `bench-dispatcher-${prefix.toLowerCase()}`, role: 'dispatcher' },
  ])
  const ids = await pool(points, 8, async (_, i) => {
    const created = await http.call('POST', '/api/teams', { token: admin, body: { callSign: `${prefix}${i + 1}`, name: `Bench team ${prefix}${i + 1}`, onDuty: true } })
    if (created.status !== 201) throw new Error(`create team: ${created.status} ${JSON.stringify(created.body)}`)
    return created.body.id as string
  })
  const tokens = await server.accounts(ids.map((teamId, i) => ({ username: `bench-${prefix.toLowerCase()}${i + 1}`, role: 'team' as const, teamId })))
  await pool(points, 8, async (p, i) => {
    const pos = await http.call('POST', `/api/teams/${ids[i]}/positions`, { token: tokens[i], body: { ...p, accuracyM: 10, deviceTime: new Date().toISOString() } })
    if (pos.status !== 200) throw new Error(`first position: ${pos.status} ${JSON.stringify(pos.body)}`)
  })
  return { ids, tokens, admin: admin!, dispatcher: dispatcher! }
}

/** Opens a socket.io connection signed in with `token` (a session's bearer token); resolves once connected. */
export function connect(url: string, token: string): Promise<ClientSocket> {
  return connectWith(url, { token }) as Promise<ClientSocket>
}

/** An untyped socket (the floor speaks a smaller protocol than the app's event maps). */
export type AnySocket = Socket

/** Opens a socket.io connection with any handshake `auth` (the floor's `{ role, teamId }`). */
export function connectWith(url: string, auth: Record<string, unknown>): Promise<AnySocket> {
  const sock: AnySocket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true })
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('socket connect timed out')), 60_000)
    sock.once('connect', () => {
      clearTimeout(t)
      resolve(sock)
    })
    sock.once('connect_error', (err) => {
      clearTimeout(t)
      reject(err)
    })
  })
}
