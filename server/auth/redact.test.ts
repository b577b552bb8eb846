import { describe, expect, it } from 'vitest'
import type { LogEvent } from '@shared/events.js'
import { eventForRole, redactEvent, withoutHandoverPersonalData } from './redact.js'

const handoverEvent: LogEvent = {
  seq: 7,
  at: '2026-11-25T10:00:00.000Z',
  type: 'handover.logged',
  actor: { kind: 'team', id: 't1' },
  incidentId: 'i1',
  teamId: 't1',
  destinationId: 'd1',
  before: null,
  after: {
    id: 'h1',
    incidentId: 'i1',
    teamId: 't1',
    destinationId: 'd1',
    person: { name: 'Budi', sex: 'unknown', nik: '3276012345678901', condition: 'weak' },
    receivedBy: 'Dr. Rina',
    notes: 'n',
    handedOverAt: 'x',
    overrideCapacity: false,
    createdAt: 'x',
  },
  data: null,
}

describe('event redaction', () => {
  it('removes the person, the receiver and the notes of a handover, and keeps its bookkeeping', () => {
    const e = withoutHandoverPersonalData(handoverEvent)
    expect(e.after).toEqual({ id: 'h1', incidentId: 'i1', teamId: 't1', destinationId: 'd1', handedOverAt: 'x', overrideCapacity: false, createdAt: 'x' })
    expect(e.destinationId).toBe('d1')
  })
  it('gives a viewer neither the person nor where they were taken', () => {
    const e = redactEvent(handoverEvent)
    expect(e.destinationId).toBeNull()
    expect(JSON.stringify(e)).not.toMatch(/Budi|3276|Rina|d1/)
  })
  it('applies one rule per role: whole for handover readers, without the person for the rest of the staff', () => {
    expect(eventForRole('dispatcher', handoverEvent)).toBe(handoverEvent)
    expect(eventForRole('admin', handoverEvent)).toBe(handoverEvent)
    for (const role of ['call_taker', 'team', 'viewer'] as const) expect(JSON.stringify(eventForRole(role, handoverEvent)), role).not.toContain('3276012345678901')
  })
})
