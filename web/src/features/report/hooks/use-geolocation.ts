import { useCallback, useState } from 'react'

export type GpsProblem = 'denied' | 'unavailable' | 'timeout' | 'unsupported'
export interface GpsFix {
  lon: number
  lat: number
  accuracyM: number
}

/** One GPS reading on request (the reporter taps "use my location"). */
export function useGeolocation() {
  const [locating, setLocating] = useState(false)
  const [problem, setProblem] = useState<GpsProblem | null>(null)

  const locate = useCallback((onFix: (fix: GpsFix) => void) => {
    if (!('geolocation' in navigator)) {
      setProblem('unsupported')
      return
    }
    setLocating(true)
    setProblem(null)
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false)
        onFix({ lon: pos.coords.longitude, lat: pos.coords.latitude, accuracyM: Math.round(pos.coords.accuracy) })
      },
      (err) => {
        setLocating(false)
        setProblem(err.code === err.PERMISSION_DENIED ? 'denied' : err.code === err.TIMEOUT ? 'timeout' : 'unavailable')
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    )
  }, [])

  return { locate, locating, problem, clearProblem: () => setProblem(null) }
}
