import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, LogEvent, ServerToClientEvents } from '@shared/events.js'
import { sessionLost } from './api.js'

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>
export type ConnectionState = 'connecting' | 'online' | 'offline'

export interface LiveOptions {
  /** A citizen's tracking socket joins only its report's room. */
  trackingCode?: string
  /** Each log event once, in order (duplicates from a catch-up are dropped by seq). */
  onEvent?: (event: LogEvent) => void
  /**
   * After every (re)connection, once the server has sent what was missed. `first` is true
   * for the first connection of the page; `reset` when the server's log is behind what this
   * page has seen (a restored or new database): reload everything.
   */
  onSynced?: (info: { seq: number; first: boolean; reset: boolean }) => void
  onState?: (state: ConnectionState) => void
}

export interface Live {
  socket: LiveSocket
  /** The highest log sequence this page has seen. */
  seq(): number
  close(): void
}

/**
 * The page's one socket. It remembers the highest log sequence seen and sends it as
 * `auth.lastSeq` whenever it reconnects, so the server replays what was missed
 * (server/realtime/relay.ts); events are deduplicated by seq.
 */
export function connectLive(opts: LiveOptions): Live {
  let highest = 0
  let synced = false
  const socket: LiveSocket = io({
    // A function, so every reconnection sends the current lastSeq. Who is connecting comes
    // from the session cookie the browser sends with the handshake.
    auth: (cb) =>
      cb({
        ...(opts.trackingCode ? { trackingCode: opts.trackingCode } : {}),
        ...(highest > 0 ? { lastSeq: highest } : {}),
      }),
    reconnectionDelayMax: 5000,
  })
  opts.onState?.('connecting')
  socket.on('connect', () => opts.onState?.('online'))
  let closed = false
  socket.on('disconnect', (reason) => {
    opts.onState?.('offline')
    // socket.io reconnects by itself except when the server closed the socket (a restart,
    // a deploy): try again; a session that has really ended is refused at the handshake.
    if (reason === 'io server disconnect' && !closed) setTimeout(() => !closed && socket.connect(), 1000 + Math.random() * 2000)
  })
  socket.on('connect_error', (err) => {
    opts.onState?.('offline')
    // The server refuses the handshake when the session has ended: sign in again.
    if (/session/i.test(err.message)) sessionLost()
  })
  socket.on('log:event', (e) => {
    if (e.seq <= highest) return
    highest = e.seq
    opts.onEvent?.(e)
  })
  socket.on('log:synced', ({ seq }) => {
    const reset = synced && seq < highest
    const first = !synced
    synced = true
    if (reset || seq > highest) highest = seq
    opts.onSynced?.({ seq, first, reset })
  })
  return {
    socket,
    seq: () => highest,
    close: () => {
      closed = true
      socket.removeAllListeners()
      socket.disconnect()
    },
  }
}
