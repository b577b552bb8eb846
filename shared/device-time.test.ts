import { describe, expect, it } from 'vitest'
import { boundDeviceTime, DEVICE_TIME_MAX_AGE_MS } from './device-time.js'

const received = new Date('2026-11-25T10:20:00Z')
const at = (iso: string) => new Date(iso)

describe('boundDeviceTime', () => {
  it('keeps the phone’s time of a step pressed offline', () => {
    expect(boundDeviceTime(at('2026-11-25T10:02:00Z'), received, at('2026-11-25T10:00:00Z'))).toEqual({ at: at('2026-11-25T10:02:00Z'), adjusted: false })
  })
  it('uses the receive time when the phone gives none', () => {
    expect(boundDeviceTime(null, received)).toEqual({ at: received, adjusted: false })
  })
  it('never records a step later than the server received it (a phone clock running ahead)', () => {
    expect(boundDeviceTime(at('2026-11-25T10:25:00Z'), received)).toEqual({ at: received, adjusted: true })
  })
  it('never records a step before the step it follows', () => {
    expect(boundDeviceTime(at('2026-11-25T09:50:00Z'), received, at('2026-11-25T10:00:00Z'))).toEqual({ at: at('2026-11-25T10:00:00Z'), adjusted: true })
  })
  it('never goes back more than DEVICE_TIME_MAX_AGE_MS before it was received', () => {
    const old = new Date(received.getTime() - DEVICE_TIME_MAX_AGE_MS - 60_000)
    expect(boundDeviceTime(old, received)).toEqual({ at: new Date(received.getTime() - DEVICE_TIME_MAX_AGE_MS), adjusted: true })
  })
})
