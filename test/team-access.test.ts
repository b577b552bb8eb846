import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HANDOVER_GRACE_MS } from '../server/auth/read-scope.js'
import { BACKENDS } from './support/backends.js'
import { near, startTestServer, type TestServer } from './support/server.js'

// A real 1×1 JPEG.
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64')

describe.each(BACKENDS)('a team reads only its current case on $name', (backend) => {
  let s: TestServer
  let destination: { id: string }
  beforeAll(async () => {
    s = await startTestServer(backend, { ASSIGNMENT_MODE: 'manual' })
    destination = (await s.call('POST', '/api/destinations', { role: 'admin', body: { name: 'Rumah Singgah', kind: 'shelter', location: near(0), capacity: 50, accepts: ['sick'] } })).body
  })
  afterAll(async () => {
    await s?.close()
  })

  /** A reported case with a photo from its reporter. */
  const caseWithPhoto = async (dLat: number) => {
    const rep = (await s.report({ reporter: { name: 'Pak Darto', phone: '081311112222' }, location: near(dLat) })).body
    const res = await fetch(`${s.url}/api/incidents/${rep.id}/photo`, { method: 'POST', headers: { 'content-type': 'image/jpeg', 'X-TRC-Tracking-Code': rep.trackingCode }, body: new Uint8Array(JPEG) })
    expect(res.status).toBe(201)
    const photo = (await res.json()) as { id: string }
    return { id: rep.id as string, photoId: photo.id }
  }
  const assign = async (incidentId: string, teamId: string) => {
    const r = await s.call('POST', `/api/incidents/${incidentId}/assign`, { role: 'dispatcher', body: { teamId } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
  }
  /** The status of each read a team member makes of the case's personal data. */
  const reads = async (c: { id: string; photoId: string }, teamId: string) => {
    const get = async (path: string) => (await s.call('GET', path, { role: 'team', teamId })).status
    return {
      incident: await get(`/api/incidents/${c.id}`),
      photos: await get(`/api/incidents/${c.id}/photos`),
      photo: await get(`/api/photos/${c.photoId}`),
      destinations: await get(`/api/incidents/${c.id}/destinations`),
    }
  }
  const ALLOWED = { incident: 200, photos: 200, photo: 200, destinations: 200 }
  const REFUSED = { incident: 403, photos: 403, photo: 403, destinations: 403 }
  const step = async (id: string, teamId: string, to: string) => {
    const r = await s.call('POST', `/api/incidents/${id}/transitions`, { role: 'team', teamId, body: { to } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
  }
  const handOver = async (id: string, teamId: string) => {
    for (const to of ['acknowledged', 'en_route', 'on_scene', 'transporting']) await step(id, teamId, to)
    const r = await s.call('POST', '/api/handovers', { role: 'team', teamId, body: { incidentId: id, teamId, destinationId: destination.id, person: { condition: 'weak' }, receivedBy: 'Petugas Budi' } })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
  }

  it('refuses a team its former case as soon as the case is reassigned to another team', async () => {
    const a = await s.createTeam('TA-1', near(100))
    const b = await s.createTeam('TA-2', near(200))
    const c = await caseWithPhoto(10)
    await assign(c.id, a.id)
    expect(await reads(c, a.id)).toEqual(ALLOWED)
    await assign(c.id, b.id)
    expect(await reads(c, a.id)).toEqual(REFUSED)
    expect(await reads(c, b.id)).toEqual(ALLOWED)
  })

  it('lets a team read a case it handed over during the grace period, and refuses it afterwards', async () => {
    const team = await s.createTeam('TA-3', near(300))
    const c = await caseWithPhoto(20)
    await assign(c.id, team.id)
    await handOver(c.id, team.id)
    expect(await reads(c, team.id)).toEqual(ALLOWED)
    s.clock.advance(HANDOVER_GRACE_MS - 60_000)
    expect(await reads(c, team.id)).toEqual(ALLOWED)
    s.clock.advance(60_001)
    expect(await reads(c, team.id)).toEqual(REFUSED)
    // A dispatcher still can.
    expect((await s.call('GET', `/api/incidents/${c.id}`, { role: 'dispatcher' })).status).toBe(200)
  })

  it('refuses a team a handed-over case as soon as a dispatcher closes it, grace period or not', async () => {
    const team = await s.createTeam('TA-4', near(400))
    const c = await caseWithPhoto(30)
    await assign(c.id, team.id)
    await handOver(c.id, team.id)
    const closed = await s.call('POST', `/api/incidents/${c.id}/transitions`, { role: 'dispatcher', body: { to: 'closed', disposition: 'handed_over' } })
    expect(closed.status).toBe(200)
    expect(await reads(c, team.id)).toEqual(REFUSED)
  })

  it('refuses a team a case closed on scene and a case taken off it', async () => {
    const team = await s.createTeam('TA-5', near(500))
    const released = await caseWithPhoto(40)
    await assign(released.id, team.id)
    for (const to of ['acknowledged', 'en_route', 'on_scene']) await step(released.id, team.id, to)
    const close = await s.call('POST', `/api/incidents/${released.id}/transitions`, { role: 'dispatcher', body: { to: 'closed', disposition: 'refused_help', note: 'declined' } })
    expect(close.status).toBe(200)
    expect(await reads(released, team.id)).toEqual(REFUSED)

    const unassigned = await caseWithPhoto(50)
    await assign(unassigned.id, team.id)
    expect((await s.call('POST', `/api/incidents/${unassigned.id}/unassign`, { role: 'dispatcher' })).status).toBe(200)
    expect(await reads(unassigned, team.id)).toEqual(REFUSED)
  })
})
