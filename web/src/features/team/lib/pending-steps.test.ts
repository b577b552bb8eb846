import { describe, expect, it } from 'vitest'
import type { Incident } from '@shared/incidents.js'
import type { OutboxEntry } from './outbox.js'
import { withPendingSteps } from './pending-steps.js'

const incident = (status: Incident['status']) =>
  ({ id: 'case-1', status, times: { reportedAt: '2026-11-25T01:00:00.000Z', acknowledgedAt: null, enRouteAt: null, onSceneAt: null } }) as unknown as Incident
const step = (to: 'acknowledged' | 'en_route' | 'on_scene', deviceTime: string, incidentId = 'case-1'): OutboxEntry => ({ kind: 'step', key: `k-${to}`, teamId: 't', incidentId, to, deviceTime })

describe('the case as the team worked it', () => {
  it('applies the steps still in the outbox, in order, at the phone’s times', () => {
    const shown = withPendingSteps(incident('acknowledged'), [step('en_route', '2026-11-25T01:05:00.000Z'), step('on_scene', '2026-11-25T01:09:00.000Z')])
    expect(shown.status).toBe('on_scene')
    expect(shown.times).toMatchObject({ enRouteAt: '2026-11-25T01:05:00.000Z', onSceneAt: '2026-11-25T01:09:00.000Z' })
  })

  it('ignores steps the server already has, and steps of another case', () => {
    const shown = withPendingSteps(incident('en_route'), [step('acknowledged', '2026-11-25T01:02:00.000Z'), step('on_scene', '2026-11-25T01:03:00.000Z', 'case-2')])
    expect(shown.status).toBe('en_route')
    expect(shown.times.acknowledgedAt).toBeNull()
  })
})
