import { useEffect } from 'react'

/**
 * Keeps the screen on while `active` (on duty), so the browser keeps the GPS and the socket
 * running. The browser drops the lock when the page is hidden; it is taken again when the page
 * is visible. https://developer.mozilla.org/docs/Web/API/Screen_Wake_Lock_API
 * The state is shown on <html data-wake-lock> (held / released / unsupported).
 */
export function useWakeLock(active: boolean): void {
  useEffect(() => {
    const mark = (state: string) => (document.documentElement.dataset.wakeLock = state)
    if (!active) {
      mark('released')
      return
    }
    if (!('wakeLock' in navigator)) {
      mark('unsupported')
      return
    }
    let lock: WakeLockSentinel | null = null
    let live = true
    const take = () => {
      if (document.visibilityState !== 'visible' || (lock && !lock.released)) return
      navigator.wakeLock.request('screen').then(
        (l) => {
          if (!live) return void l.release()
          lock = l
          mark('held')
          l.addEventListener('release', () => mark('released'))
        },
        () => mark('refused'),
      )
    }
    take()
    document.addEventListener('visibilitychange', take)
    return () => {
      live = false
      document.removeEventListener('visibilitychange', take)
      void lock?.release()
    }
  }, [active])
}
