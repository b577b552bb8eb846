import { useCallback, useEffect, useState } from 'react'

/** A list the admin page loads from the API and reloads after each change it makes. */
export function useList<T>(load: () => Promise<T[]>) {
  const [items, setItems] = useState<T[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const reload = useCallback(() => {
    setError(null)
    load().then(setItems, setError)
  }, [load])
  useEffect(reload, [reload])
  return { items, error, reload }
}
