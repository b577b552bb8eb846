import { describe, expect, it } from 'vitest'
import { InstantSchema } from './dates.js'
import { multiLineText, singleLineText, TEXT_ERRORS } from './text.js'

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message) ?? []

describe('single-line text', () => {
  const name = singleLineText({ min: 1, max: 30 })
  it('accepts ordinary names in any script, emoji included, and trims them', () => {
    expect(name.parse('  Siti Nurhaliza ')).toBe('Siti Nurhaliza')
    expect(name.parse('Jl. Margonda Raya № 5')).toBe('Jl. Margonda Raya № 5')
    expect(name.parse('سلام 😀 ok')).toBe('سلام 😀 ok')
  })
  it.each(['a\u0000b', 'a\u0001', 'a\tb', 'a\nb', 'a\rb', 'a\u007fb', 'a\u0085b', 'a\u009fb'])('refuses the control character in %j', (v) => {
    expect(messages(name.safeParse(v))).toContain(TEXT_ERRORS.control)
  })
  it.each(['a\ud800', '\udc00b', 'a\udbff\ud800'])('refuses the unpaired surrogate in %j', (v) => {
    expect(messages(name.safeParse(v))).toContain(TEXT_ERRORS.surrogate)
  })
  it('keeps the length limits', () => {
    expect(name.safeParse('   ').success).toBe(false)
    expect(name.safeParse('x'.repeat(31)).success).toBe(false)
  })
})

describe('multi-line text', () => {
  const note = multiLineText({ max: 100 })
  it('keeps line breaks and tabs inside the text', () => {
    expect(note.parse('first line\r\nsecond\tline\n')).toBe('first line\r\nsecond\tline')
  })
  it.each(['a\u0000b', 'a\u000bb', 'a\u001bb', 'a\u009bb'])('refuses the control character in %j', (v) => {
    expect(messages(note.safeParse(v))).toContain(TEXT_ERRORS.controlMultiLine)
  })
  it('refuses an unpaired surrogate', () => {
    expect(messages(note.safeParse('x\ud83d'))).toContain(TEXT_ERRORS.surrogate)
  })
})

describe('instants', () => {
  it('accepts times with an offset between 2000 and 2100', () => {
    expect(InstantSchema.parse('2026-11-25T08:00:00+07:00')).toBe('2026-11-25T08:00:00+07:00')
    expect(InstantSchema.safeParse('2000-01-01T00:00:00Z').success).toBe(true)
  })
  it.each(['0000-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2100-01-01T00:00:01Z', '9999-12-31T23:59:59Z', 'yesterday', '2026-02-30T00:00:00Z'])('refuses %s', (v) => {
    expect(InstantSchema.safeParse(v).success).toBe(false)
  })
})
