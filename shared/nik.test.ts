import { describe, expect, it } from 'vitest'
import { checkNik } from './nik.js'

const TODAY = new Date('2026-11-25T00:00:00Z')

describe('checking the shape of a NIK', () => {
  it('accepts a Depok man born on 17 August 1975 and reads his region, birth date and sex', () => {
    expect(checkNik('3276011708750001', TODAY)).toEqual({ ok: true, regionCode: '32.76.01', birthDate: '1975-08-17', sex: 'male' })
  })

  it('reads a day of birth above 40 as a woman born on day minus 40', () => {
    expect(checkNik('3276015708750002', TODAY)).toMatchObject({ ok: true, birthDate: '1975-08-17', sex: 'female' })
  })

  it('reads a two-digit year in this century when that is not in the future', () => {
    expect(checkNik('3276010101200003', TODAY)).toMatchObject({ ok: true, birthDate: '2020-01-01' })
    expect(checkNik('3276010101300003', TODAY)).toMatchObject({ ok: true, birthDate: '1930-01-01' })
  })

  it('refuses anything that is not exactly 16 digits', () => {
    for (const bad of ['327601170875000', '32760117087500011', '3276O11708750001', '3276-01-170875-0001', '']) {
      expect(checkNik(bad, TODAY)).toMatchObject({ ok: false, problem: 'format' })
    }
  })

  it('refuses an unknown province and zero regency or kecamatan codes', () => {
    expect(checkNik('9976011708750001', TODAY)).toMatchObject({ ok: false, problem: 'region' })
    expect(checkNik('2076011708750001', TODAY)).toMatchObject({ ok: false, problem: 'region' })
    expect(checkNik('3200011708750001', TODAY)).toMatchObject({ ok: false, problem: 'region' })
    expect(checkNik('3276001708750001', TODAY)).toMatchObject({ ok: false, problem: 'region' })
  })

  it('refuses birth dates that do not exist', () => {
    for (const bad of ['3276013002800001', '3276010013800001', '3276010001800001', '3276017102800001', '3276013204800001']) {
      expect(checkNik(bad, TODAY), bad).toMatchObject({ ok: false, problem: 'birth_date' })
    }
    // 29 February only in a leap year.
    expect(checkNik('3276012902000001', TODAY)).toMatchObject({ ok: true, birthDate: '2000-02-29' })
    expect(checkNik('3276012902010001', TODAY)).toMatchObject({ ok: false, problem: 'birth_date' })
  })

  it('refuses a serial of 0000', () => {
    expect(checkNik('3276011708750000', TODAY)).toMatchObject({ ok: false, problem: 'serial' })
  })
})
