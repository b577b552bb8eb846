import { API } from '@shared/api.js'
import type { Destination, DestinationPatch } from '@shared/destinations.js'
import type { DestinationInputSchema } from '@shared/destinations.js'
import type { z } from 'zod'
import { api } from '../../../lib/api.js'

/** POST /api/destinations — a new destination. */
export const createDestination = (input: z.input<typeof DestinationInputSchema>) => api<Destination>('POST', API.destinations, { body: input })

/** PATCH /api/destinations/:id — change some fields (or withdraw it with `active: false`). */
export const updateDestination = (id: string, patch: DestinationPatch) => api<Destination>('PATCH', `${API.destinations}/${id}`, { body: patch })
