import { useEffect } from 'react'
import { playAlert } from '../../../lib/alert-sound.js'

/** How often the alarm repeats while a case waits to be accepted. */
export const ALARM_REPEAT_MS = 4000
const VIBRATION = [400, 150, 400, 150, 400]

/**
 * Rings (and vibrates) at once and then every ALARM_REPEAT_MS while `active`: one short tone is
 * easily missed in a moving car. Each ring is counted on <html data-alarm-rings> (tests, and a
 * way to see on a phone that it did ring).
 */
export function useAlarm(active: boolean): void {
  useEffect(() => {
    if (!active) return
    const ring = () => {
      const played = playAlert()
      navigator.vibrate?.(VIBRATION)
      if (played) document.documentElement.dataset.alarmRings = String(Number(document.documentElement.dataset.alarmRings ?? 0) + 1)
    }
    ring()
    const timer = setInterval(ring, ALARM_REPEAT_MS)
    return () => {
      clearInterval(timer)
      navigator.vibrate?.(0)
    }
  }, [active])
}
