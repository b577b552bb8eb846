/**
 * When a step a phone recorded happened, from the phone's own clock, kept truthful.
 *
 * A team in a dead zone presses "Berangkat" at 10:02 and the request reaches the server at
 * 10:20 from the phone's outbox: the step happened at 10:02, and reports (response times) must
 * say so. But a phone's clock can be wrong, and a replayed request must not rewrite history, so
 * the phone's time is bounded (docs/decisions/010-team-phone-in-the-field.md):
 *
 * - never later than the server received it (a phone clock running ahead);
 * - never earlier than the step before it (e.g. en route not before acknowledged; acknowledged
 *   not before the case was assigned to the team);
 * - never more than DEVICE_TIME_MAX_AGE_MS before it was received (a phone whose clock is far
 *   behind, or an outbox kept for days): then the lower bound is used.
 *
 * The server keeps both: the bounded time as the step's time, and the receive time (the event's
 * `at`), with the phone's raw time in the event's data.
 */
export const DEVICE_TIME_MAX_AGE_MS = 12 * 60 * 60 * 1000

export interface BoundedTime {
  /** The time to record for the step. */
  at: Date
  /** Whether the phone's time was moved to fit the bounds. */
  adjusted: boolean
}

export function boundDeviceTime(deviceTime: Date | null | undefined, received: Date, notBefore: Date | null = null): BoundedTime {
  if (!deviceTime) return { at: received, adjusted: false }
  const oldest = Math.max(received.getTime() - DEVICE_TIME_MAX_AGE_MS, notBefore ? Math.min(notBefore.getTime(), received.getTime()) : -Infinity)
  const t = Math.min(Math.max(deviceTime.getTime(), oldest), received.getTime())
  return { at: new Date(t), adjusted: t !== deviceTime.getTime() }
}
