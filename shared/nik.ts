/**
 * Shape checks for a Nomor Induk Kependudukan (NIK), the 16-digit number on an Indonesian
 * identity card (KTP) and family card (KK). The layout (Permendagri 72/2019 on Adminduk data;
 * see also https://id.wikipedia.org/wiki/Nomor_Induk_Kependudukan):
 *   PP KK CC DDMMYY SSSS
 *   PP province, KK regency/city, CC kecamatan (Kemendagri region codes),
 *   DD day of birth (+40 for women), MM month, YY year, SSSS a serial from 0001.
 * This checks the shape only: a number that passes may still not be issued to anyone.
 */

/**
 * Province codes (Kemendagri). 91–96 covers Papua's provinces under both the codes used on
 * cards issued before the 2022 split and those after it.
 */
export const NIK_PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '21',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '51',
  '52',
  '53',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '72',
  '73',
  '74',
  '75',
  '76',
  '81',
  '82',
  '91',
  '92',
  '93',
  '94',
  '95',
  '96',
])

export type NikProblem = 'format' | 'region' | 'birth_date' | 'serial'

export type NikCheck = { ok: true; regionCode: string; birthDate: string; sex: 'male' | 'female' } | { ok: false; problem: NikProblem; message: string }

/**
 * Checks a NIK's shape: 16 digits, a known province with non-zero regency and kecamatan
 * codes, a real birth date not after `today`, and a non-zero serial. The two-digit year is
 * read as the latest century that does not put the birth after `today`.
 */
export function checkNik(nik: string, today: Date): NikCheck {
  if (!/^\d{16}$/.test(nik)) return { ok: false, problem: 'format', message: 'NIK must be 16 digits' }
  const province = nik.slice(0, 2)
  const regency = nik.slice(2, 4)
  const kecamatan = nik.slice(4, 6)
  if (!NIK_PROVINCE_CODES.has(province) || regency === '00' || kecamatan === '00') {
    return { ok: false, problem: 'region', message: `NIK region code ${province}.${regency}.${kecamatan} is not a known province, regency and kecamatan` }
  }
  let day = Number(nik.slice(6, 8))
  const month = Number(nik.slice(8, 10))
  const yy = Number(nik.slice(10, 12))
  const sex = day > 40 ? 'female' : 'male'
  if (day > 40) day -= 40
  const thisYear = today.getUTCFullYear()
  let year = Math.floor(thisYear / 100) * 100 + yy
  if (year > thisYear) year -= 100
  const date = new Date(Date.UTC(year, month - 1, day))
  const real = month >= 1 && month <= 12 && day >= 1 && date.getUTCDate() === day && date.getUTCMonth() === month - 1
  if (!real || date.getTime() > today.getTime()) {
    return { ok: false, problem: 'birth_date', message: `NIK birth date digits ${nik.slice(6, 12)} are not a real date of birth` }
  }
  if (nik.slice(12) === '0000') return { ok: false, problem: 'serial', message: 'NIK serial number must not be 0000' }
  return { ok: true, regionCode: `${province}.${regency}.${kecamatan}`, birthDate: date.toISOString().slice(0, 10), sex }
}
