import { useTranslation } from 'react-i18next'
import './form-parts.css'

/** A question answered Yes or No; unanswered counts as No. */
export function YesNoQuestion({ id, label, value, onChange, testIdPrefix = 'report' }: { id: string; label: string; value: boolean | null; onChange: (v: boolean) => void; testIdPrefix?: string }) {
  const { t } = useTranslation()
  return (
    <div className="question" role="group" aria-labelledby={`q-${id}`}>
      <span id={`q-${id}`} className="question-label">
        {label}
      </span>
      <div className="segmented">
        <button type="button" aria-pressed={value === true} data-testid={`${testIdPrefix}-q-${id}-yes`} onClick={() => onChange(true)}>
          {t('yes')}
        </button>
        <button type="button" aria-pressed={value === false} data-testid={`${testIdPrefix}-q-${id}-no`} onClick={() => onChange(false)}>
          {t('no')}
        </button>
      </div>
    </div>
  )
}
