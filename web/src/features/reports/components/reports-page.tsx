import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { INTERVAL_DEFINITIONS, INTERVALS, OUTCOMES, type Interval } from '@shared/intervals.js'
import { permits } from '@shared/permissions.js'
import { REPORT_GROUPINGS, type Report, type ReportGrouping, type ReportRow } from '@shared/reports.js'
import { ErrorNote } from '../../../components/error-note.js'
import { LanguageSwitch } from '../../../components/language-switch.js'
import { useSession } from '../../../components/require-session.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { formatDateTime, zoneName } from '../../../lib/time.js'
import { exportUrl, type ReportParams } from '../api/get-report.js'
import { useReport } from '../hooks/use-report.js'
import { SeriesChart } from './series-chart.js'
import '../reports.css'

/** This month and the eleven before it, in the city's calendar. */
function lastTwelveMonths(timeZone: string): { from: string; to: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(new Date())
  const y = Number(parts.find((p) => p.type === 'year')!.value)
  const m = Number(parts.find((p) => p.type === 'month')!.value)
  const back = new Date(Date.UTC(y, m - 12, 1))
  const key = (yy: number, mm: number) => `${yy}-${String(mm).padStart(2, '0')}`
  return { from: key(back.getUTCFullYear(), back.getUTCMonth() + 1), to: key(y, m) }
}

/** The monthly report: filters, key figures, the month chart, the interval table and the grouped table, with exports and a print view. */
export function ReportsPage() {
  const { t, i18n } = useTranslation('reports')
  const city = useCityConfig()
  const { session, signOut } = useSession()
  const initial = useMemo(() => lastTwelveMonths(city.timezone), [city.timezone])
  const [params, setParams] = useState<ReportParams>({ ...initial, groupBy: 'kecamatan' })
  const { report, error, loading, retry } = useReport(params)
  const set = (p: Partial<ReportParams>) => setParams((old) => ({ ...old, ...p }))

  return (
    <div className="reports" data-testid="reports-page" data-loading={loading ? 'true' : 'false'}>
      <header className="reports-bar no-print">
        <div>
          <div className="brand">{t('common:appName')}</div>
          <h1>{t('heading')}</h1>
        </div>
        <span className="spacer" />
        <a href="/summary" className="btn btn-small btn-ghost">
          {t('publicSummary')}
        </a>
        <LanguageSwitch />
        <button type="button" className="btn btn-small" onClick={signOut} title={session.user.displayName}>
          {t('common:signIn.signOut')}
        </button>
      </header>

      <form className="reports-filters card no-print" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>{t('from')}</span>
          <input type="month" value={params.from} max={params.to} required onChange={(e) => e.target.value && set({ from: e.target.value })} data-testid="report-from" />
        </label>
        <label className="field">
          <span>{t('to')}</span>
          <input type="month" value={params.to} min={params.from} required onChange={(e) => e.target.value && set({ to: e.target.value })} data-testid="report-to" />
        </label>
        <label className="field">
          <span>{t('groupBy')}</span>
          <select value={params.groupBy} onChange={(e) => set({ groupBy: e.target.value as ReportGrouping })} data-testid="report-group-by">
            {REPORT_GROUPINGS.filter((g) => g !== 'destination' || permits(session.user.role, 'handover.read')).map((g) => (
              <option key={g} value={g}>
                {t(`groupings.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="reports-actions">
          <a className="btn" href={exportUrl(params, 'csv')} download data-testid="report-export-csv">
            {t('exportCsv')}
          </a>
          <a className="btn" href={exportUrl(params, 'xlsx')} download data-testid="report-export-xlsx">
            {t('exportXlsx')}
          </a>
          <button type="button" className="btn" onClick={() => window.print()} data-testid="report-print">
            {t('print')}
          </button>
        </div>
      </form>

      <ErrorNote error={error} onRetry={retry} testId="report-error" />
      {report && <ReportBody report={report} lang={i18n.language} />}
    </div>
  )
}

function ReportBody({ report, lang }: { report: Report; lang: string }) {
  const { t } = useTranslation('reports')
  const city = useCityConfig()
  const fmt = useFormatters(lang)
  const dateFmt = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
  const day = (d: string) => dateFmt.format(new Date(`${d}T00:00:00Z`))
  const total = report.total
  const response = total.intervals.response
  return (
    <main className="reports-body">
      <p className="reports-period">
        <strong className="print-only">
          {t('common:appName')} · {t('heading')} ·{' '}
        </strong>
        {t('period', { from: day(report.period.from), to: day(report.period.to), zone: zoneName(lang, report.timezone) })}
        <span className="muted"> · {t('generated', { time: formatDateTime(report.generatedAt, lang, city.timezone) })}</span>
      </p>

      <section className="kpis" data-testid="report-kpis">
        <Kpi label={t('kpi.received')} value={fmt.int(total.received)} testId="kpi-received" />
        <Kpi label={t('kpi.cases')} value={fmt.int(total.cases)} hint={t('kpi.casesHint')} testId="kpi-cases" />
        <Kpi label={t('kpi.handedOver')} value={fmt.int(total.outcomes.handed_over ?? 0)} testId="kpi-handed-over" />
        <Kpi label={t('kpi.persons')} value={fmt.int(total.personsReached)} hint={t('kpi.personsHint', { again: fmt.int(total.personsPickedUpAgain) })} testId="kpi-persons" />
        <Kpi
          label={t('kpi.responseP50')}
          value={fmt.min(response?.p50S ?? null)}
          hint={[
            response?.p90S != null ? t('kpi.responseP90', { value: fmt.min(response.p90S) }) : null,
            response?.withinTarget != null && response.targetS ? t('kpi.withinTarget', { share: fmt.pct(response.withinTarget), target: fmt.min(response.targetS) }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
          testId="kpi-response"
        />
      </section>

      <section className="card">
        <h2>{t('chart.title')}</h2>
        <SeriesChart series={report.series} />
      </section>

      <div className="reports-two">
        <section className="card">
          <h2>{t('intervalsTitle')}</h2>
          <p className="hint">{t('intervalsHint')}</p>
          <div className="table-scroll">
            <table className="report-table" data-testid="report-intervals">
              <thead>
                <tr>
                  <th>{t('col.interval')}</th>
                  <th className="num">{t('col.n')}</th>
                  <th className="num">{t('col.p50')}</th>
                  <th className="num">{t('col.p90')}</th>
                  <th className="num">{t('col.target')}</th>
                  <th className="num">{t('col.within')}</th>
                </tr>
              </thead>
              <tbody>
                {INTERVALS.map((i) => (
                  <IntervalRow key={i} name={i} s={total.intervals[i]} fmt={fmt} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card">
          <h2>{t('outcomesTitle')}</h2>
          <table className="report-table" data-testid="report-outcomes">
            <tbody>
              {OUTCOMES.map((o) => (
                <tr key={o}>
                  <th scope="row">{t(`outcomes.${o}`)}</th>
                  <td className="num">{fmt.int(total.outcomes[o] ?? 0)}</td>
                </tr>
              ))}
              {Object.entries(total.handedOverTo).map(([kind, n]) => (
                <tr key={kind} className="sub">
                  <th scope="row">↳ {t(`common:destinationKind.${kind}`, { defaultValue: kind })}</th>
                  <td className="num">{fmt.int(n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <section className="card">
        <h2>{t('groupsTitle', { grouping: t(`groupings.${report.groupBy}`).toLowerCase() })}</h2>
        {report.groups.length === 0 ? (
          <p className="muted">{t('empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="report-table" data-testid="report-groups">
              <thead>
                <tr>
                  {(report.groupBy === 'kecamatan' || report.groupBy === 'kelurahan') && <th>{t('col.code')}</th>}
                  <th>{t(`groupings.${report.groupBy}`)}</th>
                  <th className="num">{t('col.received')}</th>
                  <th className="num">{t('col.cases')}</th>
                  <th className="num">{t('col.persons')}</th>
                  <th className="num">{t('col.again')}</th>
                  {OUTCOMES.map((o) => (
                    <th key={o} className="num">
                      {t(`outcomes.${o}`)}
                    </th>
                  ))}
                  <th className="num">{t('col.response')}</th>
                </tr>
              </thead>
              <tbody>
                {report.groups.map((g) => (
                  <GroupRow key={g.key ?? 'none'} g={g} by={report.groupBy} fmt={fmt} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  )
}

type Formatters = ReturnType<typeof useFormatters>
function useFormatters(lang: string) {
  const { t } = useTranslation('reports')
  return useMemo(() => {
    const int = new Intl.NumberFormat(lang)
    const one = new Intl.NumberFormat(lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 })
    const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 })
    return {
      int: (n: number) => int.format(n),
      min: (s: number | null) => (s === null ? '–' : t('minutes', { value: one.format(s / 60) })),
      pct: (x: number | null) => (x === null ? '–' : pct.format(x)),
    }
  }, [lang, t])
}

function Kpi({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <div className="kpi card" data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {hint && <div className="hint">{hint}</div>}
    </div>
  )
}

function IntervalRow({ name, s, fmt }: { name: Interval; s: ReportRow['intervals'][Interval] | undefined; fmt: Formatters }) {
  const { t } = useTranslation('reports')
  const d = INTERVAL_DEFINITIONS[name]
  return (
    <tr data-interval={name}>
      <th scope="row">
        {t(`intervals.${name}`)}
        <div className="hint">
          {t(`milestones.${d.from}`)} → {t(`milestones.${d.to}`)}
        </div>
      </th>
      <td className="num">{fmt.int(s?.n ?? 0)}</td>
      <td className="num">{fmt.min(s?.p50S ?? null)}</td>
      <td className="num">{fmt.min(s?.p90S ?? null)}</td>
      <td className="num">{s?.targetS ? fmt.min(s.targetS) : '–'}</td>
      <td className="num">{fmt.pct(s?.withinTarget ?? null)}</td>
    </tr>
  )
}

function GroupRow({ g, by, fmt }: { g: ReportRow; by: ReportGrouping; fmt: Formatters }) {
  const { t, i18n } = useTranslation('reports')
  const label = (() => {
    if (g.key === null) return t('none')
    if (by === 'category') return t(`common:category.${g.key}`, { defaultValue: g.key })
    if (by === 'disposition') return t(`outcomes.${g.key}`, { defaultValue: g.key })
    if (by === 'source') return t(`common:incidentSource.${g.key}`, { defaultValue: g.key })
    if (by === 'month') return new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${g.key}-01T00:00:00Z`))
    return g.label ?? g.key
  })()
  return (
    <tr>
      {(by === 'kecamatan' || by === 'kelurahan') && <td className="mono">{g.code ?? ''}</td>}
      <th scope="row">
        {label}
        {g.kind && <div className="hint">{t(`common:destinationKind.${g.kind}`, { defaultValue: g.kind })}</div>}
      </th>
      <td className="num">{fmt.int(g.received)}</td>
      <td className="num">{fmt.int(g.cases)}</td>
      <td className="num">{fmt.int(g.personsReached)}</td>
      <td className="num">{fmt.int(g.personsPickedUpAgain)}</td>
      {OUTCOMES.map((o) => (
        <td key={o} className="num">
          {fmt.int(g.outcomes[o] ?? 0)}
        </td>
      ))}
      <td className="num">{fmt.min(g.intervals.response?.p50S ?? null)}</td>
    </tr>
  )
}
