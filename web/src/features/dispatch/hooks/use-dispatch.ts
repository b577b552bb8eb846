import { createContext, useContext, useSyncExternalStore } from 'react'
import type { DispatchState, DispatchStore } from '../store/dispatch-store.js'

export const DispatchStoreContext = createContext<DispatchStore | null>(null)

export function useDispatchStore(): DispatchStore {
  const s = useContext(DispatchStoreContext)
  if (!s) throw new Error('useDispatchStore outside DispatchStoreContext')
  return s
}

/** Subscribes to a slice of the console's state (re-renders when that slice changes). */
export function useDispatch<T>(select: (s: DispatchState) => T): T {
  const store = useDispatchStore()
  return useSyncExternalStore(store.subscribe, () => select(store.getState()))
}
