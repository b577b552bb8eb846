import { destinationEndpoints as api } from '@shared/endpoints/destinations.js'
import type { Bind } from '../http/endpoint.js'
import type { Services } from '../services.js'

export function destinationsRoutes(on: Bind, s: Services) {
  on(api.list, ({ query }) => s.destinations.list(query.all === 'true'))
  on(api.create, ({ body, who }) => s.destinations.create(body, who.actor))
  on(api.import, async ({ body, who, c }) => {
    const result = await s.destinations.importList(body, who.actor)
    return c.json(result, result.dryRun ? 200 : 201)
  })
  on(api.replaceExamples, ({ who }) => s.destinations.replaceExamples(who.actor))
  on(api.read, ({ params }) => s.destinations.get(params.id))
  on(api.update, ({ params, body, who }) => s.destinations.update(params.id, body, who.actor))
}
