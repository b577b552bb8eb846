import { Hono } from 'hono'
import { z } from 'zod'
import { DestinationImportRequestSchema, DestinationImportResultSchema } from '../../shared/destination-import.js'
import { DestinationInputSchema, DestinationPatchSchema, DestinationSchema } from '../../shared/destinations.js'
import { PERMISSIONS } from '../auth/policy.js'
import { allow, type IdentityEnv } from '../http/identity.js'
import type { ApiDocs } from '../http/openapi.js'
import { body, param } from '../http/validate.js'
import type { Services } from '../services.js'

export function destinationsRoutes(s: Services, docs: ApiDocs) {
  const d = (spec: Omit<Parameters<ApiDocs['describe']>[0], 'tag'>) => docs.describe({ ...spec, tag: 'Destinations', path: '/api/destinations' + spec.path })
  d({ method: 'get', path: '', summary: 'Shelters, RPS, panti, hospitals… with live occupancy', roles: [...PERMISSIONS['destination.list']], response: z.array(DestinationSchema) })
  d({ method: 'post', path: '', summary: 'Add a destination', roles: [...PERMISSIONS['destination.create']], body: DestinationInputSchema, response: DestinationSchema, status: 201 })
  d({ method: 'post', path: '/import', summary: 'Import a list (CSV or GeoJSON): all rows or none; bad rows named by row and column', roles: [...PERMISSIONS['destination.import']], body: DestinationImportRequestSchema, response: DestinationImportResultSchema, status: 201 })
  d({ method: 'post', path: '/replace-examples', summary: 'Withdraw the example ("CONTOH") shelters once a real destination exists', roles: [...PERMISSIONS['destination.replace_examples']], response: z.object({ withdrawn: z.array(DestinationSchema) }) })
  d({ method: 'get', path: '/:id', summary: 'One destination with its live occupancy', roles: [...PERMISSIONS['destination.list']], response: DestinationSchema })
  d({ method: 'patch', path: '/:id', summary: 'Change a destination (e.g. replace an example, correct occupancy)', roles: [...PERMISSIONS['destination.update']], body: DestinationPatchSchema, response: DestinationSchema })

  return new Hono<IdentityEnv>()
    .get('/', allow('destination.list'), async (c) => c.json(await s.destinations.list(c.req.query('all') === 'true')))
    .post('/', allow('destination.create'), async (c) => c.json(await s.destinations.create(await body(c, DestinationInputSchema), c.get('identity').actor), 201))
    .post('/import', allow('destination.import'), async (c) => {
      const result = await s.destinations.importList(await body(c, DestinationImportRequestSchema), c.get('identity').actor)
      return c.json(result, result.dryRun ? 200 : 201)
    })
    .post('/replace-examples', allow('destination.replace_examples'), async (c) => c.json(await s.destinations.replaceExamples(c.get('identity').actor)))
    .get('/:id', allow('destination.list'), async (c) => c.json(await s.destinations.get(param(c, 'id', z.uuid()))))
    .patch('/:id', allow('destination.update'), async (c) => {
      const id = param(c, 'id', z.uuid())
      return c.json(await s.destinations.update(id, await body(c, DestinationPatchSchema), c.get('identity').actor))
    })
}
