import { expect } from 'vitest'
import type { TestServer } from './server.js'

let spot = 0

/**
 * A case the team has picked up and is transporting: reported (each at its own spot, so no
 * two are held as likely duplicates), assigned to `teamId` and stepped through by the team.
 */
export async function pickedUp(s: TestServer, teamId: string, category = 'homeless'): Promise<string> {
  spot++
  const base = s.app.deps.city.config.center
  const location = { lon: base.lon + (spot % 7) * 0.004, lat: base.lat - Math.floor(spot / 7) * 0.004 }
  const rep = await s.report({ category: category as never, location, description: `pickup ${spot}` })
  expect(rep.status, JSON.stringify(rep.body)).toBe(201)
  const id = rep.body.id as string
  if ((await s.incident(id)).teamId !== teamId) {
    const a = await s.call('POST', `/api/incidents/${id}/assign`, { role: 'dispatcher', body: { teamId } })
    expect(a.status, JSON.stringify(a.body)).toBe(200)
  }
  for (const to of ['acknowledged', 'en_route', 'on_scene', 'transporting']) {
    const r = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId, body: { to } })
    expect(r.status, `${to}: ${JSON.stringify(r.body)}`).toBe(200)
  }
  return id
}

/** Hands the case over to the destination as the team; returns the response. */
export function handOver(s: TestServer, teamId: string, incidentId: string, destinationId: string, person: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return s.call('POST', '/api/handovers', {
    role: 'team',
    teamId,
    body: { incidentId, teamId, destinationId, person: { condition: 'tired, hungry', ...person }, receivedBy: 'Petugas Rina', ...extra },
  })
}
