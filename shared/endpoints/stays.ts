import { z } from 'zod'
import { API } from '../api.js'
import { DestinationSchema } from '../destinations.js'
import { endpoint } from '../endpoint.js'
import { PersonRecordSchema } from '../people.js'
import { CheckInSchema, CheckOutInputSchema, IncomingCaseSchema, OccupancyAdjustmentInputSchema, StayAlertItemSchema, StaySchema } from '../stays.js'

const tag = 'Stays'
const ById = z.object({ id: z.uuid() })
/** The agreement scan as sent: judged by its bytes, whatever the header says. */
const AGREEMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const

export const StayCountsSchema = z.object({
  open: z.array(z.object({ destinationId: z.string(), n: z.number() })),
  outcomes: z.array(z.object({ outcome: z.string(), n: z.number() })),
})
export const ResidentSchema = z.object({ stay: StaySchema, person: PersonRecordSchema })

/** Stays (check-in, check-out, counts) and the per-destination lists of the facility page. */
export const stayEndpoints = {
  checkIn: endpoint({
    method: 'post',
    path: API.stays,
    action: 'stay.write',
    tag,
    summary: 'Check a person in at a shelter, RPS or panti',
    body: CheckInSchema,
    response: StaySchema,
    status: 201,
    idempotent: true,
  }),
  counts: endpoint({
    method: 'get',
    path: `${API.stays}/counts`,
    action: 'stay.counts',
    tag,
    summary: 'Open stays per destination and ended stays per outcome (counts only)',
    response: StayCountsSchema,
  }),
  alerts: endpoint({
    method: 'get',
    path: `${API.stays}/alerts`,
    action: 'stay.alerts',
    tag,
    summary: 'Open stays due soon or past their maximum, everywhere (logged)',
    response: z.array(StayAlertItemSchema),
  }),
  read: endpoint({ method: 'get', path: `${API.stays}/:id`, action: 'stay.read', tag, summary: 'One stay (logged)', params: ById, response: StaySchema }),
  addAgreement: endpoint({
    method: 'post',
    path: `${API.stays}/:id/agreement`,
    action: 'stay.write',
    tag,
    summary: "Attach the family's signed release agreement: a JPEG, PNG, WebP photo or PDF scan as the raw body (judged by its bytes)",
    params: ById,
    rawBody: AGREEMENT_TYPES,
    response: StaySchema,
    status: 201,
  }),
  agreement: endpoint({
    method: 'get',
    path: `${API.stays}/:id/agreement`,
    action: 'stay.read',
    tag,
    summary: 'The signed release agreement (the facility that held the stay, dispatchers, admins; every read logged, never cached)',
    params: ById,
    produces: AGREEMENT_TYPES,
  }),
  checkOut: endpoint({
    method: 'post',
    path: `${API.stays}/:id/check-out`,
    action: 'stay.write',
    tag,
    summary: 'End a stay with its outcome',
    params: ById,
    body: CheckOutInputSchema,
    response: StaySchema,
    idempotent: true,
  }),
  incoming: endpoint({
    method: 'get',
    path: `${API.destinations}/:id/incoming`,
    action: 'stay.read',
    tag,
    summary: 'Cases on their way to the destination, and handovers there awaiting its sign-off (logged)',
    params: ById,
    response: z.array(IncomingCaseSchema),
  }),
  residents: endpoint({
    method: 'get',
    path: `${API.destinations}/:id/residents`,
    action: 'stay.read',
    tag,
    summary: 'The people staying at a destination now (logged)',
    params: ById,
    response: z.array(ResidentSchema),
  }),
  adjustOccupancy: endpoint({
    method: 'post',
    path: `${API.destinations}/:id/occupancy-adjustments`,
    action: 'occupancy.adjust',
    tag,
    summary: 'Change occupancy by hand, with a reason (logged as an event)',
    params: ById,
    body: OccupancyAdjustmentInputSchema,
    response: DestinationSchema,
    status: 201,
  }),
}
