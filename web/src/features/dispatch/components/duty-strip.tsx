import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorNote } from '../../../components/error-note.js'
import { Modal } from '../../../components/modal.js'
import { playAlert } from '../../../lib/alert-sound.js'
import { useCityConfig } from '../../../lib/city-config.js'
import { useLocale } from '../../../lib/i18n.js'
import { formatDateTime, formatTime } from '../../../lib/time.js'
import { writeHandoverNote } from '../api/write-handover-note.js'
import { useDispatch, useDispatchStore } from '../hooks/use-dispatch.js'
import { usePermissions } from '../hooks/use-permissions.js'

/**
 * Under the top bar: the shift now, its duty supervisor, the teams on duty, the handover note
 * and the no-team-on-duty alarm (decision 013).
 */
export function DutyStrip() {
  const { t } = useTranslation('dispatch')
  const { timezone } = useCityConfig()
  const locale = useLocale()
  const duty = useDispatch((s) => s.duty)
  const noTeam = useDispatch((s) => s.noTeamOnDuty)
  const teams = useDispatch((s) => s.teams)
  const [noteOpen, setNoteOpen] = useState(false)
  // The alarm rings once each time it is raised.
  const rang = useRef(false)
  useEffect(() => {
    if (noTeam && !rang.current) playAlert()
    rang.current = noTeam
  }, [noTeam])
  const onDuty = [...teams.values()].filter((tm) => tm.status !== 'off_duty').sort((a, b) => a.callSign.localeCompare(b.callSign))
  if (!duty && !noTeam) return null
  const shift = duty?.shifts.find((s) => s.id === duty.current.shiftId)
  return (
    <>
      {noTeam && (
        <div className="duty-alarm" role="alert" data-testid="no-team-alarm">
          {t('duty.noTeam')}
        </div>
      )}
      {duty && (
        <div className="duty-strip" data-testid="duty-strip" data-shift={duty.current.shiftId}>
          <span>
            <strong>
              {t('duty.shift')} {shift?.name ?? duty.current.shiftId}
            </strong>{' '}
            <span className="mono">
              {formatTime(duty.current.startsAt, locale, timezone)}–{formatTime(duty.current.endsAt, locale, timezone)}
            </span>
          </span>
          <span data-testid="duty-supervisor">
            {t('duty.supervisor')}: {duty.current.supervisor?.displayName ?? t('duty.none')}
          </span>
          <span data-testid="duty-on">
            {t('duty.onDuty')}: {onDuty.length ? onDuty.map((tm) => tm.callSign).join(', ') : t('duty.none')}
          </span>
          <button type="button" className={`btn btn-small ${duty.previousNote ? 'btn-warn' : 'btn-ghost'}`} onClick={() => setNoteOpen(true)} data-testid="open-handover-note">
            {t('duty.note')}
            {duty.previousNote && ' •'}
          </button>
        </div>
      )}
      {noteOpen && duty && <HandoverNoteDialog onClose={() => setNoteOpen(false)} />}
    </>
  )
}

function HandoverNoteDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('dispatch')
  const { timezone } = useCityConfig()
  const locale = useLocale()
  const store = useDispatchStore()
  const duty = useDispatch((s) => s.duty)!
  const can = usePermissions()
  const [text, setText] = useState(duty.current.note?.text ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const prev = duty.previousNote
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await writeHandoverNote(duty.current.date, duty.current.shiftId, text)
      await store.refreshDuty()
      onClose()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal title={t('duty.note')} onClose={onClose} testId="handover-note">
      <h3 className="field-label">{t('duty.fromPrevious')}</h3>
      {prev ? (
        <blockquote className="duty-note" data-testid="previous-note">
          <p>{prev.text}</p>
          <footer className="muted">
            {prev.byName ?? '?'} · {formatDateTime(prev.at, locale, timezone)}
          </footer>
        </blockquote>
      ) : (
        <p className="muted">{t('duty.noNote')}</p>
      )}
      {can.rosterNote ? (
        <form onSubmit={submit}>
          <label className="field">
            <span>{t('duty.forNext')}</span>
            <textarea rows={5} value={text} onChange={(e) => setText(e.target.value)} data-testid="handover-note-text" />
          </label>
          <ErrorNote error={error} />
          <div className="modal-actions">
            <button type="button" className="btn" onClick={onClose}>
              {t('duty.close')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="handover-note-save">
              {t('duty.save')}
            </button>
          </div>
        </form>
      ) : (
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('duty.close')}
          </button>
        </div>
      )}
    </Modal>
  )
}
