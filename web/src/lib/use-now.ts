import { useSyncExternalStore } from 'react'

/**
 * The current time, re-rendering every `intervalMs`. One timer per interval is shared by all
 * components (a queue of 50 rows with running timers costs one setInterval).
 */
const clocks = new Map<number, { now: number; listeners: Set<() => void>; timer: ReturnType<typeof setInterval> | null }>()

function clock(intervalMs: number) {
  let c = clocks.get(intervalMs)
  if (!c) {
    c = { now: Date.now(), listeners: new Set(), timer: null }
    clocks.set(intervalMs, c)
  }
  return c
}

export function useNow(intervalMs = 1000): number {
  const c = clock(intervalMs)
  return useSyncExternalStore(
    (onChange) => {
      c.listeners.add(onChange)
      c.timer ??= setInterval(() => {
        c.now = Date.now()
        for (const l of c.listeners) l()
      }, intervalMs)
      return () => {
        c.listeners.delete(onChange)
        if (c.listeners.size === 0 && c.timer) {
          clearInterval(c.timer)
          c.timer = null
        }
      }
    },
    () => c.now,
  )
}
