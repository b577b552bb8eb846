import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DISPOSITIONS_FROM, DISPOSITIONS_NEEDING_NOTE, type Disposition, type Incident } from '@shared/incidents.js'
import { ErrorNote } from '../../../components/error-note.js'
import { Modal } from '../../../components/modal.js'
import { newIdempotencyKey } from '../../../lib/api.js'
import { transitionIncident } from '../api/transition-incident.js'

/** Statuses from which the case is closed (work was done) rather than cancelled. */
const CLOSE_FROM: readonly Incident['status'][] = ['handed_over', 'on_scene', 'not_found']

export const closeTarget = (i: Incident): 'closed' | 'cancelled' | null => (!DISPOSITIONS_FROM[i.status] ? null : CLOSE_FROM.includes(i.status) ? 'closed' : 'cancelled')

/** Close or cancel with an outcome (disposition) that fits the current status, and a note where needed. */
export function CloseIncidentDialog({ incident, onClose, onDone }: { incident: Incident; onClose: () => void; onDone: (i: Incident) => void }) {
  const { t } = useTranslation('dispatch')
  const to = closeTarget(incident)!
  const options = DISPOSITIONS_FROM[incident.status] ?? []
  const [disposition, setDisposition] = useState<Disposition>(options[0]!)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [key] = useState(newIdempotencyKey)
  const needsNote = DISPOSITIONS_NEEDING_NOTE.includes(disposition)

  const submit = async () => {
    if (needsNote && !note.trim()) return setError(new Error(t('close.noteRequired')))
    setBusy(true)
    setError(null)
    try {
      onDone(await transitionIncident(incident.id, { to, disposition, ...(note.trim() ? { note: note.trim() } : {}) }, key))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal title={to === 'closed' ? t('close.titleClose') : t('close.titleCancel')} onClose={onClose} testId="close-dialog">
      <label className="field">
        <span>{t('close.disposition')}</span>
        <select value={disposition} onChange={(e) => setDisposition(e.target.value as Disposition)} data-testid="close-disposition">
          {options.map((d) => (
            <option key={d} value={d}>
              {t(`common:disposition.${d}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>
          {t('close.note')} {needsNote ? <small>({t('common:required')})</small> : <small>({t('common:optional')})</small>}
        </span>
        <textarea value={note} maxLength={2000} rows={3} onChange={(e) => setNote(e.target.value)} aria-invalid={needsNote && !!error && !note.trim()} data-testid="close-note" />
      </label>
      <ErrorNote error={error} />
      <div className="modal-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('common:cancel')}
        </button>
        <button type="button" className={`btn ${to === 'closed' ? 'btn-primary' : 'btn-danger'}`} disabled={busy} onClick={() => void submit()} data-testid="close-confirm">
          {to === 'closed' ? t('close.confirmClose') : t('close.confirmCancel')}
        </button>
      </div>
    </Modal>
  )
}
