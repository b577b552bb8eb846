import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { ReportRow } from '@shared/reports.js'
import 'uplot/dist/uPlot.min.css'

/**
 * Cases per month (bars) and the median response time (line, right axis). uPlot is small
 * (~20 kB gzipped) and draws on a canvas; it is loaded with the chart, not with the page shell.
 */
export function SeriesChart({ series }: { series: ReportRow[] }) {
  const { t, i18n } = useTranslation('reports')
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = box.current
    if (!el || series.length === 0) return
    let plot: { destroy(): void; setSize(s: { width: number; height: number }): void } | null = null
    let live = true
    const monthLabel = new Intl.DateTimeFormat(i18n.language, { month: 'short', year: '2-digit', timeZone: 'UTC' })
    void import('uplot').then(({ default: UPlot }) => {
      if (!live) return
      const xs = series.map((_, i) => i)
      const cases = series.map((r) => r.cases)
      const response = series.map((r) => (r.intervals.response?.p50S == null ? null : Math.round(r.intervals.response.p50S / 6) / 10))
      const width = Math.max(240, el.clientWidth)
      plot = new UPlot(
        {
          width,
          height: 220,
          legend: { show: true },
          cursor: { drag: { x: false, y: false } },
          scales: {
            x: { time: false, range: [-0.5, series.length - 0.5] },
            n: { range: (_u, _min, max) => [0, Math.max(4, max * 1.15)] },
            m: { range: (_u, _min, max) => [0, Math.max(10, (max ?? 0) * 1.15)] },
          },
          axes: [
            {
              values: (_u, ticks) => ticks.map((i) => (Number.isInteger(i) && series[i] ? monthLabel.format(new Date(`${series[i]!.key}-01T00:00:00Z`)) : '')),
              splits: () => xs,
              grid: { show: false },
            },
            // Counts are whole numbers: no 2.5 ticks.
            { scale: 'n', label: t('chart.cases'), size: 44, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] },
            { scale: 'm', side: 1, label: t('chart.responseP50'), size: 50, grid: { show: false } },
          ],
          series: [
            { label: t('chart.month'), value: (_u, i) => (i == null || !series[i] ? '–' : monthLabel.format(new Date(`${series[i]!.key}-01T00:00:00Z`))) },
            { label: t('chart.cases'), scale: 'n', fill: 'rgba(11, 92, 171, 0.55)', stroke: '#0b5cab', paths: UPlot.paths.bars!({ size: [0.6, 48] }), points: { show: false } },
            { label: t('chart.responseP50'), scale: 'm', stroke: '#b26a00', width: 2, points: { show: true, size: 6 }, spanGaps: true },
          ],
        },
        [xs, cases, response],
        el,
      )
    })
    const resize = () => plot?.setSize({ width: Math.max(240, el.clientWidth), height: 220 })
    window.addEventListener('resize', resize)
    window.addEventListener('beforeprint', resize)
    return () => {
      live = false
      window.removeEventListener('resize', resize)
      window.removeEventListener('beforeprint', resize)
      plot?.destroy()
      el.innerHTML = ''
    }
  }, [series, i18n.language, t])
  if (series.every((r) => r.received === 0)) return <p className="muted">{t('chart.empty')}</p>
  return <div ref={box} className="series-chart" data-testid="report-chart" />
}
