import { z } from 'zod'
import { API } from '../api.js'
import { DestinationImportRequestSchema, DestinationImportResultSchema } from '../destination-import.js'
import { DestinationInputSchema, DestinationPatchSchema, DestinationSchema } from '../destinations.js'
import { endpoint } from '../endpoint.js'

const tag = 'Destinations'
const ById = z.object({ id: z.uuid() })

/** Shelters, RPS, panti, hospitals (decision 019: one declaration per endpoint). */
export const destinationEndpoints = {
  list: endpoint({
    method: 'get',
    path: API.destinations,
    action: 'destination.list',
    tag,
    summary: 'Shelters, RPS, panti, hospitals… with live occupancy (all=true: withdrawn ones too)',
    query: z.object({ all: z.enum(['true', 'false']).optional() }),
    response: z.array(DestinationSchema),
  }),
  create: endpoint({ method: 'post', path: API.destinations, action: 'destination.create', tag, summary: 'Add a destination', body: DestinationInputSchema, response: DestinationSchema, status: 201 }),
  import: endpoint({
    method: 'post',
    path: `${API.destinations}/import`,
    action: 'destination.import',
    tag,
    summary: 'Import a list (CSV or GeoJSON): all rows or none; bad rows named by row and column (201, or 200 for a dry run)',
    body: DestinationImportRequestSchema,
    response: DestinationImportResultSchema,
    status: 201,
  }),
  replaceExamples: endpoint({
    method: 'post',
    path: `${API.destinations}/replace-examples`,
    action: 'destination.replace_examples',
    tag,
    summary: 'Withdraw the example ("CONTOH") shelters once a real destination exists',
    response: z.object({ withdrawn: z.array(DestinationSchema) }),
  }),
  read: endpoint({ method: 'get', path: `${API.destinations}/:id`, action: 'destination.list', tag, summary: 'One destination with its live occupancy', params: ById, response: DestinationSchema }),
  update: endpoint({
    method: 'patch',
    path: `${API.destinations}/:id`,
    action: 'destination.update',
    tag,
    summary: 'Change a destination (e.g. replace an example, correct occupancy)',
    params: ById,
    body: DestinationPatchSchema,
    response: DestinationSchema,
  }),
}
