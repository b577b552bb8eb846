import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Place } from '@shared/places.js'
import { searchPlaces } from '../lib/search-places.js'

/**
 * Find the place by name — a kelurahan, a kecamatan, a hospital, a market, a school — when
 * GPS is refused or wrong. The list comes from the city's data and is searched on the phone.
 */
export function PlaceSearch({ loadPlaces, onPick }: { loadPlaces: () => Promise<Place[]>; onPick: (place: Place) => void }) {
  const { t } = useTranslation('report')
  const id = useId()
  const [query, setQuery] = useState('')
  const [places, setPlaces] = useState<Place[] | null>(null)
  const [failed, setFailed] = useState(false)
  const [wanted, setWanted] = useState(false)

  useEffect(() => {
    if (!wanted || places) return
    let live = true
    loadPlaces().then(
      (p) => live && setPlaces(p),
      () => live && setFailed(true),
    )
    return () => {
      live = false
    }
  }, [wanted, places, loadPlaces])

  const results = places ? searchPlaces(places, query) : []
  const pick = (p: Place) => {
    setQuery('')
    onPick(p)
  }
  return (
    <div className="place-search">
      <label className="field">
        <span>{t('place.label')}</span>
        <input
          type="search"
          value={query}
          autoComplete="off"
          enterKeyHint="search"
          placeholder={t('place.placeholder')}
          aria-controls={`${id}-list`}
          onFocus={() => setWanted(true)}
          onChange={(e) => {
            setWanted(true)
            setQuery(e.target.value)
          }}
          data-testid="report-place-search"
        />
      </label>
      {failed && !places && <p className="hint">{t('place.unavailable')}</p>}
      <ul id={`${id}-list`} className="place-results" aria-live="polite" data-testid="report-place-results">
        {results.map((p) => (
          <li key={`${p.kind}:${p.name}:${p.lon}:${p.lat}`}>
            <button type="button" onClick={() => pick(p)} data-testid="report-place-result">
              <strong>{p.name}</strong>
              <small>
                {t(`place.kind.${p.kind}`)}
                {p.kind !== 'kecamatan' && p.kecamatan ? ` · ${p.kind === 'kelurahan' || !p.kelurahan ? '' : `${p.kelurahan}, `}${t('place.kec', { name: p.kecamatan })}` : ''}
              </small>
            </button>
          </li>
        ))}
      </ul>
      {places && query.trim() && results.length === 0 && (
        <p className="hint" data-testid="report-place-none">
          {t('place.none')}
        </p>
      )}
    </div>
  )
}
