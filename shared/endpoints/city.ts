import { z } from 'zod'
import { API } from '../api.js'
import { PublicConfigSchema } from '../config.js'
import { endpoint } from '../endpoint.js'
import { LogEventSchema } from '../events.js'
import { PlaceSchema } from '../places.js'

/** The city's public settings and maps, the event log, and this document (decision 019). */
export const cityEndpoints = {
  events: endpoint({
    method: 'get',
    path: API.events,
    action: 'events.read',
    tag: 'Events',
    summary: 'The append-only event log after a sequence number (read access-logged; a call-taker sees handovers without the person)',
    query: z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(500) }),
    response: z.array(LogEventSchema),
  }),
  config: endpoint({ method: 'get', path: API.config, action: 'public', tag: 'City', summary: 'Public settings for the apps (map, time zone, attribution)', response: PublicConfigSchema }),
  serviceArea: endpoint({
    method: 'get',
    path: API.serviceArea,
    action: 'public',
    tag: 'City',
    summary: 'The service area and kecamatan boundaries, simplified for display (GeoJSON)',
  }),
  places: endpoint({
    method: 'get',
    path: API.places,
    action: 'public',
    tag: 'City',
    summary: 'Named places of the city (kelurahan, kecamatan, facilities, landmarks) for an offline place search',
    response: z.array(PlaceSchema),
  }),
  openapi: endpoint({ method: 'get', path: API.openapi, action: 'public', tag: 'City', summary: 'This document (OpenAPI 3.1)' }),
}
