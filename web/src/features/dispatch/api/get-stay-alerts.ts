import { API } from '../../../../../shared/api.js'
import type { StayAlertItem } from '../../../../../shared/stays.js'
import { api } from '../../../lib/api.js'

/** GET /api/stays/alerts — open stays due soon or past their maximum, everywhere (logged). */
export const getStayAlerts = () => api<StayAlertItem[]>('GET', `${API.stays}/alerts`)
