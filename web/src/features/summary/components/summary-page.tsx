import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { PUBLIC_OUTCOMES, type PublicCell, type PublicSummaryRow } from '@shared/reports.js'
import { ErrorNote } from '../../../components/error-note.js'
import { LanguageSwitch } from '../../../components/language-switch.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { formatDateTime } from '../../../lib/time.js'
import { PUBLIC_SUMMARY_CSV } from '../api/get-public-summary.js'
import { usePublicSummary } from '../hooks/use-public-summary.js'
import '../summary.css'

/** The public summary: this month's cases by kecamatan and outcome, no account, no person identifiable. */
export function SummaryPage() {
  const { t, i18n } = useTranslation('summary')
  const city = useCityConfig()
  const { summary, error, retry } = usePublicSummary()
  const lang = i18n.language
  const fmt = useMemo(() => {
    const int = new Intl.NumberFormat(lang)
    const one = new Intl.NumberFormat(lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 })
    return {
      cell: (c: PublicCell) => (typeof c === 'number' ? int.format(c) : c),
      min: (s: number | null) => (s === null ? '–' : t('minutes', { value: one.format(s / 60) })),
    }
  }, [lang, t])
  const month = summary ? new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${summary.month}-01T00:00:00Z`)) : ''

  const row = (r: PublicSummaryRow, name: string, total = false) => (
    <tr key={r.kecamatanCode ?? name} className={total ? 'total' : undefined} data-kecamatan={r.kecamatan ?? ''}>
      <td className="mono">{r.kecamatanCode ?? ''}</td>
      <th scope="row">{name}</th>
      <td className="num" data-col="cases">
        {fmt.cell(r.cases)}
      </td>
      {PUBLIC_OUTCOMES.map((o) => (
        <td key={o} className="num">
          {fmt.cell(r.outcomes[o] ?? 0)}
        </td>
      ))}
      <td className="num">{fmt.min(r.medianResponseS)}</td>
    </tr>
  )

  return (
    <div className="summary" data-testid="summary-page">
      <header className="summary-bar">
        <div>
          <div className="brand">{t('common:appName')}</div>
          <h1>{t('heading')}</h1>
        </div>
        <span className="spacer" />
        <LanguageSwitch />
      </header>
      <ErrorNote error={error} onRetry={retry} />
      {summary && (
        <main>
          <p>{t('intro', { city: city.city, month })}</p>
          <p className="summary-headline" data-testid="summary-city-response">
            {t('cityResponse', { value: fmt.min(summary.total.medianResponseS) })}
          </p>
          <div className="card">
            <div className="table-scroll">
              <table className="summary-table" data-testid="summary-table">
                <thead>
                  <tr>
                    <th>{t('code')}</th>
                    <th>{t('kecamatan')}</th>
                    <th className="num">{t('cases')}</th>
                    {PUBLIC_OUTCOMES.map((o) => (
                      <th key={o} className="num">
                        {t(`outcomes.${o}`)}
                      </th>
                    ))}
                    <th className="num">{t('medianResponse')}</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.rows.map((r) => row(r, r.kecamatan ?? t('outside')))}
                  {row(summary.total, t('total'), true)}
                </tbody>
              </table>
            </div>
          </div>
          <p className="hint" data-testid="summary-suppression">
            {t('suppressed', { min: summary.minCell })}
          </p>
          <p className="hint">{t('definitions')}</p>
          <p className="row-wrap">
            <a className="btn btn-primary" href={PUBLIC_SUMMARY_CSV} download data-testid="summary-csv">
              {t('download')}
            </a>
            <a className="btn btn-ghost" href="/reports">
              {t('staff')}
            </a>
          </p>
          <p className="hint">{t('updated', { time: formatDateTime(summary.generatedAt, lang, city.timezone) })}</p>
        </main>
      )}
    </div>
  )
}
