import type { Disposition, IncidentStatus } from './incidents.js'

/**
 * The intervals the office reports, each defined once, here. Every screen, report and export
 * computes them with `caseIntervals` from a case's own event log, so a number means the same
 * thing everywhere (docs/decisions/011-report-definitions.md).
 */
export const INTERVALS = ['processing', 'turnout', 'travel', 'scene', 'transport', 'response', 'total'] as const
export type Interval = (typeof INTERVALS)[number]

/**
 * Points in a case's life an interval starts or ends at.
 * - `report`: the first report. A case reopened later (back to the queue) keeps it: the person
 *   has been waiting since then.
 * - `scene_end`: the team leaves the scene phase, by starting the transport or by closing the
 *   case from the scene (released, refused, referred).
 */
export type Milestone = 'report' | 'assigned' | 'en_route' | 'on_scene' | 'scene_end' | 'transporting' | 'handed_over'

export const INTERVAL_DEFINITIONS: Record<Interval, { from: Milestone; to: Milestone }> = {
  processing: { from: 'report', to: 'assigned' },
  turnout: { from: 'assigned', to: 'en_route' },
  travel: { from: 'en_route', to: 'on_scene' },
  scene: { from: 'on_scene', to: 'scene_end' },
  transport: { from: 'transporting', to: 'handed_over' },
  response: { from: 'report', to: 'on_scene' },
  total: { from: 'report', to: 'handed_over' },
}

/** An instant: ISO 8601, or milliseconds since the epoch (as a database hands it over in bulk). */
export type Instant = string | number
const millis = (t: Instant) => (typeof t === 'number' ? t : Date.parse(t))

/** One status change of a case, as its event log records it. `from` is null for the report. */
export interface CaseStep {
  at: Instant
  from: IncidentStatus | null
  to: IncidentStatus
}

/** The event fields a step is read from (the log row's type, time and `data.from`/`data.to`). */
export interface StepEvent {
  type: string
  at: Instant
  from?: string | null
  to?: string | null
}

/**
 * The status change an event records, or null for events that change no status (photos,
 * priority, deliveries). Assignment and unassignment are their own event types; a merge makes
 * the case a duplicate.
 */
export function stepOf(e: StepEvent, previous: IncidentStatus | null): CaseStep | null {
  switch (e.type) {
    case 'incident.reported':
      // A case found on patrol begins on scene (its event says so: decision 015).
      return { at: e.at, from: null, to: e.to === 'on_scene' ? 'on_scene' : 'reported' }
    case 'incident.assigned':
      return { at: e.at, from: previous, to: 'assigned' }
    case 'incident.unassigned':
      return { at: e.at, from: previous, to: 'reported' }
    case 'incident.merged':
      return { at: e.at, from: previous, to: 'duplicate' }
    case 'incident.transitioned':
      return e.to ? { at: e.at, from: (e.from as IncidentStatus | null | undefined) ?? previous, to: e.to as IncidentStatus } : null
    default:
      return null
  }
}

/** A case's steps from its events in log order. */
export function stepsOf(events: readonly StepEvent[]): CaseStep[] {
  const steps: CaseStep[] = []
  for (const e of events) {
    const s = stepOf(e, steps.at(-1)?.to ?? null)
    if (s) steps.push(s)
  }
  return steps
}

/** The milestones one step reaches. */
function milestonesOf(s: CaseStep): Milestone[] {
  // The first report; a case found on patrol is reported where the team already is.
  if (s.from === null) return s.to === 'on_scene' ? ['report', 'on_scene'] : ['report']
  switch (s.to) {
    case 'reported':
      return []
    case 'assigned':
      return ['assigned']
    case 'en_route':
      return ['en_route']
    case 'on_scene':
      return ['on_scene']
    case 'transporting':
      return ['transporting', 'scene_end']
    case 'handed_over':
      return ['handed_over']
    case 'closed':
      return s.from === 'on_scene' ? ['scene_end'] : []
    default:
      return []
  }
}

/**
 * Seconds of each interval for one case; null where an end is missing.
 *
 * Each interval ends at the FIRST time the case reached its end, and starts at the LATEST time
 * the case reached its start before that. So when a team timed out or was taken off and another
 * went instead, turnout is the time of the team that moved (the time lost on the team that did
 * not move counts in response, not in turnout), and when a team did not find the person and the case was
 * reopened, travel is the trip that reached the person. `report` happens once, so response and
 * total run from the first report even for a reopened case.
 */
export function caseIntervals(steps: readonly CaseStep[]): Record<Interval, number | null> {
  const patrol = foundOnPatrol(steps)
  const seen: { m: Milestone; t: number }[] = []
  for (const s of steps) for (const m of milestonesOf(s)) seen.push({ m, t: millis(s.at) })
  const out = {} as Record<Interval, number | null>
  for (const name of INTERVALS) {
    const { from, to } = INTERVAL_DEFINITIONS[name]
    const endIndex = seen.findIndex((x) => x.m === to)
    let start: number | null = null
    if (endIndex >= 0) for (let i = endIndex - 1; i >= 0 && start === null; i--) if (seen[i]!.m === from) start = seen[i]!.t
    out[name] = endIndex >= 0 && start !== null ? Math.max(0, Math.round((seen[endIndex]!.t - start) / 1000)) : null
    if (patrol && NOT_FOR_PATROL.includes(name)) out[name] = null
  }
  return out
}

/**
 * Intervals a case found on patrol does not have: nobody waited for a team, so processing,
 * turnout, travel and response would be zeros that flatter the office's figures. Scene,
 * transport and total (report → handed over: the person's time from being found) still count.
 * docs/decisions/015-cases-found-on-patrol.md.
 */
export const NOT_FOR_PATROL: readonly Interval[] = ['processing', 'turnout', 'travel', 'response']

/** Whether the case was found by a team on patrol: its first step puts it on scene. */
export function foundOnPatrol(steps: readonly CaseStep[]): boolean {
  return steps[0]?.from === null && steps[0].to === 'on_scene'
}

/**
 * What became of a case, for counting. Mapped from the disposition the dispatcher recorded; a
 * case handed over but not yet closed is handed over, one a team could not find is `not_found`
 * until it is reopened, and anything else still running is `open`.
 */
export const OUTCOMES = ['handed_over', 'released_on_scene', 'refused_help', 'referred_other_agency', 'not_found', 'cancelled_by_reporter', 'false_report', 'duplicate', 'open'] as const
export type Outcome = (typeof OUTCOMES)[number]

export function outcomeOf(status: IncidentStatus, disposition: Disposition | null): Outcome {
  if (status === 'duplicate') return 'duplicate'
  if (disposition) return disposition
  if (status === 'handed_over') return 'handed_over'
  if (status === 'not_found') return 'not_found'
  return 'open'
}

/** False reports and merged duplicates are not cases: they are counted, but have no intervals. */
export function isCase(outcome: Outcome): boolean {
  return outcome !== 'false_report' && outcome !== 'duplicate'
}

/**
 * The p-th percentile (0–1) of the values, interpolated between the two nearest ranks like
 * Postgres' percentile_cont and Excel's PERCENTILE.INC, so an office checking a figure in a
 * spreadsheet gets the same number. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileOfSorted(
    [...values].sort((a, b) => a - b),
    p,
  )
}

function percentileOfSorted(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  const rank = p * (sorted.length - 1)
  const lo = Math.floor(rank)
  const hi = Math.ceil(rank)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo)
}

export interface IntervalSummary {
  /** Cases with both ends of the interval. */
  n: number
  p50S: number | null
  p90S: number | null
  /** The city's target for the interval, when it sets one. */
  targetS: number | null
  /** Share (0–1) of the counted cases at or under the target; null without a target or cases. */
  withinTarget: number | null
}

export function summarize(values: readonly number[], targetS: number | null | undefined): IntervalSummary {
  const round = (v: number | null) => (v === null ? null : Math.round(v))
  const target = targetS ?? null
  const sorted = [...values].sort((a, b) => a - b)
  return {
    n: values.length,
    p50S: round(percentileOfSorted(sorted, 0.5)),
    p90S: round(percentileOfSorted(sorted, 0.9)),
    targetS: target,
    withinTarget: target === null || values.length === 0 ? null : values.filter((v) => v <= target).length / values.length,
  }
}
