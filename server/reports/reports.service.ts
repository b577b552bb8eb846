import { caseIntervals, INTERVALS, isCase, OUTCOMES, outcomeOf, stepsOf, summarize, type Interval, type Outcome } from '@shared/intervals.js'
import {
  monthOf,
  monthsBetween,
  monthSpan,
  periodBounds,
  PUBLIC_OUTCOMES,
  REPORT_MAX_MONTHS,
  type PublicOutcome,
  type PublicSummary,
  type Report,
  type ReportGrouping,
  type ReportQuery,
  type ReportRow,
} from '@shared/reports.js'
import { shiftAt } from '@shared/roster.js'
import type { Deps } from '../context.js'
import { permits } from '@shared/permissions.js'
import { AppError } from '../errors.js'
import type { Identity } from '../http/identity.js'
import { reportsRepository, type ReportCase } from './reports.repository.js'
import { suppressSmallCells } from './suppression.js'

/** How long one computed public summary is served (it is public, so it must be cheap to ask for). */
export const PUBLIC_SUMMARY_CACHE_MS = 60_000

/** One case with what the report derives from it. */
interface CaseFacts {
  c: ReportCase
  outcome: Outcome
  month: string
  /** Seconds per interval; all null for false reports and duplicates (they are not cases). */
  intervals: Record<Interval, number | null>
  /** The team of the case's last assignment: the one that went, or last held it. */
  team: { id: string; callSign: string | null } | null
}

type GroupInfo = Pick<ReportRow, 'key' | 'label' | 'code' | 'kind'>

function groupOf(f: CaseFacts, by: ReportGrouping): GroupInfo {
  const none = { key: null, label: null, code: null, kind: null }
  switch (by) {
    case 'month':
      return { ...none, key: f.month, label: f.month }
    case 'kecamatan':
      return { ...none, key: f.c.kecamatanCode ?? f.c.kecamatan, label: f.c.kecamatan, code: f.c.kecamatanCode }
    case 'kelurahan':
      return { ...none, key: f.c.kelurahanCode ?? f.c.kelurahan, label: f.c.kelurahan, code: f.c.kelurahanCode }
    case 'category':
      return { ...none, key: f.c.category, label: f.c.category }
    case 'disposition':
      return { ...none, key: f.outcome, label: f.outcome }
    case 'destination':
      return f.c.destination ? { ...none, key: f.c.destination.id, label: f.c.destination.name, kind: f.c.destination.kind } : none
    case 'team':
      return f.team ? { ...none, key: f.team.id, label: f.team.callSign } : none
    case 'source':
      return { ...none, key: f.c.source, label: f.c.source }
    case 'shift':
      // Filled in by the report (it needs the city's shifts); see ReportsService.report.
      return none
  }
}

/**
 * The monthly report and the public summary, computed in one place from the cases' event logs
 * with the shared definitions (shared/intervals.ts). Nothing here carries personal data, so
 * viewers may read and export it.
 */
export class ReportsService {
  /** The last public summary: anyone may ask for it, so one computation serves a minute of requests. */
  private publicCache: { until: number; summary: PublicSummary } | null = null

  constructor(private readonly d: Deps) {}

  get timezone(): string {
    return this.d.config.TIMEZONE ?? this.d.city.config.timezone
  }

  private get targets(): Partial<Record<Interval, number>> {
    return this.d.settings.current().intervalTargetsS
  }

  /**
   * The report for a period in the city's calendar (default: this month), split by `groupBy`.
   * Where people were taken is not shown to roles that may not read handovers (viewers see no
   * case's destination), so they may not split by destination either: a short period with one
   * handover would name its destination.
   */
  async report(q: ReportQuery, who: Pick<Identity, 'role'>): Promise<Report> {
    if (q.groupBy === 'destination' && !permits(who.role, 'handover.read')) {
      throw new AppError('forbidden', `A ${who.role} may not split the report by destination (it would show where a person was taken); group by another field`, [
        { path: 'query.groupBy', message: 'destination needs handover.read' },
      ])
    }
    const thisMonth = monthOf(this.d.clock.now().getTime(), this.timezone)
    const from = q.from ?? q.to?.slice(0, 7) ?? thisMonth
    const to = q.to ?? q.from ?? thisMonth
    if (monthSpan(from, to) > REPORT_MAX_MONTHS) {
      throw new AppError('validation_failed', `A report covers at most ${REPORT_MAX_MONTHS} months`, [{ path: 'query.to', message: `at most ${REPORT_MAX_MONTHS} months after from` }])
    }
    const bounds = periodBounds(from, to, this.timezone)
    const months = monthsBetween(from.slice(0, 7), to.slice(0, 7))
    const facts = await this.facts(new Date(bounds.start), new Date(bounds.end), months)
    const groups = new Map<string, { info: GroupInfo; facts: CaseFacts[] }>()
    // The shift a case was reported in, with the shifts as they are set now.
    const shifts = this.d.settings.current().shifts
    const shiftGroup = (f: CaseFacts): GroupInfo => {
      const id = shiftAt(Date.parse(f.c.reportedAt), shifts, this.timezone).shiftId
      return { key: id, label: shifts.find((s) => s.id === id)?.name ?? id, code: null, kind: null }
    }
    for (const f of facts) {
      const info = q.groupBy === 'shift' ? shiftGroup(f) : groupOf(f, q.groupBy)
      const k = info.key ?? ''
      const g = groups.get(k) ?? { info, facts: [] }
      g.facts.push(f)
      groups.set(k, g)
    }
    const none = { code: null, kind: null }
    return {
      groupBy: q.groupBy,
      timezone: this.timezone,
      period: { from: bounds.fromDay, to: bounds.toDay, start: new Date(bounds.start).toISOString(), end: new Date(bounds.end).toISOString() },
      generatedAt: this.d.clock.now().toISOString(),
      total: this.row({ key: null, label: null, ...none }, facts),
      groups: [...groups.values()]
        .map((g) => this.row(g.info, g.facts))
        .sort(
          byGroup(
            q.groupBy,
            shifts.map((s) => s.id),
          ),
        ),
      series: months.map((m) =>
        this.row(
          { key: m, label: m, ...none },
          facts.filter((f) => f.month === m),
        ),
      ),
    }
  }

  /**
   * The public summary: this month's cases by kecamatan and outcome, the median response time,
   * and no count under PUBLIC_MIN_CELL (shown as "<N", with enough other cells hidden that the
   * small ones cannot be worked out from the totals).
   */
  async publicSummary(): Promise<PublicSummary> {
    const now = this.d.clock.now().getTime()
    const month = monthOf(now, this.timezone)
    const cached = this.publicCache
    if (cached && now < cached.until && cached.summary.month === month) return cached.summary
    const summary = await this.computePublicSummary(now, month)
    this.publicCache = { until: now + PUBLIC_SUMMARY_CACHE_MS, summary }
    return summary
  }

  private async computePublicSummary(now: number, month: string): Promise<PublicSummary> {
    const bounds = periodBounds(month, month, this.timezone)
    const facts = (await this.facts(new Date(bounds.start), new Date(bounds.end), [month])).filter((f) => isCase(f.outcome))
    const min = this.d.settings.current().publicMinCell
    const cfg = this.d.city.config.kecamatan
    // Every kecamatan of the city, with or without cases (an absent row would say "none" too).
    const areas = new Map<string, { code: string | null; name: string | null; facts: CaseFacts[] }>()
    for (const feature of this.d.city.kecamatan.features) {
      const code = String(feature.properties[cfg.code] ?? '') || null
      const name = String(feature.properties[cfg.name] ?? '') || null
      areas.set(code ?? name ?? '', { code, name, facts: [] })
    }
    for (const f of facts) {
      const k = f.c.kecamatanCode ?? f.c.kecamatan ?? ''
      const a = areas.get(k) ?? { code: f.c.kecamatanCode, name: f.c.kecamatan, facts: [] }
      a.facts.push(f)
      areas.set(k, a)
    }
    const rows = [...areas.values()].filter((a) => a.code !== null || a.facts.length > 0).sort((a, b) => (a.name ?? '~').localeCompare(b.name ?? '~'))
    const publicOutcome = (o: Outcome): PublicOutcome => ((PUBLIC_OUTCOMES as readonly string[]).includes(o) ? (o as PublicOutcome) : 'other')
    const countRow = (fs: CaseFacts[]) => PUBLIC_OUTCOMES.map((o) => fs.filter((f) => publicOutcome(f.outcome) === o).length)
    const grid = suppressSmallCells(
      rows.map((a) => countRow(a.facts)),
      min,
    )
    const median = (fs: CaseFacts[]) => {
      const values = fs.map((f) => f.intervals.response).filter((v): v is number => v !== null)
      return values.length >= min ? summarize(values, null).p50S : null
    }
    const toRow = (a: { code: string | null; name: string | null; facts: CaseFacts[] }, cells: { cells: (number | string)[]; total: number | string }) => ({
      kecamatanCode: a.code,
      kecamatan: a.name,
      cases: cells.total,
      outcomes: Object.fromEntries(PUBLIC_OUTCOMES.map((o, i) => [o, cells.cells[i]!])) as Record<PublicOutcome, number | string>,
      medianResponseS: median(a.facts),
    })
    return {
      month,
      timezone: this.timezone,
      minCell: min,
      generatedAt: new Date(now).toISOString(),
      rows: rows.map((a, i) => toRow(a, grid.rows[i]!)),
      total: toRow({ code: null, name: null, facts }, grid.total),
    }
  }

  /**
   * The figures of the retired `GET /api/stats` (per kecamatan, for instants), now with the
   * shared definitions: `reported` counts cases (no false reports or duplicates) and
   * `medianTotalS` runs to the handover, not to the dispatcher's close.
   */
  async kecamatanStats(start: Date, end: Date) {
    const facts = (await this.facts(start, end)).filter((f) => isCase(f.outcome))
    const byKecamatan = new Map<string | null, CaseFacts[]>()
    for (const f of facts) {
      const list = byKecamatan.get(f.c.kecamatan) ?? []
      list.push(f)
      byKecamatan.set(f.c.kecamatan, list)
    }
    const median = (fs: CaseFacts[], i: Interval) =>
      summarize(
        fs.map((f) => f.intervals[i]).filter((v): v is number => v !== null),
        null,
      ).p50S
    return [...byKecamatan.entries()]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
      .map(([kecamatan, fs]) => ({
        kecamatan,
        reported: fs.length,
        handedOver: fs.filter((f) => f.outcome === 'handed_over').length,
        notFound: fs.filter((f) => f.outcome === 'not_found').length,
        cancelled: fs.filter((f) => f.outcome === 'cancelled_by_reporter').length,
        byCategory: fs.reduce<Record<string, number>>((acc, f) => {
          acc[f.c.category] = (acc[f.c.category] ?? 0) + 1
          return acc
        }, {}),
        medianProcessingS: median(fs, 'processing'),
        medianTurnoutS: median(fs, 'turnout'),
        medianTravelS: median(fs, 'travel'),
        medianResponseS: median(fs, 'response'),
        medianTotalS: median(fs, 'total'),
      }))
  }

  /**
   * Cases reported in [start, end) with their outcome and intervals. `months` lists the city's
   * months the period touches; a case's month is found among their start instants (one time
   * zone computation per month, not per case).
   */
  async facts(start: Date, end: Date, months?: string[]): Promise<CaseFacts[]> {
    const cases = await reportsRepository.casesReportedBetween(this.d.db.sql, start, end)
    const starts = (months ?? monthsBetween(monthOf(start.getTime(), this.timezone), monthOf(end.getTime() - 1, this.timezone))).map((m) => ({ m, t: periodBounds(m, m, this.timezone).start }))
    const monthAt = (t: number) => {
      let lo = 0
      for (let hi = starts.length - 1; lo < hi;) {
        const mid = (lo + hi + 1) >> 1
        if (starts[mid]!.t <= t) lo = mid
        else hi = mid - 1
      }
      return starts[lo]!.m
    }
    return cases.map((c) => {
      const outcome = outcomeOf(c.status, c.disposition)
      const lastAssignment = c.events.filter((e) => e.type === 'incident.assigned' && e.teamId).at(-1)
      const intervals = isCase(outcome) ? caseIntervals(stepsOf(c.events)) : (Object.fromEntries(INTERVALS.map((i) => [i, null])) as Record<Interval, null>)
      return {
        c,
        outcome,
        month: monthAt(Date.parse(c.reportedAt)),
        intervals,
        team: lastAssignment ? { id: lastAssignment.teamId!, callSign: lastAssignment.teamCallSign } : null,
      }
    })
  }

  private row(info: GroupInfo, facts: CaseFacts[]): ReportRow {
    const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>
    const handedOverTo: Record<string, number> = {}
    for (const f of facts) {
      outcomes[f.outcome]++
      if (f.outcome === 'handed_over') {
        const kind = f.c.destination?.kind ?? 'unknown'
        handedOverTo[kind] = (handedOverTo[kind] ?? 0) + 1
      }
    }
    const cases = facts.filter((f) => isCase(f.outcome))
    // People reached: the person records the handovers name; picked up again: named by two or more cases here.
    const pickups = new Map<string, number>()
    for (const f of facts) if (f.c.personId) pickups.set(f.c.personId, (pickups.get(f.c.personId) ?? 0) + 1)
    return {
      ...info,
      personsReached: pickups.size,
      personsPickedUpAgain: [...pickups.values()].filter((n) => n > 1).length,
      received: facts.length,
      cases: cases.length,
      outcomes,
      handedOverTo,
      intervals: Object.fromEntries(
        INTERVALS.map((i) => [
          i,
          summarize(
            cases.map((f) => f.intervals[i]).filter((v): v is number => v !== null),
            this.targets[i],
          ),
        ]),
      ) as ReportRow['intervals'],
    }
  }
}

/** Months and areas in order, "none" last; other groups by size. */
function byGroup(by: ReportGrouping, shiftOrder: string[]) {
  return (a: ReportRow, b: ReportRow) => {
    if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? 1 : -1
    if (by === 'month') return a.key.localeCompare(b.key)
    if (by === 'shift') return shiftOrder.indexOf(a.key) - shiftOrder.indexOf(b.key)
    if (by === 'kecamatan' || by === 'kelurahan') return (a.label ?? '').localeCompare(b.label ?? '')
    return b.received - a.received || (a.label ?? '').localeCompare(b.label ?? '')
  }
}
