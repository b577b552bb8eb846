import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import type { LogEvent } from '@shared/events.js'
import { commonId } from '../../../lib/locales/common.js'
import { dispatchLocales } from '../locales.js'
import { describeEvent, formatDistance, type Lookup } from './describe-event.js'

// The real Indonesian strings, as the console shows them.
const i18n = i18next.createInstance()
await i18n.init({
  resources: { id: { common: commonId, dispatch: dispatchLocales.id } },
  lng: 'id',
  ns: ['common', 'dispatch'],
  defaultNS: 'dispatch',
  initAsync: false,
  interpolation: { escapeValue: false },
})
const t = i18n.getFixedT('id', 'dispatch')

const look: Lookup = {
  me: 'u-me',
  teamName: (id) => ({ t1: 'TRC-1', t2: 'TRC-2' })[id ?? ''] ?? '?',
  destinationName: (id) => (id === 'd1' ? 'Rumah Singgah A' : '?'),
  incidentCode: (id) => (id === 'i2' ? 'ABCD' : '?'),
}
const base = { seq: 1, at: '2026-11-25T10:00:00.000Z', incidentId: 'i1', teamId: 't1', destinationId: null, before: null, after: null, data: null }
const ev = (e: Record<string, unknown>) => ({ ...base, actor: { kind: 'system', id: null }, ...e }) as unknown as LogEvent

describe('the console’s timeline lines', () => {
  it('names the team an incident went to, how, how far, and whom it was taken from', () => {
    const d = describeEvent(t, ev({ type: 'incident.assigned', data: { mode: 'auto', distanceM: 1234, reassignedFrom: 't2' } }), look)
    expect(d.text).toBe('Ditugaskan ke TRC-1')
    expect(d.detail).toBe('otomatis · 1.2 km · ← TRC-2')
    expect(d.by).toBe('sistem')
  })

  it('leaves the detail empty when there is nothing to add', () => {
    expect(describeEvent(t, ev({ type: 'incident.assigned', data: {} }), look).detail).toBeNull()
  })

  it('shows a team by its call sign and member, staff by name, and the reader’s own actions as theirs', () => {
    expect(describeEvent(t, ev({ type: 'incident.photo_added', actor: { kind: 'team', id: 't2', name: 'Budi' } }), look).by).toBe('TRC-2 · Budi')
    expect(describeEvent(t, ev({ type: 'incident.photo_added', actor: { kind: 'dispatcher', id: 'u-other', name: 'Sari' } }), look).by).toBe('Sari')
    expect(describeEvent(t, ev({ type: 'incident.photo_added', actor: { kind: 'dispatcher', id: 'u-me', name: 'Rina' } }), look).by).toBe('Rina (Anda)')
    expect(describeEvent(t, ev({ type: 'incident.photo_added', actor: { kind: 'dispatcher', id: 'u-me', name: 'Rina', onBehalfOf: 't1' } }), look).by).toBe('Rina (Anda) · atas nama tim')
  })

  it('gives a handover without its person (a viewer’s copy) no detail rather than failing', () => {
    const d = describeEvent(t, ev({ type: 'handover.logged', destinationId: 'd1', after: { id: 'h1' } }), look)
    expect(d.text).toContain('Rumah Singgah A')
    expect(d.detail).toBeNull()
  })

  it('points a merged incident at the code of the one it went into', () => {
    expect(describeEvent(t, ev({ type: 'incident.merged', data: { into: 'i2' } }), look).text).toContain('ABCD')
  })
})

describe('distances', () => {
  it('shows metres under a kilometre, one decimal under ten, whole kilometres above', () => {
    expect(formatDistance(999.4)).toBe('999 m')
    expect(formatDistance(1000)).toBe('1.0 km')
    expect(formatDistance(9_949)).toBe('9.9 km')
    expect(formatDistance(12_400)).toBe('12 km')
  })
})
