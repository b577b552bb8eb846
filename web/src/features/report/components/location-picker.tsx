import type L from 'leaflet'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MapView } from '../../../components/map/map-view.js'
import { usePin } from '../../../components/map/use-pin.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { containsPoint } from '../../../lib/geo.js'
import { getServiceArea, type ServiceArea } from '../../../lib/service-area.js'
import { useGeolocation } from '../hooks/use-geolocation.js'

export interface PickedLocation {
  lon: number
  lat: number
  accuracyM?: number
  source: 'gps' | 'map_pin'
}

/** GPS accuracy worse than this asks the reporter to check the pin. */
const LOW_ACCURACY_M = 100

/** The place of the report: a GPS fix, or a pin the reporter puts and drags on the map. */
export function LocationPicker({ value, onChange, invalid }: { value: PickedLocation | null; onChange: (v: PickedLocation) => void; invalid: boolean }) {
  const { t } = useTranslation('report')
  const { city } = useCityConfig()
  const [map, setMap] = useState<L.Map | null>(null)
  const [area, setArea] = useState<ServiceArea | null>(null)
  const gps = useGeolocation()
  const change = useRef(onChange)
  change.current = onChange

  useEffect(() => {
    getServiceArea().then(setArea, () => {})
  }, [])

  usePin(map, value, (p) => change.current({ ...p, source: 'map_pin' }), t('location.mapLabel'))

  const locateMe = () =>
    gps.locate((fix) => {
      change.current({ ...fix, source: 'gps' })
      map?.setView([fix.lat, fix.lon], Math.max(map.getZoom(), 16))
    })

  const outside = value && area ? !containsPoint(area.boundary, value) : false
  return (
    <div className="location-picker">
      <button type="button" className="btn btn-primary btn-block" onClick={locateMe} disabled={gps.locating} data-testid="report-use-gps">
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
          <circle cx="12" cy="12" r="7" />
          <circle cx="12" cy="12" r="2.5" fill="currentColor" />
          <path d="M12 1v3M12 20v3M1 12h3M20 12h3" />
        </svg>
        {gps.locating ? t('location.locating') : t('location.useGps')}
      </button>
      {gps.problem && (
        <div className="note note-warn" role="alert" data-testid="report-gps-problem" data-problem={gps.problem}>
          {t(`location.${gps.problem}`)}
        </div>
      )}
      <div className={`report-map ${invalid ? 'report-map-invalid' : ''}`} aria-label={t('location.mapLabel')}>
        <MapView onReady={setMap} testId="report-map" kecamatan={true} />
      </div>
      <p className="hint" data-testid="report-location-state" data-source={value?.source ?? ''}>
        {!value
          ? t('location.tapHint')
          : value.source === 'gps'
            ? value.accuracyM && value.accuracyM > LOW_ACCURACY_M
              ? t('location.lowAccuracy', { accuracy: value.accuracyM })
              : t('location.fromGps', { accuracy: value.accuracyM ?? '?' })
            : t('location.fromPin')}
        {value && (
          <span className="mono coords">
            {' '}
            {value.lat.toFixed(5)}, {value.lon.toFixed(5)}
          </span>
        )}
      </p>
      {outside && (
        <div className="note note-error" role="alert" data-testid="report-outside-hint">
          {t('location.outside', { city })}
        </div>
      )}
    </div>
  )
}
