import { createContext, useContext } from 'react'
import { API } from '../../../shared/api.js'
import type { IncidentCategory } from '../../../shared/incidents.js'
import { api } from './api.js'

/**
 * GET /api/config. The server defines this shape inline in server/app.ts (PublicConfigSchema),
 * not in shared/, so it is mirrored here; moving the schema to shared/ removes this copy.
 */
export interface CityConfig {
  city: string
  timezone: string
  center: { lon: number; lat: number }
  zoom: number
  tileUrl: string
  tileAttribution: string
  dataAttribution: string[]
  categories: IncidentCategory[]
  assignmentMode: 'auto' | 'manual'
  ackTimeoutS: number
  stalePositionMin: number
}

export const getCityConfig = () => api<CityConfig>('GET', API.config)

export const CityConfigContext = createContext<CityConfig | null>(null)

/** The city's settings; the app shell renders pages only once they are loaded. */
export function useCityConfig(): CityConfig {
  const c = useContext(CityConfigContext)
  if (!c) throw new Error('useCityConfig outside CityConfigContext')
  return c
}
