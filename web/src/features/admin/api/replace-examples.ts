import { API } from '@shared/api.js'
import type { Destination } from '@shared/destinations.js'
import { api } from '../../../lib/api.js'

/** POST /api/destinations/replace-examples — withdraw the "CONTOH" shelters once real ones exist. */
export const replaceExamples = () => api<{ withdrawn: Destination[] }>('POST', `${API.destinations}/replace-examples`)
