import { z } from 'zod'
import { API } from '../api.js'
import { endpoint } from '../endpoint.js'
import { MatchQuerySchema, PersonInputSchema, PersonMatchViewSchema, PersonPatchSchema, PersonPhotoSchema, PersonRecordSchema, PpksCategorySchema } from '../people.js'
import { IMAGE_TYPES } from './incidents.js'
import { StaySchema } from '../stays.js'
import { singleLineText } from '../text.js'

const tag = 'People'
const ById = z.object({ id: z.uuid() })

export const peopleEndpoints = {
  ppks: endpoint({ method: 'get', path: `${API.people}/ppks`, action: 'person.read', tag, summary: 'The national list of PPKS categories (Permensos 08/2012)', response: z.array(PpksCategorySchema) }),
  search: endpoint({
    method: 'get',
    path: API.people,
    action: 'person.search',
    tag,
    summary: 'Search people by NIK, name or alias (logged)',
    query: z.object({ q: singleLineText({ min: 2, max: 200 }) }),
    response: z.array(PersonRecordSchema),
  }),
  matches: endpoint({
    method: 'post',
    path: `${API.people}/matches`,
    action: 'person.match',
    tag,
    summary:
      'Likely earlier records of a person being picked up or checked in (logged; nothing is merged). Whole records only to callers who may read them (dispatchers, admins; facility staff: people who are or were at their facility); a team gets the id, score, reasons and the city’s rule',
    body: MatchQuerySchema,
    response: z.array(PersonMatchViewSchema),
  }),
  create: endpoint({ method: 'post', path: API.people, action: 'person.write', tag, summary: 'Record a person', body: PersonInputSchema, response: PersonRecordSchema, status: 201 }),
  read: endpoint({
    method: 'get',
    path: `${API.people}/:id`,
    action: 'person.read',
    tag,
    summary: 'One person (logged; facility staff: people who are or were at their facility)',
    params: ById,
    response: PersonRecordSchema,
  }),
  update: endpoint({
    method: 'patch',
    path: `${API.people}/:id`,
    action: 'person.write',
    tag,
    summary: 'Correct or complete a person record',
    params: ById,
    body: PersonPatchSchema,
    response: PersonRecordSchema,
  }),
  addPhoto: endpoint({
    method: 'post',
    path: `${API.people}/:id/photos`,
    action: 'person.write',
    tag,
    summary: 'Add a photo of the person: a JPEG, PNG or WebP image as the raw body (judged by its bytes; at most 5 per person)',
    params: ById,
    rawBody: IMAGE_TYPES,
    response: PersonPhotoSchema,
    status: 201,
  }),
  photos: endpoint({
    method: 'get',
    path: `${API.people}/:id/photos`,
    action: 'person.read',
    tag,
    summary: 'The person’s photos on file (logged)',
    params: ById,
    response: z.array(PersonPhotoSchema),
  }),
  photo: endpoint({
    method: 'get',
    path: `${API.people}/:id/photos/:photoId`,
    action: 'person.read',
    tag,
    summary: 'One photo of the person (logged, never cached)',
    params: z.object({ id: z.uuid(), photoId: z.uuid() }),
    produces: IMAGE_TYPES,
  }),
  stays: endpoint({ method: 'get', path: `${API.people}/:id/stays`, action: 'stay.read', tag, summary: 'A person’s stays, newest first (logged)', params: ById, response: z.array(StaySchema) }),
}
