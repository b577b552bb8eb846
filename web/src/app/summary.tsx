import { SummaryPage } from '../features/summary/components/summary-page.js'
import { summaryLocales } from '../features/summary/locales.js'
import { mountPage } from './mount-page.js'

mountPage({ bundles: { summary: summaryLocales }, title: 'summary:title', page: () => <SummaryPage /> })
