import { API } from '@shared/api.js'
import type { CreateUser, User } from '@shared/auth.js'
import { api } from '../../../lib/api.js'

/** POST /api/users — a new account (logged as account.created). */
export const createUser = (input: CreateUser) => api<User>('POST', API.users, { body: input })
