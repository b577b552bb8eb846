import { API } from '@shared/api.js'
import type { User } from '@shared/auth.js'
import { api } from '../../../lib/api.js'

/** GET /api/users — every account, disabled ones too. */
export const getUsers = () => api<User[]>('GET', API.users)
