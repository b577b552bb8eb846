import { peopleEndpoints as api } from '@shared/endpoints/people.js'
import type { Bind } from '../http/endpoint.js'
import type { Services } from '../services.js'

export function peopleRoutes(on: Bind, s: Services) {
  on(api.ppks, () => s.people.ppksCategories())
  on(api.search, ({ query, caller }) => s.people.search(query.q, caller))
  on(api.matches, ({ body, caller }) => s.people.matches(body, caller))
  on(api.create, ({ body, caller }) => s.people.create(body, caller))
  on(api.read, ({ params, caller }) => s.people.get(params.id, caller))
  on(api.update, ({ params, body, caller }) => s.people.update(params.id, body, caller))
  on(api.addPhoto, async ({ params, caller, c }) => s.people.addPhoto(params.id, new Uint8Array(await c.req.arrayBuffer()), caller))
  on(api.photos, ({ params, caller }) => s.people.photos(params.id, caller))
  on(api.photo, async ({ params, caller, c }) => {
    const file = await s.people.photo(params.id, params.photoId, caller)
    c.header('Cache-Control', 'private, no-store')
    c.header('Content-Type', file.contentType)
    c.header('X-Content-Type-Options', 'nosniff')
    return c.body(new Uint8Array(file.bytes) as unknown as ArrayBuffer)
  })
  on(api.stays, ({ params, caller }) => s.people.staysOf(params.id, caller))
}
