import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { OPEN_STATUSES, type Incident } from '@shared/incidents.js'
import { PriorityBadge, StatusChip } from '../../../components/badges.js'
import { CategoryIcon } from '../../../components/category-icon.js'
import { ErrorNote } from '../../../components/error-note.js'
import { Modal } from '../../../components/modal.js'
import { distanceM } from '../../../lib/geo.js'
import { mergeIncident } from '../api/merge-incident.js'
import { useDispatch } from '../hooks/use-dispatch.js'
import { formatDistance } from '../lib/describe-event.js'

/** Marks the incident a duplicate of another open one; flagged duplicates first, then nearest. */
export function MergeDialog({ incident, onClose, onDone }: { incident: Incident; onClose: () => void; onDone: (i: Incident) => void }) {
  const { t } = useTranslation('dispatch')
  const incidents = useDispatch((s) => s.incidents)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const flagged = new Set(incident.possibleDuplicates)
  const candidates = [...incidents.values()]
    .filter((i) => i.id !== incident.id && OPEN_STATUSES.includes(i.status))
    .map((i) => ({ i, d: distanceM(i.location, incident.location) }))
    .sort((a, b) => Number(flagged.has(b.i.id)) - Number(flagged.has(a.i.id)) || a.d - b.d)
    .slice(0, 20)

  const merge = async (into: string) => {
    setBusy(true)
    setError(null)
    try {
      onDone(await mergeIncident(incident.id, into))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal title={t('merge.title')} onClose={onClose} testId="merge-dialog">
      <p className="hint">{t('merge.hint')}</p>
      <ErrorNote error={error} />
      {candidates.length === 0 && <p className="muted">{t('merge.none')}</p>}
      <ul className="merge-list">
        {candidates.map(({ i, d }) => (
          <li key={i.id} className={flagged.has(i.id) ? 'is-flagged' : ''}>
            <CategoryIcon category={i.category} size={20} />
            <div className="merge-main">
              <div className="row-wrap">
                <PriorityBadge priority={i.priority} />
                <StatusChip status={i.status} />
                <span className="mono small">{i.trackingCode}</span>
              </div>
              <div className="small muted">
                {t(`common:category.${i.category}`)} · {t('merge.distance', { d: formatDistance(d) })}
                {i.address ? ` · ${i.address}` : ''}
              </div>
            </div>
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => void merge(i.id)} data-testid={`merge-into-${i.id}`}>
              {t('merge.choose')}
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  )
}
