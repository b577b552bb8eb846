import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { API } from '@shared/api.js'
import { isResidential, type Destination } from '@shared/destinations.js'
import { STAY_OUTCOMES, type StayOutcome } from '@shared/stays.js'
import { ErrorNote } from '../../../components/error-note.js'
import { Modal } from '../../../components/modal.js'
import { api } from '../../../lib/api.js'
import { checkOut, uploadAgreement, type CheckOutInput, type Resident } from '../api/facility.js'

/** The check-out form: each outcome asks for what the office must be able to show later. */
export function CheckOutForm({ resident, currentDestinationId, onClose, onDone }: { resident: Resident; currentDestinationId: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('facility')
  const [outcome, setOutcome] = useState<StayOutcome>('released_to_family')
  const [f, setF] = useState<Record<string, string>>({})
  const [places, setPlaces] = useState<Destination[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [agreement, setAgreement] = useState<File | null>(null)
  // Checked out already (the agreement's upload failed): a retry only sends the file again.
  const [checkedOut, setCheckedOut] = useState(false)
  // One key per attempt at this check-out, so a retried save is not recorded twice.
  const key = useRef(crypto.randomUUID())
  useEffect(() => {
    api<Destination[]>('GET', API.destinations).then(
      (all) => setPlaces(all.filter((d) => isResidential(d.kind) && d.id !== currentDestinationId)),
      () => {},
    )
  }, [currentDestinationId])
  const set = (k: string) => (e: { target: { value: string } }) => setF((prev) => ({ ...prev, [k]: e.target.value }))
  const v = (k: string) => f[k]?.trim() || undefined
  const field = (k: string, label: string, opts: { type?: string; required?: boolean } = {}) => (
    <label className="field" key={k}>
      <span>{label}</span>
      <input type={opts.type ?? 'text'} value={f[k] ?? ''} onChange={set(k)} required={opts.required} data-testid={`co-${k}`} />
    </label>
  )

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const note = v('note')
    let input: CheckOutInput
    switch (outcome) {
      case 'released_to_family':
        input = { outcome, note, family: { name: v('familyName') ?? '', relationship: v('relationship') ?? '', nik: v('familyNik'), address: v('address') ?? '', phone: v('phone') } }
        break
      case 'referred_to_panti':
        input = { outcome, note, destinationId: v('destinationId'), pantiName: v('pantiName'), letterNumber: v('letterNumber') ?? '', letterDate: v('letterDate') ?? '' }
        break
      case 'hospital':
        input = { outcome, note, hospitalName: v('hospitalName') }
        break
      case 'returned_home_region':
        input = { outcome, note, homeRegion: v('homeRegion') ?? '' }
        break
      case 'transferred':
        input = { outcome, note, destinationId: v('destinationId') ?? '' }
        break
      default:
        input = { outcome, note }
    }
    setBusy(true)
    setError(null)
    try {
      if (!checkedOut) {
        await checkOut(resident.stay.id, input, key.current)
        setCheckedOut(true)
      }
      if (outcome === 'released_to_family' && agreement) await uploadAgreement(resident.stay.id, agreement)
      onDone()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal title={t('checkOut.title', { name: resident.person.name ?? '' })} onClose={onClose} testId="check-out-form">
      <form onSubmit={(e) => void submit(e)} className="facility-form">
        <label className="field">
          <span>{t('checkOut.outcome')}</span>
          <select value={outcome} onChange={(e) => setOutcome(e.target.value as StayOutcome)} disabled={checkedOut} data-testid="co-outcome">
            {STAY_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`checkOut.outcomes.${o}`)}
              </option>
            ))}
          </select>
        </label>
        {outcome === 'released_to_family' && [
          field('familyName', t('checkOut.familyName'), { required: true }),
          field('relationship', t('checkOut.relationship'), { required: true }),
          field('familyNik', t('checkOut.familyNik')),
          field('address', t('checkOut.address'), { required: true }),
          field('phone', t('checkOut.phone'), { type: 'tel' }),
        ]}
        {outcome === 'released_to_family' && (
          <label className="field">
            <span>{t('checkOut.agreement')}</span>
            <input type="file" accept="image/jpeg,image/png,image/webp,application/pdf" onChange={(e) => setAgreement(e.target.files?.[0] ?? null)} data-testid="co-agreement" />
            <span className="small muted">{t('checkOut.agreementHint')}</span>
          </label>
        )}
        {checkedOut ? (
          <p className="note" data-testid="co-checked-out">
            {t('checkOut.checkedOutRetry')}
          </p>
        ) : null}
        {(outcome === 'referred_to_panti' || outcome === 'transferred') && (
          <label className="field">
            <span>{t('checkOut.destination')}</span>
            <select value={f.destinationId ?? ''} onChange={set('destinationId')} required={outcome === 'transferred'} data-testid="co-destinationId">
              <option value="">–</option>
              {places
                .filter((p) => outcome === 'transferred' || p.kind === 'panti')
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          </label>
        )}
        {outcome === 'referred_to_panti' && [
          field('pantiName', t('checkOut.pantiName'), { required: !f.destinationId }),
          field('letterNumber', t('checkOut.letterNumber'), { required: true }),
          field('letterDate', t('checkOut.letterDate'), { type: 'date', required: true }),
        ]}
        {outcome === 'hospital' && field('hospitalName', t('checkOut.hospitalName'))}
        {outcome === 'returned_home_region' && field('homeRegion', t('checkOut.homeRegion'), { required: true })}
        <label className="field">
          <span>{t('checkOut.note')}</span>
          <textarea value={f.note ?? ''} onChange={set('note')} rows={2} />
        </label>
        {error ? <ErrorNote error={error} /> : null}
        <div className="modal-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('checkOut.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="co-submit">
            {busy ? t('checkOut.submitting') : t('checkOut.submit')}
          </button>
        </div>
      </form>
    </Modal>
  )
}
