import { API } from '@shared/api.js'
import type { DestinationImportRequestSchema, DestinationImportResult } from '@shared/destination-import.js'
import type { z } from 'zod'
import { api } from '../../../lib/api.js'

/** POST /api/destinations/import — a CSV or GeoJSON list, all rows or none (`dryRun` only checks). */
export const importDestinations = (req: z.input<typeof DestinationImportRequestSchema>) => api<DestinationImportResult>('POST', `${API.destinations}/import`, { body: req })
