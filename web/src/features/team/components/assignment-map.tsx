import L from 'leaflet'
import { useEffect, useRef, useState } from 'react'
import type { Point } from '@shared/geo.js'
import { MapView } from '../../../components/map/map-view.js'

const INCIDENT = L.divIcon({
  className: 'map-pin',
  html: '<svg width="28" height="38" viewBox="0 0 32 44" aria-hidden="true"><path d="M16 1C7.7 1 1 7.6 1 15.8 1 27 16 43 16 43s15-16 15-27.2C31 7.6 24.3 1 16 1z" fill="#c62828" stroke="#fff" stroke-width="2"/><circle cx="16" cy="16" r="5.5" fill="#fff"/></svg>',
  iconSize: [28, 38],
  iconAnchor: [14, 37],
})
const ME = L.divIcon({ className: 'me-icon', html: '<div class="me-dot"></div>', iconSize: [18, 18], iconAnchor: [9, 9] })

/** A small map: the case, the team, and a straight line between them. */
export function AssignmentMap({ target, me }: { target: Point; me: Point | null }) {
  const [map, setMap] = useState<L.Map | null>(null)
  const layers = useRef<{ target: L.Marker; me: L.Marker; line: L.Polyline } | null>(null)
  const fitted = useRef(false)

  useEffect(() => {
    if (!map) return
    layers.current = {
      target: L.marker([target.lat, target.lon], { icon: INCIDENT, keyboard: false }).addTo(map),
      me: L.marker([0, 0], { icon: ME, keyboard: false, opacity: 0 }).addTo(map),
      line: L.polyline([], { color: '#1565c0', weight: 3, dashArray: '6 6', interactive: false }).addTo(map),
    }
    map.setView([target.lat, target.lon], 15)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map])

  useEffect(() => {
    const l = layers.current
    if (!l || !map) return
    l.target.setLatLng([target.lat, target.lon])
    if (me) {
      l.me.setLatLng([me.lat, me.lon]).setOpacity(1)
      l.line.setLatLngs([
        [me.lat, me.lon],
        [target.lat, target.lon],
      ])
      if (!fitted.current) {
        map.fitBounds(L.latLngBounds([me.lat, me.lon], [target.lat, target.lon]), { padding: [30, 30], maxZoom: 16 })
        fitted.current = true
      }
    } else {
      l.me.setOpacity(0)
      l.line.setLatLngs([])
    }
  }, [map, target.lat, target.lon, me?.lat, me?.lon, me])

  return <MapView className="assignment-map" testId="assignment-map" onReady={setMap} kecamatan={false} />
}
