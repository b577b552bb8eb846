import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { MatchQuerySchema, PersonInputSchema, PersonMatchViewSchema, PersonPatchSchema, PersonPhotoSchema, PersonRecordSchema, PpksCategorySchema } from '../../shared/people.js'
import { StaySchema } from '../../shared/stays.js'
import { PERMISSIONS } from '../auth/policy.js'
import { allow, type IdentityEnv } from '../http/identity.js'
import type { ApiDocs } from '../http/openapi.js'
import { body, param, query } from '../http/validate.js'
import type { Services } from '../services.js'
import { singleLineText } from '../../shared/text.js'

const SearchQuery = z.object({ q: singleLineText({ min: 2, max: 200 }) })
const caller = (c: Context<IdentityEnv>) => ({ who: c.get('identity'), requestId: c.get('requestId') })

export function peopleRoutes(s: Services, docs: ApiDocs) {
  const d = (spec: Omit<Parameters<ApiDocs['describe']>[0], 'tag'>) => docs.describe({ ...spec, tag: 'People', path: '/api/people' + spec.path })
  d({ method: 'get', path: '/ppks', summary: 'The national list of PPKS categories (Permensos 08/2012)', roles: [...PERMISSIONS['person.read']], response: z.array(PpksCategorySchema) })
  d({ method: 'get', path: '', summary: 'Search people by NIK, name or alias (logged)', roles: [...PERMISSIONS['person.search']], query: SearchQuery, response: z.array(PersonRecordSchema) })
  d({ method: 'post', path: '/matches', summary: 'Likely earlier records of a person being picked up or checked in (logged; nothing is merged). Whole records only to callers who may read them (dispatchers, admins; facility staff: people who are or were at their facility); a team gets the id, score, reasons and the city’s rule', roles: [...PERMISSIONS['person.match']], body: MatchQuerySchema, response: z.array(PersonMatchViewSchema) })
  d({ method: 'post', path: '', summary: 'Record a person', roles: [...PERMISSIONS['person.write']], body: PersonInputSchema, response: PersonRecordSchema, status: 201 })
  d({ method: 'get', path: '/:id', summary: 'One person (logged; facility staff: people who are or were at their facility)', roles: [...PERMISSIONS['person.read']], response: PersonRecordSchema })
  d({ method: 'patch', path: '/:id', summary: 'Correct or complete a person record', roles: [...PERMISSIONS['person.write']], body: PersonPatchSchema, response: PersonRecordSchema })
  d({ method: 'post', path: '/:id/photos', summary: 'Add a photo of the person: a JPEG, PNG or WebP image as the raw body (judged by its bytes; at most 5 per person)', roles: [...PERMISSIONS['person.write']], response: PersonPhotoSchema, status: 201 })
  d({ method: 'get', path: '/:id/photos', summary: 'The person’s photos on file (logged)', roles: [...PERMISSIONS['person.read']], response: z.array(PersonPhotoSchema) })
  d({ method: 'get', path: '/:id/photos/:photoId', summary: 'One photo of the person (logged, never cached)', roles: [...PERMISSIONS['person.read']] })
  d({ method: 'get', path: '/:id/stays', summary: 'A person’s stays, newest first (logged)', roles: [...PERMISSIONS['stay.read']], response: z.array(StaySchema) })

  return new Hono<IdentityEnv>()
    .get('/ppks', allow('person.read'), (c) => c.json(s.people.ppksCategories()))
    .get('/', allow('person.search'), async (c) => c.json(await s.people.search(query(c, SearchQuery).q, caller(c))))
    .post('/matches', allow('person.match'), async (c) => c.json(await s.people.matches(await body(c, MatchQuerySchema), caller(c))))
    .post('/', allow('person.write'), async (c) => c.json(await s.people.create(await body(c, PersonInputSchema), caller(c)), 201))
    .get('/:id', allow('person.read'), async (c) => c.json(await s.people.get(param(c, 'id', z.uuid()), caller(c))))
    .patch('/:id', allow('person.write'), async (c) => {
      const id = param(c, 'id', z.uuid())
      return c.json(await s.people.update(id, await body(c, PersonPatchSchema), caller(c)))
    })
    .post('/:id/photos', allow('person.write'), async (c) => {
      const id = param(c, 'id', z.uuid())
      return c.json(await s.people.addPhoto(id, new Uint8Array(await c.req.arrayBuffer()), caller(c)), 201)
    })
    .get('/:id/photos', allow('person.read'), async (c) => c.json(await s.people.photos(param(c, 'id', z.uuid()), caller(c))))
    .get('/:id/photos/:photoId', allow('person.read'), async (c) => {
      const file = await s.people.photo(param(c, 'id', z.uuid()), param(c, 'photoId', z.uuid()), caller(c))
      c.header('Cache-Control', 'private, no-store')
      c.header('Content-Type', file.contentType)
      c.header('X-Content-Type-Options', 'nosniff')
      return c.body(new Uint8Array(file.bytes) as unknown as ArrayBuffer)
    })
    .get('/:id/stays', allow('stay.read'), async (c) => {
      const id = param(c, 'id', z.uuid())
      await s.people.assertCanRead(c.get('identity'), id)
      return c.json(await s.stays.forPerson(id, caller(c)))
    })
}
