import L from 'leaflet'
import { useEffect, useRef } from 'react'
import type { Point } from '@shared/geo.js'

const PIN = L.divIcon({
  className: 'map-pin',
  html: '<div data-testid="map-pin"><svg width="32" height="44" viewBox="0 0 32 44" aria-hidden="true"><path d="M16 1C7.7 1 1 7.6 1 15.8 1 27 16 43 16 43s15-16 15-27.2C31 7.6 24.3 1 16 1z" fill="#c62828" stroke="#fff" stroke-width="2"/><circle cx="16" cy="16" r="5.5" fill="#fff"/></svg></div>',
  iconSize: [32, 44],
  iconAnchor: [16, 43],
})

/** Six decimals ≈ 0.1 m: more only adds noise. */
const round = (x: number) => Math.round(x * 1e6) / 1e6

/**
 * A draggable pin on `map` at `value`; a click on the map or a drag moves it and calls
 * `onPick`. With `accuracyM` a circle shows how sure a GPS fix is.
 */
export function usePin(map: L.Map | null, value: (Point & { accuracyM?: number }) | null, onPick: (p: Point) => void, title: string) {
  const pick = useRef(onPick)
  pick.current = onPick
  const marker = useRef<L.Marker | null>(null)
  const circle = useRef<L.Circle | null>(null)

  useEffect(() => {
    if (!map) return
    const onClick = (e: L.LeafletMouseEvent) => pick.current({ lon: round(e.latlng.lng), lat: round(e.latlng.lat) })
    map.on('click', onClick)
    // Lets tests (and anything else) know a click on the map now places the pin.
    map.getContainer().dataset.pinReady = 'true'
    return () => {
      map.off('click', onClick)
    }
  }, [map])

  useEffect(() => {
    if (!map) return
    circle.current?.remove()
    circle.current = null
    if (!value) {
      marker.current?.remove()
      marker.current = null
      return
    }
    const at = L.latLng(value.lat, value.lon)
    if (!marker.current) {
      const m = L.marker(at, { icon: PIN, draggable: true, autoPan: true, keyboard: true, title }).addTo(map)
      m.on('dragend', () => {
        const p = m.getLatLng()
        pick.current({ lon: round(p.lng), lat: round(p.lat) })
      })
      marker.current = m
    } else marker.current.setLatLng(at)
    if (value.accuracyM) circle.current = L.circle(at, { radius: value.accuracyM, color: '#1565c0', weight: 1, fillOpacity: 0.1, interactive: false }).addTo(map)
  }, [map, value, title])

  useEffect(
    () => () => {
      marker.current?.remove()
      circle.current?.remove()
    },
    [],
  )
}
