import { useCallback, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { DESTINATION_KINDS, type Destination, type DestinationKind } from '@shared/destinations.js'
import type { Point } from '@shared/geo.js'
import { INCIDENT_CATEGORIES, type IncidentCategory } from '@shared/incidents.js'
import { ExampleTag } from '../../../components/badges.js'
import { ErrorNote } from '../../../components/error-note.js'
import { Modal } from '../../../components/modal.js'
import { getAllDestinations } from '../api/get-destinations.js'
import { replaceExamples } from '../api/replace-examples.js'
import { createDestination, updateDestination } from '../api/save-destination.js'
import { useList } from '../hooks/use-list.js'
import { ImportForm } from './import-form.js'
import { LocationPicker } from './location-picker.js'
import { FormActions } from './form-actions.js'

type Dialog = { kind: 'edit'; destination?: Destination } | { kind: 'import' } | null

export function DestinationsTab() {
  const { t } = useTranslation('admin')
  const destinations = useList(getAllDestinations)
  const [dialog, setDialog] = useState<Dialog>(null)
  const [note, setNote] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [showWithdrawn, setShowWithdrawn] = useState(false)
  const close = useCallback(() => setDialog(null), [])
  const items = destinations.items ?? []
  const offeredExamples = items.filter((d) => d.isExample && d.active)
  const shown = items.filter((d) => d.active || showWithdrawn)

  const replace = async () => {
    if (!window.confirm(t('destinations.confirmReplace'))) return
    setError(null)
    setNote(null)
    try {
      const { withdrawn } = await replaceExamples()
      setNote(t('destinations.replaced', { count: withdrawn.length }))
      destinations.reload()
    } catch (err) {
      setError(err)
    }
  }

  return (
    <section data-testid="destinations">
      <div className="row-wrap admin-section-head">
        <h2>{t('destinations.heading')}</h2>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => setDialog({ kind: 'import' })} data-testid="destination-import">
          {t('destinations.import')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'edit' })} data-testid="destination-add">
          {t('destinations.add')}
        </button>
      </div>
      {offeredExamples.length > 0 && (
        <div className="note note-warn row-wrap" data-testid="examples-note">
          <span>
            <ExampleTag /> {t('destinations.examplesNote', { count: offeredExamples.length })}
          </span>
          <span className="spacer" />
          <button type="button" className="btn btn-small" onClick={() => void replace()} data-testid="replace-examples">
            {t('destinations.replaceExamples')}
          </button>
        </div>
      )}
      {note && (
        <div className="note note-ok" role="status" data-testid="destination-note">
          {note}
        </div>
      )}
      <ErrorNote error={destinations.error ?? error} testId="destinations-error" onRetry={destinations.error ? destinations.reload : undefined} />
      <label className="check">
        <input type="checkbox" checked={showWithdrawn} onChange={(e) => setShowWithdrawn(e.target.checked)} data-testid="show-withdrawn" /> {t('destinations.showWithdrawn')}
      </label>
      {destinations.items?.length === 0 && <p className="muted">{t('destinations.empty')}</p>}
      <ul className="admin-list">
        {shown.map((d) => (
          <li
            key={d.id}
            className={`card admin-item ${d.active ? '' : 'is-disabled'} ${d.isExample ? 'is-example' : ''}`}
            data-testid="destination-row"
            data-name={d.name}
            data-example={d.isExample}
            data-active={d.active}
          >
            <div className="admin-item-main">
              {d.isExample && <ExampleTag />} <strong>{d.name}</strong>
              <div className="row-wrap admin-tags">
                <span className="chip">{t(`common:destinationKind.${d.kind}`)}</span>
                <span className="muted">{d.capacity === null ? t('destinations.noCapacity') : t('destinations.free', { free: d.free, capacity: d.capacity })}</span>
                <span className="muted">{d.openingHours}</span>
                {!d.active && <span className="badge badge-disabled">{t('destinations.withdrawn')}</span>}
              </div>
              <div className="muted admin-members">{d.accepts.map((c) => t(`common:category.${c}`)).join(', ')}</div>
            </div>
            <div className="row-wrap admin-actions">
              <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'edit', destination: d })} data-testid="destination-edit">
                {t('edit')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {dialog?.kind === 'edit' && (
        <DestinationForm
          destination={dialog.destination}
          onClose={close}
          onSaved={() => {
            setNote(t('saved'))
            close()
            destinations.reload()
          }}
        />
      )}
      {dialog?.kind === 'import' && (
        <ImportForm
          onClose={close}
          onImported={(count) => {
            setNote(t('import.done', { count }))
            close()
            destinations.reload()
          }}
        />
      )}
    </section>
  )
}

/** Numbers typed in a form: empty is "not set". */
const numberOrNull = (s: string) => (s.trim() === '' ? null : Number(s))

function DestinationForm({ destination: d, onClose, onSaved }: { destination?: Destination; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation('admin')
  const [name, setName] = useState(d?.name ?? '')
  const [kind, setKind] = useState<DestinationKind>(d?.kind ?? 'shelter')
  const [location, setLocation] = useState<Point | null>(d?.location ?? null)
  const [address, setAddress] = useState(d?.address ?? '')
  const [capacity, setCapacity] = useState(d?.capacity === null || d?.capacity === undefined ? '' : String(d.capacity))
  const [occupancy, setOccupancy] = useState(String(d?.occupancy ?? 0))
  const [accepts, setAccepts] = useState<IncidentCategory[]>(d?.accepts ?? [])
  const [openingHours, setOpeningHours] = useState(d?.openingHours ?? '24h')
  const [contact, setContact] = useState(d?.contact ?? '')
  const [source, setSource] = useState(d?.source ?? '')
  const [active, setActive] = useState(d?.active ?? true)
  const [isExample, setIsExample] = useState(d?.isExample ?? false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const toggleCategory = (c: IncidentCategory) => setAccepts((a) => (a.includes(c) ? a.filter((x) => x !== c) : [...a, c]))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!location) {
      setError(new Error(t('destinations.noLocation')))
      return
    }
    setBusy(true)
    setError(null)
    const fields = {
      name,
      kind,
      location,
      ...(address.trim() ? { address: address.trim() } : {}),
      capacity: numberOrNull(capacity),
      occupancy: numberOrNull(occupancy) ?? 0,
      accepts,
      openingHours: openingHours.trim(),
      ...(contact.trim() ? { contact: contact.trim() } : {}),
      ...(source.trim() ? { source: source.trim() } : {}),
    }
    try {
      if (d) await updateDestination(d.id, { ...fields, active, isExample })
      else await createDestination(fields)
      onSaved()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal title={d ? `${t('edit')}: ${d.name}` : t('destinations.add')} onClose={onClose} testId="destination-form" wide>
      <form onSubmit={submit} className="admin-form admin-form-2col">
        <div>
          <label className="field">
            <span>{t('destinations.name')}</span>
            <input required value={name} onChange={(e) => setName(e.target.value)} data-testid="destination-name" />
          </label>
          <label className="field">
            <span>{t('destinations.kind')}</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as DestinationKind)} data-testid="destination-kind">
              {DESTINATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`common:destinationKind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('destinations.address')}</span>
            <input value={address} onChange={(e) => setAddress(e.target.value)} data-testid="destination-address" />
          </label>
          <div className="row admin-pair">
            <label className="field">
              <span>{t('destinations.capacity')}</span>
              <input type="number" min={0} inputMode="numeric" value={capacity} onChange={(e) => setCapacity(e.target.value)} data-testid="destination-capacity" />
            </label>
            <label className="field">
              <span>{t('destinations.occupancy')}</span>
              <input type="number" min={0} inputMode="numeric" value={occupancy} onChange={(e) => setOccupancy(e.target.value)} data-testid="destination-occupancy" />
            </label>
          </div>
          <small className="muted">{t('destinations.capacityHint')}</small>
          <fieldset className="field admin-categories">
            <legend>{t('destinations.accepts')}</legend>
            {INCIDENT_CATEGORIES.map((c) => (
              <label key={c} className="check">
                <input type="checkbox" checked={accepts.includes(c)} onChange={() => toggleCategory(c)} data-testid={`destination-accepts-${c}`} /> {t(`common:category.${c}`)}
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>
              {t('destinations.hours')} <small className="muted">{t('destinations.hoursHint')}</small>
            </span>
            <input value={openingHours} onChange={(e) => setOpeningHours(e.target.value)} data-testid="destination-hours" />
          </label>
          <label className="field">
            <span>{t('destinations.contact')}</span>
            <input value={contact} onChange={(e) => setContact(e.target.value)} data-testid="destination-contact" />
          </label>
          <label className="field">
            <span>{t('destinations.source')}</span>
            <input value={source} onChange={(e) => setSource(e.target.value)} />
          </label>
          {d && (
            <>
              <label className="check">
                <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} data-testid="destination-active" /> {t('destinations.active')}
              </label>
              {d.isExample && (
                <label className="check">
                  <input type="checkbox" checked={isExample} onChange={(e) => setIsExample(e.target.checked)} /> <ExampleTag />
                </label>
              )}
            </>
          )}
        </div>
        <div>
          <span className="field-label">{t('destinations.location')}</span>
          <p className="muted">{location ? `${location.lat.toFixed(5)}, ${location.lon.toFixed(5)}` : t('destinations.pick')}</p>
          <LocationPicker value={location} onChange={setLocation} label={t('destinations.location')} testId="destination-map" />
        </div>
        <div className="admin-form-foot">
          <FormActions error={error} errorTestId="destination-error" busy={busy} onCancel={onClose} submitTestId="destination-save" />
        </div>
      </form>
    </Modal>
  )
}
