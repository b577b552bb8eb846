import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { RESIDENTIAL_KINDS } from '@shared/destinations.js'
import { INTERVALS } from '@shared/intervals.js'
import type { ShiftDefinition } from '@shared/roster.js'
import type { RuntimeSettings, SettingsView } from '@shared/settings.js'
import { ErrorNote } from '../../../components/error-note.js'
import { getSettings, saveSettings } from '../api/settings.js'

const SCALARS = ['ackTimeoutS', 'waitAlertMin', 'stalePositionMin', 'publicMinCell', 'stayAlertDaysBefore'] as const

/** The city's settings that may change while the system runs (decision 013); each save is one event. */
export function SettingsTab() {
  const { t } = useTranslation('admin')
  const [view, setView] = useState<SettingsView | null>(null)
  const [draft, setDraft] = useState<RuntimeSettings | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useState(false)
  useEffect(() => {
    getSettings().then((v) => {
      setView(v)
      setDraft(v.values)
    }, setError)
  }, [])
  if (!draft || !view) return <ErrorNote error={error} />
  const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v))
  const set = <K extends keyof RuntimeSettings>(k: K, v: RuntimeSettings[K]) => {
    setSaved(false)
    setDraft({ ...draft, [k]: v })
  }
  const setShift = (i: number, patch: Partial<ShiftDefinition>) =>
    set(
      'shifts',
      draft.shifts.map((s, j) => (i === j ? { ...s, ...patch } : s)),
    )
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      // Only what differs from the stored values is sent (each setting whole).
      const patch = Object.fromEntries(Object.entries(draft).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(view.values[k as keyof RuntimeSettings])))
      const next = await saveSettings(patch)
      setView(next)
      setDraft(next.values)
      setSaved(true)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const dflt = (k: keyof RuntimeSettings) =>
    view.changed.includes(k) ? (
      <small className="muted">
        {' '}
        ({t('settings.default')}: {JSON.stringify(view.defaults[k])})
      </small>
    ) : null
  return (
    <section data-testid="settings">
      <h2>{t('settings.heading')}</h2>
      <p className="muted">{t('settings.intro')}</p>
      <form onSubmit={submit} className="admin-form admin-form-2col">
        <div>
          {SCALARS.map((k) => (
            <label key={k} className="field">
              <span>
                {t(`settings.fields.${k}`)}
                {dflt(k)}
              </span>
              <input type="number" value={Number.isNaN(draft[k]) ? '' : String(draft[k])} onChange={(e) => set(k, num(e.target.value))} data-testid={`setting-${k}`} />
            </label>
          ))}
          <fieldset className="roster-teams">
            <legend className="field-label">
              {t('settings.fields.stayMaxDays')}
              {dflt('stayMaxDays')}
            </legend>
            {RESIDENTIAL_KINDS.map((kind) => (
              <label key={kind} className="field">
                <span>{t(`common:destinationKind.${kind}`)}</span>
                <input
                  type="number"
                  placeholder={t('settings.noLimit')}
                  value={draft.stayMaxDays[kind] == null ? '' : String(draft.stayMaxDays[kind])}
                  onChange={(e) => set('stayMaxDays', { ...draft.stayMaxDays, [kind]: e.target.value.trim() === '' ? null : num(e.target.value) })}
                  data-testid={`setting-stay-${kind}`}
                />
              </label>
            ))}
          </fieldset>
        </div>
        <div>
          <fieldset className="roster-teams">
            <legend className="field-label">
              {t('settings.fields.intervalTargetsS')}
              {dflt('intervalTargetsS')}
            </legend>
            {INTERVALS.map((iv) => (
              <label key={iv} className="field">
                <span>{t(`settings.intervals.${iv}`)}</span>
                <input
                  type="number"
                  value={draft.intervalTargetsS[iv] === undefined ? '' : String(draft.intervalTargetsS[iv])}
                  onChange={(e) => {
                    const next = { ...draft.intervalTargetsS }
                    if (e.target.value.trim() === '') delete next[iv]
                    else next[iv] = num(e.target.value)
                    set('intervalTargetsS', next)
                  }}
                  data-testid={`setting-target-${iv}`}
                />
              </label>
            ))}
          </fieldset>
          <fieldset className="roster-teams" data-testid="setting-shifts">
            <legend className="field-label">
              {t('settings.fields.shifts')}
              {dflt('shifts')}
            </legend>
            {draft.shifts.map((s, i) => (
              <div key={i} className="row admin-pair">
                <label className="field">
                  <span>{t('settings.shiftId')}</span>
                  <input value={s.id} onChange={(e) => setShift(i, { id: e.target.value })} />
                </label>
                <label className="field">
                  <span>{t('settings.shiftName')}</span>
                  <input value={s.name} onChange={(e) => setShift(i, { name: e.target.value })} />
                </label>
                <label className="field">
                  <span>{t('settings.shiftStart')}</span>
                  <input inputMode="numeric" placeholder="HH:MM" value={s.start} onChange={(e) => setShift(i, { start: e.target.value })} data-testid="setting-shift-start" />
                </label>
                <button
                  type="button"
                  className="btn btn-small btn-ghost"
                  aria-label={t('settings.removeShift')}
                  onClick={() =>
                    set(
                      'shifts',
                      draft.shifts.filter((_, j) => j !== i),
                    )
                  }
                >
                  ✕
                </button>
              </div>
            ))}
            <button type="button" className="btn btn-small" onClick={() => set('shifts', [...draft.shifts, { id: `shift-${draft.shifts.length + 1}`, name: '', start: '00:00' }])}>
              {t('settings.addShift')}
            </button>
          </fieldset>
        </div>
        <div className="admin-form-foot">
          <ErrorNote error={error} testId="settings-error" />
          {saved && (
            <div className="note note-ok" role="status">
              {t('saved')}
            </div>
          )}
          <div className="modal-actions">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="settings-save">
              {busy ? t('saving') : t('save')}
            </button>
          </div>
        </div>
      </form>
    </section>
  )
}
