import { parsePhoneNumberFromString } from 'libphonenumber-js/min'
import { z } from 'zod'

/** Numbers written without a country are Indonesian. */
export const DEFAULT_PHONE_COUNTRY = 'ID'

/**
 * A phone number in E.164 (`+62812…`), or null when it is not a valid number. Every way people
 * write an Indonesian number gives the same result: `0812…`, `62812…`, `+62812…`, `0062812…`,
 * with spaces, dashes, dots or brackets. So limits count one number once and records agree.
 * Validity is libphonenumber's (the "min" metadata: lengths and leading digits per country).
 */
export function normalizePhone(input: string): string | null {
  const digits = input.replace(/[\s\-.()]/g, '')
  if (!/^\+?[0-9]{3,20}$/.test(digits)) return null
  let candidate = digits
  // "00" is the international prefix (ITU-T E.164 §5.1), and "62…" without a plus is how
  // Indonesians often write their own country code; libphonenumber would read both as
  // national numbers with the default country.
  if (candidate.startsWith('00')) candidate = `+${candidate.slice(2)}`
  else if (candidate.startsWith('62')) candidate = `+${candidate}`
  const parsed = parsePhoneNumberFromString(candidate, DEFAULT_PHONE_COUNTRY)
  return parsed?.isValid() ? parsed.number : null
}

/** A phone number as typed; parses to E.164 (the browser and the server agree on it). */
export const PhoneSchema = z
  .string()
  .trim()
  .max(40)
  .refine((v) => normalizePhone(v) !== null, 'must be a valid phone number, e.g. 0812-3456-7890 or +62 812 3456 7890')
  .transform((v) => normalizePhone(v)!)
