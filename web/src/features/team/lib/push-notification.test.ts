import { describe, expect, it } from 'vitest'
import { DEFAULT_PUSH_TEXTS, notificationFor, readPushMessage } from './push-notification.js'

const ID = '0b8e2f3c-1111-4222-8333-444455556666'

describe('push notifications on the team phone', () => {
  it('reads an offer and a withdrawal, and nothing else', () => {
    expect(readPushMessage({ kind: 'offer', incidentId: ID, assignmentId: ID, category: 'sick', kecamatan: 'Beji' })).toMatchObject({ kind: 'offer', kecamatan: 'Beji' })
    expect(readPushMessage({ kind: 'withdrawn', incidentId: ID, category: 'sick', kecamatan: null, reason: 'ack_timeout' })).toMatchObject({ kind: 'withdrawn', kecamatan: null })
    expect(readPushMessage({ kind: 'offer', incidentId: ID, category: 'sick', kecamatan: 'Beji' })).toBeNull()
    expect(readPushMessage('offer')).toBeNull()
    expect(readPushMessage(null)).toBeNull()
  })

  it('makes one notification per case that opens the team page on it, the withdrawal replacing the offer', () => {
    const texts = { ...DEFAULT_PUSH_TEXTS, categories: { sick: 'Orang sakit' } }
    const offer = notificationFor({ kind: 'offer', incidentId: ID, assignmentId: ID, category: 'sick', kecamatan: 'Beji' }, texts)
    expect(offer.title).toBe('TUGAS BARU: Orang sakit')
    expect(offer.options).toMatchObject({ tag: `case-${ID}`, requireInteraction: true, data: { url: `/team#case=${ID}` } })
    expect(offer.options.body).toContain('Beji')
    const gone = notificationFor({ kind: 'withdrawn', incidentId: ID, category: 'sick', kecamatan: 'Beji', reason: 'ack_timeout' }, texts)
    expect(gone.options.tag).toBe(offer.options.tag)
    expect(gone.options.body).toContain(DEFAULT_PUSH_TEXTS.withdrawn.ack_timeout)
  })
})
