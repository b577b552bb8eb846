import i18next from 'i18next'
import { ReportPage } from '../features/report/components/report-page.js'
import { reportLocalesId } from '../features/report/locales.js'
import { mountPage } from './mount-page.js'

// English is read by few citizens, so its strings come only when chosen (the page's first
// load stays under its budget: test/e2e/report-weight.test.ts); until they arrive the page
// shows the Indonesian ones.
mountPage({ bundles: { report: { id: reportLocalesId, en: {} } }, title: 'report:title', page: () => <ReportPage /> })

let english: Promise<unknown> | null = null
const loadEnglish = (lng: string) => {
  if (lng !== 'en' || english) return
  english = import('../features/report/locales-en.js').then(
    ({ en }) => {
      i18next.addResourceBundle('en', 'report', en, true, true)
      void i18next.changeLanguage(i18next.language) // re-renders the page and its title
    },
    () => (english = null),
  )
}
loadEnglish(i18next.language)
i18next.on('languageChanged', loadEnglish)
