import type { PublicConfig } from '@shared/config.js'
import { cityEndpoints as api } from '@shared/endpoints/city.js'
import { INCIDENT_CATEGORIES } from '@shared/incidents.js'
import type { Place } from '@shared/places.js'
import type { Deps } from '../context.js'
import type { Bind } from '../http/endpoint.js'
import type { ApiDocs } from '../http/openapi.js'
import type { Services } from '../services.js'
import { displayArea, type DisplayArea } from './display-area.js'
import { cityPlaces } from './places.js'

/** The city's public settings and maps, the event log, and the API's own document. */
export function cityRoutes(on: Bind, d: Pick<Deps, 'city' | 'config' | 'settings'>, s: Services, docs: ApiDocs) {
  on(api.events, ({ query, caller }) => s.events.since(caller, query.after, query.limit))

  const city = d.city.config
  on(api.config, (): PublicConfig => ({
    serviceName: city.serviceName,
    city: city.name,
    timezone: d.config.TIMEZONE ?? city.timezone,
    center: city.center,
    zoom: city.zoom,
    tileUrl: d.config.TILE_URL,
    tileAttribution: d.config.TILE_ATTRIBUTION,
    dataAttribution: city.attribution,
    categories: [...INCIDENT_CATEGORIES],
    assignmentMode: d.config.ASSIGNMENT_MODE,
    ackTimeoutS: d.settings.current().ackTimeoutS,
    stalePositionMin: d.settings.current().stalePositionMin,
    waitAlertMin: d.settings.current().waitAlertMin,
  }))

  // Simplified once, on first request; the area check uses the exact polygons (deps.area).
  let display: DisplayArea | null = null
  on(api.serviceArea, ({ c }) => {
    display ??= displayArea(d.city)
    c.header('Cache-Control', 'public, max-age=3600')
    return display
  })
  let places: Place[] | null = null
  on(api.places, ({ c }) => {
    places ??= cityPlaces(d.city)
    c.header('Cache-Control', 'public, max-age=3600')
    return places
  })
  // Built at each request from the registry every binding above and elsewhere filled.
  on(api.openapi, () => docs.document(d.config.PUBLIC_URL))
}
