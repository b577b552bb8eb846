import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorNote } from '../../../components/error-note.js'

/** The foot of every admin dialog's form: what went wrong, then Cancel and the submit button. */
export function FormActions({
  error,
  errorTestId,
  busy,
  disabled = false,
  onCancel,
  submitTestId,
  submitLabel,
}: {
  error: unknown
  errorTestId?: string
  busy: boolean
  disabled?: boolean
  onCancel: () => void
  submitTestId: string
  submitLabel?: ReactNode
}) {
  const { t } = useTranslation('admin')
  return (
    <>
      <ErrorNote error={error} testId={errorTestId} />
      <div className="modal-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy || disabled} data-testid={submitTestId}>
          {submitLabel ?? (busy ? t('saving') : t('save'))}
        </button>
      </div>
    </>
  )
}
