import { z } from 'zod'
import { API } from '../api.js'
import { AccessLogEntrySchema, CreateUserSchema, LoginSchema, SessionInfoSchema, UpdateUserSchema, UserSchema } from '../auth.js'
import { endpoint } from '../endpoint.js'

const tag = 'Accounts'

export const authEndpoints = {
  login: endpoint({
    method: 'post',
    path: '/api/auth/login',
    action: 'public',
    tag,
    summary: 'Sign in: sets an HttpOnly session cookie; send the returned csrfToken as X-CSRF-Token on changes',
    body: LoginSchema,
    response: SessionInfoSchema,
  }),
  logout: endpoint({ method: 'post', path: '/api/auth/logout', action: 'public', tag, summary: 'Sign out (ends the session)', response: z.object({ ok: z.literal(true) }) }),
  me: endpoint({ method: 'get', path: '/api/auth/me', action: 'public', tag, summary: 'The signed-in account and its CSRF token', response: SessionInfoSchema }),
  users: endpoint({ method: 'get', path: API.users, action: 'users.manage', tag, summary: 'All accounts', response: z.array(UserSchema) }),
  createUser: endpoint({ method: 'post', path: API.users, action: 'users.manage', tag, summary: 'Create an account', body: CreateUserSchema, response: UserSchema, status: 201 }),
  updateUser: endpoint({
    method: 'patch',
    path: `${API.users}/:id`,
    action: 'users.manage',
    tag,
    summary: 'Rename, change the role or team, reset the password, disable or enable; a new role, team or password or disabling ends the account’s sessions and sockets at once',
    params: z.object({ id: z.uuid() }),
    body: UpdateUserSchema,
    response: UserSchema,
  }),
  accessLog: endpoint({
    method: 'get',
    path: '/api/access-log',
    action: 'access_log.read',
    tag,
    summary: 'Who read which person’s record, newest first',
    query: z.object({ recordId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    response: z.array(AccessLogEntrySchema),
  }),
}
