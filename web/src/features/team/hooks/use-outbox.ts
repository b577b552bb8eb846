import { useEffect, useMemo, useSyncExternalStore } from 'react'
import { Outbox } from '../lib/outbox.js'

/** The team's outbox, started while the page is open (sends on `online`, now, and periodically). */
export function useOutbox(teamId: string) {
  const outbox = useMemo(() => new Outbox(teamId), [teamId])
  useEffect(() => outbox.start(), [outbox])
  const snapshot = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot)
  return { outbox, ...snapshot }
}
