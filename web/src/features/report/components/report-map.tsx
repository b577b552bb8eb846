import type L from 'leaflet'
import { useState } from 'react'
import type { Point } from '@shared/geo.js'
import { MapView } from '../../../components/map/map-view.js'
import { usePin } from '../../../components/map/use-pin.js'

/** How close a place found by GPS or search is shown. */
export const PLACE_ZOOM = 16

/**
 * The report's map with its pin. Loaded on its own (React.lazy from location-picker.tsx):
 * Leaflet is the largest part of the page, and the form above it works without it.
 */
export default function ReportMap({ value, onPick, title, onReady }: { value: (Point & { accuracyM?: number }) | null; onPick: (p: Point) => void; title: string; onReady: (map: L.Map) => void }) {
  const [map, setMap] = useState<L.Map | null>(null)
  usePin(map, value, onPick, title)
  return (
    <MapView
      onReady={(m) => {
        // A place chosen before the map was loaded (GPS, search) is shown at once.
        if (value) m.setView([value.lat, value.lon], PLACE_ZOOM)
        setMap(m)
        onReady(m)
      }}
      testId="report-map"
      kecamatan={true}
    />
  )
}
