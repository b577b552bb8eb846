import { describe, expect, it } from 'vitest'
import { normalizePhone, PhoneSchema } from './phone.js'

describe('normalizePhone', () => {
  it('gives every spelling of one Indonesian mobile number the same E.164 form', () => {
    for (const s of ['0812-3456-7890', '081234567890', '6281234567890', '+62 812 3456 7890', '0062812 3456 7890', '(0812) 3456.7890']) {
      expect(normalizePhone(s), s).toBe('+6281234567890')
    }
  })

  it('keeps landlines and foreign numbers, in E.164', () => {
    expect(normalizePhone('021 777 1234')).toBe('+62217771234')
    expect(normalizePhone('+1 202 555 0143')).toBe('+12025550143')
  })

  it('refuses what is not a phone number', () => {
    for (const s of ['call me', '12', '', '+', '0812-3456-7890-1234-5678', '08123\u00004567']) expect(normalizePhone(s), s).toBeNull()
  })

  it('is a schema that transforms to E.164 and names the problem', () => {
    expect(PhoneSchema.parse(' 0812 3456 7890 ')).toBe('+6281234567890')
    const bad = PhoneSchema.safeParse('call me')
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.message).toMatch(/valid phone number/)
  })
})
