// The access rules live in shared/ so the apps can hide what would be refused; the server is
// what enforces them (http/identity.ts `authorize`, called by http/endpoint.ts, and realtime/socket.ts).
export { PERMISSIONS, PERSONAL_DATA_ROLES, permits, type Action } from '@shared/permissions.js'
