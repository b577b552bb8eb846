import { z } from 'zod'

/**
 * Free text from the outside world (forms, phones, integrators) is checked here, once, for
 * every schema in shared/, so nothing the database refuses or silently alters gets past the
 * edge:
 * - NUL (U+0000): Postgres text cannot hold it and refuses the whole statement (a 500).
 * - Other C0/C1 control characters: never typed by a person; in a name or an address they
 *   only hide or forge what a dispatcher reads. Multi-line fields keep line breaks and tabs.
 * - Unpaired UTF-16 surrogates (JSON allows "\ud800"): not Unicode text; the driver would
 *   store U+FFFD instead, so the record would differ from what was sent.
 */

// C0 controls, DEL and C1 controls (Unicode general category Cc): matching them is the point.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
// The same, less tab (U+0009), line feed (U+000A) and carriage return (U+000D).
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

export const TEXT_ERRORS = {
  control: 'must not contain control characters',
  controlMultiLine: 'must not contain control characters other than line breaks and tabs',
  surrogate: 'must be valid Unicode text (an unpaired surrogate was sent)',
} as const

export interface TextLimits {
  /** Minimum length after trimming (default 0). */
  min?: number
  max: number
}

const base = ({ min = 0, max }: TextLimits) => {
  const s = z.string().trim()
  return (min > 0 ? s.min(min) : s).max(max).refine((v) => !LONE_SURROGATE.test(v), TEXT_ERRORS.surrogate)
}

/** A name, an address, a call sign, a username, a query filter: one line, no control characters. */
export function singleLineText(limits: TextLimits) {
  return base(limits).refine((v) => !CONTROL.test(v), TEXT_ERRORS.control)
}

/** A description or a note typed into a text area: line breaks and tabs allowed, other controls not. */
export function multiLineText(limits: TextLimits) {
  return base(limits).refine((v) => !CONTROL_EXCEPT_LINE_BREAKS.test(v), TEXT_ERRORS.controlMultiLine)
}
