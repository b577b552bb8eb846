import { createContext, useContext } from 'react'
import { API } from '@shared/api.js'
import type { PublicConfig } from '@shared/config.js'
import { api } from './api.js'

/** GET /api/config (shape from shared/config.ts). */
export type CityConfig = PublicConfig

export const getCityConfig = () => api<CityConfig>('GET', API.config)

export const CityConfigContext = createContext<CityConfig | null>(null)

/** The city's settings; the app shell renders pages only once they are loaded. */
export function useCityConfig(): CityConfig {
  const c = useContext(CityConfigContext)
  if (!c) throw new Error('useCityConfig outside CityConfigContext')
  return c
}
