import { Component, StrictMode, useEffect, useState, type ErrorInfo, type ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { useTranslation } from 'react-i18next'
import { ErrorNote } from '../components/error-note.js'
import { CityConfigContext, getCityConfig, type CityConfig } from '../lib/city-config.js'
import { initI18n, loadCommonStrings, type Bundle } from '../lib/i18n.js'
import '../styles/base.css'

/**
 * The shell every role's page shares: strings, the city's settings, and an error boundary.
 * Each HTML entry calls this with its own feature, so entries share this code as a chunk but
 * never each other's features.
 */
export function mountPage(opts: { bundles: Record<string, Bundle>; title: string; page: () => ReactNode }) {
  const i18n = initI18n(opts.bundles)
  const setTitle = () => (document.title = i18n.t(opts.title))
  setTitle()
  i18n.on('languageChanged', setTitle)
  const root = document.getElementById('root')!
  const render = () =>
    createRoot(root).render(
      <StrictMode>
        <PageErrorBoundary>
          <WithCityConfig>{opts.page()}</WithCityConfig>
        </PageErrorBoundary>
      </StrictMode>,
    )
  // A page opened in English waits for the English common strings (offline: Indonesian ones).
  loadCommonStrings(i18n.language).then(render, render)
}

function WithCityConfig({ children }: { children: ReactNode }) {
  const [config, setConfig] = useState<CityConfig | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)
  const { t, i18n } = useTranslation()
  useEffect(() => {
    let live = true
    getCityConfig().then(
      (c) => {
        if (!live) return
        // The service's public name comes from the city's config, not from the code.
        for (const lng of Object.keys(i18n.services.resourceStore.data)) i18n.addResource(lng, 'common', 'appName', c.serviceName)
        void i18n.changeLanguage(i18n.language) // re-renders, and re-sets the page title
        setConfig(c)
      },
      (e) => live && setError(e),
    )
    return () => {
      live = false
    }
  }, [attempt, i18n])
  if (config) return <CityConfigContext.Provider value={config}>{children}</CityConfigContext.Provider>
  if (error) {
    // ErrorNote needs the city's name; the config is what failed, so name no city.
    const placeholder: CityConfig = {
      serviceName: '',
      city: '',
      timezone: 'UTC',
      center: { lon: 0, lat: 0 },
      zoom: 2,
      tileUrl: '',
      tileAttribution: '',
      dataAttribution: [],
      categories: [],
      assignmentMode: 'auto',
      ackTimeoutS: 0,
      stalePositionMin: 0,
      waitAlertMin: 0,
    }
    return (
      <CityConfigContext.Provider value={placeholder}>
        <main className="boot">
          <ErrorNote
            error={error}
            onRetry={() => {
              setError(null)
              setAttempt((a) => a + 1)
            }}
          />
        </main>
      </CityConfigContext.Provider>
    )
  }
  return (
    <main className="boot" aria-busy="true">
      <p>{t('loading')}</p>
    </main>
  )
}

class PageErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null }
  static getDerivedStateFromError(error: Error) {
    return { error }
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('page crashed', error, info.componentStack)
  }
  override render() {
    if (this.state.error) {
      return (
        <main className="boot">
          <div className="note note-error" role="alert">
            <p>Terjadi kesalahan pada halaman ini. / Something went wrong on this page.</p>
            <p>
              <code>{this.state.error.message}</code>
            </p>
            <button type="button" className="btn" onClick={() => location.reload()}>
              Muat ulang / Reload
            </button>
          </div>
        </main>
      )
    }
    return this.props.children
  }
}
