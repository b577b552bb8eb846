import { API } from '@shared/api.js'
import type { UpdateUser, User } from '@shared/auth.js'
import { api } from '../../../lib/api.js'

/** PATCH /api/users/:id — rename, role or team, password reset, disable/enable; ends the account's sessions where its rights change. */
export const updateUser = (id: string, patch: UpdateUser) => api<User>('PATCH', `${API.users}/${id}`, { body: patch })
