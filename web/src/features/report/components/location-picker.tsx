import type L from 'leaflet'
import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCityConfig } from '../../../lib/city-config.js'
import { containsPoint } from '../../../lib/geo.js'
import { getServiceArea, type ServiceArea } from '../../../lib/service-area.js'
import { getPlaces } from '../api/get-places.js'
import { useGeolocation } from '../hooks/use-geolocation.js'

export interface PickedLocation {
  lon: number
  lat: number
  accuracyM?: number
  /** `address`: a place found by name (the offline place search). */
  source: 'gps' | 'map_pin' | 'address'
  /** The name of the place found, for the address field. */
  label?: string
}

/** GPS accuracy worse than this asks the reporter to check the pin. */
const LOW_ACCURACY_M = 100
/** Start loading the map this far before it scrolls into view. */
const MAP_PRELOAD_MARGIN = '300px'
/** As in report-map.tsx (a constant imported from there would pull Leaflet into this chunk). */
const PLACE_ZOOM = 16

// Leaflet (and the map around it) is loaded only when the map is needed: the form above it
// is usable without, and on a cheap phone it is the largest part of the page.
const ReportMap = lazy(() => import('./report-map.js'))
// The place search (for when GPS is refused or wrong) comes with the map, when this part of
// the form nears the screen.
const PlaceSearch = lazy(() => import('./place-search.js').then((m) => ({ default: m.PlaceSearch })))

/** The place of the report: a GPS fix, or a pin the reporter puts and drags on the map. */
export function LocationPicker({ value, onChange, invalid }: { value: PickedLocation | null; onChange: (v: PickedLocation) => void; invalid: boolean }) {
  const { t } = useTranslation('report')
  const { city } = useCityConfig()
  const [map, setMap] = useState<L.Map | null>(null)
  const [area, setArea] = useState<ServiceArea | null>(null)
  const gps = useGeolocation()
  const change = useRef(onChange)
  change.current = onChange
  const [wantMap, setWantMap] = useState(false)
  const slot = useRef<HTMLDivElement>(null)

  // The map loads when it comes near the screen, or as soon as a place is chosen.
  useEffect(() => {
    const node = slot.current
    if (wantMap || !node) return
    if (!('IntersectionObserver' in window)) return setWantMap(true)
    const seen = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setWantMap(true), { rootMargin: MAP_PRELOAD_MARGIN })
    seen.observe(node)
    return () => seen.disconnect()
  }, [wantMap])

  // The boundary is needed only to warn about a point outside the area.
  useEffect(() => {
    if (value && !area) getServiceArea().then(setArea, () => {})
  }, [value, area])

  const locateMe = () =>
    gps.locate((fix) => {
      change.current({ ...fix, source: 'gps' })
      setWantMap(true)
      map?.setView([fix.lat, fix.lon], Math.max(map.getZoom(), PLACE_ZOOM))
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
      {wantMap ? (
        <Suspense fallback={<PlaceSearchPlaceholder label={t('place.label')} />}>
          <PlaceSearch
            loadPlaces={getPlaces}
            onPick={(p) => {
              const label =
                p.kind === 'kelurahan'
                  ? t('place.kel', { name: p.name })
                  : p.kind === 'kecamatan'
                    ? t('place.kec', { name: p.name })
                    : p.kelurahan
                      ? `${p.name}, ${t('place.kel', { name: p.kelurahan })}`
                      : p.name
              change.current({ lon: p.lon, lat: p.lat, source: 'address', label })
              // An area is shown whole; a named spot close up.
              map?.setView([p.lat, p.lon], p.kind === 'kecamatan' ? 14 : p.kind === 'kelurahan' ? 15 : PLACE_ZOOM)
              slot.current?.scrollIntoView({ behavior: 'smooth', block: 'center' })
            }}
          />
        </Suspense>
      ) : (
        <PlaceSearchPlaceholder label={t('place.label')} />
      )}
      <div
        ref={slot}
        className={`report-map ${invalid ? 'report-map-invalid' : ''}`}
        aria-label={t('location.mapLabel')}
        data-testid="report-map-slot"
        data-map={map ? 'ready' : wantMap ? 'loading' : 'waiting'}
      >
        {wantMap ? (
          <Suspense fallback={<MapPlaceholder label={t('location.mapLoading')} />}>
            <ReportMap value={value} onPick={(p) => change.current({ ...p, source: 'map_pin' })} title={t('location.mapLabel')} onReady={setMap} />
          </Suspense>
        ) : (
          <MapPlaceholder label={t('location.mapLoading')} onClick={() => setWantMap(true)} />
        )}
      </div>
      <p className="hint" data-testid="report-location-state" data-source={value?.source ?? ''}>
        {!value
          ? t('location.tapHint')
          : value.source === 'gps'
            ? value.accuracyM && value.accuracyM > LOW_ACCURACY_M
              ? t('location.lowAccuracy', { accuracy: value.accuracyM })
              : t('location.fromGps', { accuracy: value.accuracyM ?? '?' })
            : value.source === 'address'
              ? t('location.fromPlace', { name: value.label ?? '' })
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

function MapPlaceholder({ label, onClick }: { label: string; onClick?: () => void }) {
  return (
    <button type="button" className="map-placeholder" onClick={onClick} disabled={!onClick} data-testid="report-map-placeholder">
      {label}
    </button>
  )
}

/** Holds the search's place (same label and height) until its code has arrived. */
function PlaceSearchPlaceholder({ label }: { label: string }) {
  return (
    <div className="place-search">
      <label className="field">
        <span>{label}</span>
        <input type="search" disabled />
      </label>
    </div>
  )
}
