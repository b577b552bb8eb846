import { ReportPage } from '../features/report/components/report-page.js'
import { reportLocales } from '../features/report/locales.js'
import { mountPage } from './mount-page.js'

mountPage({ bundles: { report: reportLocales }, title: 'report:title', page: () => <ReportPage /> })
