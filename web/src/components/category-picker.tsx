import { useTranslation } from 'react-i18next'
import { INCIDENT_CATEGORIES, type IncidentCategory } from '@shared/categories.js'
import { CategoryIcon } from './category-icon.js'
import './form-parts.css'

/** The category tiles of a new case (the citizen's report, a team's patrol case). `testIdPrefix` names the form in test ids. */
export function CategoryPicker({
  value,
  onChange,
  invalid,
  testIdPrefix = 'report',
}: {
  value: IncidentCategory | null
  onChange: (c: IncidentCategory) => void
  invalid: boolean
  testIdPrefix?: string
}) {
  const { t } = useTranslation()
  return (
    <div className={`category-grid ${invalid ? 'category-grid-invalid' : ''}`} role="radiogroup">
      {INCIDENT_CATEGORIES.map((c) => (
        <button key={c} type="button" role="radio" aria-checked={value === c} className="category-tile" data-testid={`${testIdPrefix}-category-${c}`} onClick={() => onChange(c)}>
          <CategoryIcon category={c} size={30} />
          <span>{t(`category.${c}`)}</span>
        </button>
      ))}
    </div>
  )
}
