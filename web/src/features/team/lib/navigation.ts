import type { Point } from '@shared/geo.js'

// The team phone's links to a maps app (here, not in lib/geo.ts, which the citizen's page loads).

/** A link that opens turn-by-turn directions in the phone's maps app (nothing is loaded here). */
export function directionsUrl(p: Point): string {
  return `https://www.google.com/maps/dir/?api=1&destination=${p.lat.toFixed(6)},${p.lon.toFixed(6)}`
}

export function geoUri(p: Point): string {
  return `geo:${p.lat.toFixed(6)},${p.lon.toFixed(6)}?q=${p.lat.toFixed(6)},${p.lon.toFixed(6)}`
}
