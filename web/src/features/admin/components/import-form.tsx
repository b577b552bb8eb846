import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { DESTINATION_CSV_COLUMNS, MAX_IMPORT_BYTES, type DestinationImportFormat, type DestinationImportResult } from '@shared/destination-import.js'
import { Modal } from '../../../components/modal.js'
import { importDestinations } from '../api/import-destinations.js'
import { FormActions } from './form-actions.js'

const SAMPLE = `${DESTINATION_CSV_COLUMNS.join(',')}\nRumah Singgah Contoh,shelter,106.8186,-6.3990,Jl. Contoh 1,20,0,homeless;street_child,24h,021-000000,Dinas Sosial\n`

/**
 * A CSV or GeoJSON file, checked on the server first (a dry run: nothing is saved), then
 * imported in one go. Errors name the row and the column (ErrorNote lists them).
 */
export function ImportForm({ onClose, onImported }: { onClose: () => void; onImported: (count: number) => void }) {
  const { t } = useTranslation('admin')
  const [content, setContent] = useState<string | null>(null)
  const [format, setFormat] = useState<DestinationImportFormat>('csv')
  const [checked, setChecked] = useState<DestinationImportResult | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const pick = async (file: File | undefined) => {
    setChecked(null)
    setError(null)
    setContent(null)
    if (!file) return
    if (file.size > MAX_IMPORT_BYTES) {
      setError(new Error(t('import.tooLarge', { mb: MAX_IMPORT_BYTES / 1_000_000 })))
      return
    }
    setFormat(/\.(geo)?json$/i.test(file.name) ? 'geojson' : 'csv')
    setContent(await file.text())
  }

  const send = async (dryRun: boolean) => {
    if (!content) return
    setBusy(true)
    setError(null)
    try {
      const result = await importDestinations({ format, content, dryRun })
      if (dryRun) setChecked(result)
      else onImported(result.count)
    } catch (err) {
      setChecked(null)
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal title={t('import.heading')} onClose={onClose} testId="import-form">
      <form
        className="admin-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault()
          void send(!checked)
        }}
      >
        <p>{t('import.intro', { columns: DESTINATION_CSV_COLUMNS.join(', ') })}</p>
        <p>
          <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(SAMPLE)}`} download="tempat-tujuan.csv">
            {t('import.template')}
          </a>
        </p>
        <label className="field">
          <span>{t('import.file')}</span>
          <input type="file" accept=".csv,.geojson,.json,text/csv,application/geo+json,application/json" onChange={(e) => void pick(e.target.files?.[0])} data-testid="import-file" />
        </label>
        <label className="field">
          <span>{t('import.format')}</span>
          <select
            value={format}
            onChange={(e) => {
              setFormat(e.target.value as DestinationImportFormat)
              setChecked(null)
            }}
            data-testid="import-format"
          >
            <option value="csv">CSV</option>
            <option value="geojson">GeoJSON</option>
          </select>
        </label>
        {checked && (
          <div className="note note-info" data-testid="import-checked">
            <p>{t('import.checked', { count: checked.count })}</p>
            <ul className="admin-import-list">
              {checked.destinations.slice(0, 20).map((d, i) => (
                <li key={i}>
                  {d.name} <span className="muted">({t(`common:destinationKind.${d.kind}`)})</span>
                </li>
              ))}
              {checked.count > 20 && <li>…</li>}
            </ul>
          </div>
        )}
        <FormActions
          error={error}
          errorTestId="import-error"
          busy={busy}
          disabled={!content}
          onCancel={onClose}
          submitTestId="import-submit"
          submitLabel={checked ? t('import.submit', { count: checked.count }) : t('import.check')}
        />
      </form>
    </Modal>
  )
}
