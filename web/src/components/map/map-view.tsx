import type { Feature } from 'geojson'
import L from 'leaflet'
import 'leaflet/dist/leaflet.css'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useCityConfig } from '../../lib/city-config.js'
import { getServiceArea } from '../../lib/service-area.js'
import './map.css'

export interface MapViewProps {
  className?: string
  testId?: string
  /** Called once, when the map exists; features add their layers to it. */
  onReady?: (map: L.Map) => void
  /** Kecamatan outlines (and their names when `labels`). The city boundary is always drawn. */
  kecamatan?: boolean
  labels?: boolean
  /** Fit the view to the city boundary once it is loaded. */
  fitCity?: boolean
  zoomControl?: boolean
  children?: ReactNode
}

/**
 * A Leaflet map with the city's tiles and boundaries. The tiles come from the configured tile
 * server; when they fail (no internet in the field office), the container's own background,
 * the vector boundaries and every marker still show, so the map keeps working.
 */
export function MapView({ className, testId, onReady, kecamatan = true, labels = false, fitCity = false, zoomControl = true, children }: MapViewProps) {
  const config = useCityConfig()
  const { t } = useTranslation()
  const el = useRef<HTMLDivElement>(null)
  const ready = useRef(onReady)
  ready.current = onReady
  const [tilesFailed, setTilesFailed] = useState(false)

  useEffect(() => {
    const node = el.current
    if (!node) return
    const map = L.map(node, { center: [config.center.lat, config.center.lon], zoom: config.zoom, zoomControl, attributionControl: true, zoomSnap: 0.25 })
    // Kecamatan names sit above the outlines but under every marker.
    map.createPane('labels').style.zIndex = '450'
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>')
    let failures = 0
    L.tileLayer(config.tileUrl, { attribution: escapeHtml(config.tileAttribution), maxZoom: 19, crossOrigin: false })
      .on('tileerror', () => {
        if (++failures >= 2) setTilesFailed(true)
      })
      .on('tileload', () => {
        failures = 0
        setTilesFailed(false)
      })
      .addTo(map)

    let cancelled = false
    getServiceArea()
      .then((area) => {
        if (cancelled) return
        if (kecamatan) {
          const kec = L.geoJSON(area.kecamatan, { interactive: false, style: { color: '#3949ab', weight: 1, opacity: 0.7, dashArray: '4 4', fill: false } }).addTo(map)
          if (labels) {
            kec.eachLayer((layer) => {
              const name = (layer as L.Layer & { feature?: Feature }).feature?.properties?.name
              if (name && 'getBounds' in layer) {
                L.tooltip({ permanent: true, direction: 'center', className: 'kec-label', interactive: false, pane: 'labels' })
                  .setLatLng((layer as L.Polygon).getBounds().getCenter())
                  .setContent(escapeHtml(String(name)))
                  .addTo(map)
              }
            })
          }
        }
        const boundary = L.geoJSON(area.boundary, { interactive: false, style: { color: '#1a237e', weight: 2.5, opacity: 0.9, fillColor: '#3f51b5', fillOpacity: 0.04 } }).addTo(map)
        if (fitCity) map.fitBounds(boundary.getBounds(), { padding: [8, 8] })
        el.current?.setAttribute('data-boundaries', 'loaded')
      })
      .catch(() => {
        /* the map still works without outlines */
      })

    const resize = new ResizeObserver(() => map.invalidateSize())
    resize.observe(node)
    ready.current?.(map)
    return () => {
      cancelled = true
      resize.disconnect()
      map.remove()
    }
    // The map is made once per mount; its settings do not change while the page lives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  return (
    <div className={`map-view ${className ?? ''}`}>
      <div ref={el} className="map-canvas" data-testid={testId} />
      {tilesFailed && (
        <div className="map-offline" title={t('map.tilesOffline')} data-testid="map-offline">
          {t('map.tilesOfflineShort')}
        </div>
      )}
      <details className="map-sources">
        <summary>{t('map.dataSources')}</summary>
        <ul>
          <li>{config.tileAttribution}</li>
          {config.dataAttribution.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      </details>
      {children}
    </div>
  )
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}
