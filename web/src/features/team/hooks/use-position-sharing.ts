import { useEffect, useRef, useState } from 'react'
import { ApiError } from '../../../lib/api.js'
import type { LiveSocket } from '../../../lib/socket.js'
import { distanceM } from '../../../lib/geo.js'
import { postPosition, type PositionFix } from '../api/post-position.js'

/** Send a fix at most this often while standing still, and at once after moving this far. */
const MIN_INTERVAL_MS = 10_000
const MIN_MOVE_M = 25
/** With no new fix for this long, ask the GPS directly (watchPosition may stay silent). */
const HEARTBEAT_MS = 60_000

export type SharingProblem = 'denied' | 'unavailable' | 'unsupported' | null

export interface SharingState {
  lastFix: (PositionFix & { at: number }) | null
  lastSentAt: number | null
  problem: SharingProblem
  sendFailed: boolean
}

/**
 * Shares the phone's position continuously: watchPosition, sent over the socket (with an
 * acknowledgement) or, when the socket is down, over HTTP. The dispatcher's map and the
 * server's "stale position" flag depend on this, so failures are shown, not hidden.
 */
export function usePositionSharing(teamId: string, socket: LiveSocket | null, onUndelivered: (fix: PositionFix) => void = () => {}): SharingState {
  const [state, setState] = useState<SharingState>({ lastFix: null, lastSentAt: null, problem: null, sendFailed: false })
  const sock = useRef(socket)
  sock.current = socket
  const undelivered = useRef(onUndelivered)
  undelivered.current = onUndelivered
  const last = useRef<{ fix: PositionFix; at: number } | null>(null)

  useEffect(() => {
    if (!('geolocation' in navigator)) {
      setState((s) => ({ ...s, problem: 'unsupported' }))
      return
    }
    let stopped = false
    const send = (fix: PositionFix) => {
      const done = (ok: boolean) => {
        if (stopped) return
        if (ok) last.current = { fix, at: Date.now() }
        setState((s) => ({ ...s, lastSentAt: ok ? Date.now() : s.lastSentAt, sendFailed: !ok }))
      }
      const s = sock.current
      if (s?.connected) {
        s.timeout(10_000).emit('team:position', fix, (err, res) => done(!err && res.ok))
      } else {
        postPosition(teamId, fix).then(
          () => done(true),
          (err) => {
            done(false)
            // No connection: keep the fix in the outbox (the track of a dead zone is not lost).
            if (err instanceof ApiError && err.code === 'network') undelivered.current(fix)
          },
        )
      }
    }
    const onFix = (pos: GeolocationPosition) => {
      const c = pos.coords
      const fix: PositionFix = {
        lon: c.longitude,
        lat: c.latitude,
        accuracyM: Math.min(100_000, Math.max(0, Math.round(c.accuracy))),
        headingDeg: c.heading !== null && Number.isFinite(c.heading) && c.heading >= 0 && c.heading <= 360 ? c.heading : null,
        speedMps: c.speed !== null && Number.isFinite(c.speed) && c.speed >= 0 && c.speed <= 200 ? c.speed : null,
        deviceTime: new Date(pos.timestamp || Date.now()).toISOString(),
      }
      setState((s) => ({ ...s, lastFix: { ...fix, at: Date.now() }, problem: null }))
      const prev = last.current
      if (!prev || Date.now() - prev.at >= MIN_INTERVAL_MS || distanceM(prev.fix, fix) >= MIN_MOVE_M) send(fix)
    }
    const onError = (err: GeolocationPositionError) => {
      setState((s) => ({ ...s, problem: err.code === err.PERMISSION_DENIED ? 'denied' : 'unavailable' }))
    }
    const options: PositionOptions = { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 }
    const watch = navigator.geolocation.watchPosition(onFix, onError, options)
    const heartbeat = setInterval(() => {
      if (!last.current || Date.now() - last.current.at >= HEARTBEAT_MS) navigator.geolocation.getCurrentPosition(onFix, onError, options)
    }, HEARTBEAT_MS / 2)
    return () => {
      stopped = true
      navigator.geolocation.clearWatch(watch)
      clearInterval(heartbeat)
    }
  }, [teamId])

  // A reconnected socket gets the latest fix at once (the dispatcher may have seen it stale).
  useEffect(() => {
    if (socket) {
      const resend = () => {
        const l = last.current
        if (l) socket.emit('team:position', { ...l.fix, deviceTime: l.fix.deviceTime }, () => {})
      }
      socket.on('connect', resend)
      return () => {
        socket.off('connect', resend)
      }
    }
    return undefined
  }, [socket])

  return state
}
