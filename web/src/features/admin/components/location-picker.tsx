import type L from 'leaflet'
import { useState } from 'react'
import type { Point } from '@shared/geo.js'
import { MapView } from '../../../components/map/map-view.js'
import { usePin } from '../../../components/map/use-pin.js'

/** A small map: a click or a drag of the pin sets the point (a destination, a team's base). */
export function LocationPicker({ value, onChange, label, testId }: { value: Point | null; onChange: (p: Point) => void; label: string; testId: string }) {
  const [map, setMap] = useState<L.Map | null>(null)
  usePin(map, value, onChange, label)
  return (
    <div className="admin-map">
      <MapView onReady={setMap} testId={testId} fitCity={!value} />
    </div>
  )
}
