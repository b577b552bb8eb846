import { useTranslation } from 'react-i18next'
import { INCIDENT_CATEGORIES, type IncidentCategory } from '../../../../../shared/categories.js'
import { CategoryIcon } from '../../../components/category-icon.js'

export function CategoryPicker({ value, onChange, invalid }: { value: IncidentCategory | null; onChange: (c: IncidentCategory) => void; invalid: boolean }) {
  const { t } = useTranslation()
  return (
    <div className={`category-grid ${invalid ? 'category-grid-invalid' : ''}`} role="radiogroup">
      {INCIDENT_CATEGORIES.map((c) => (
        <button key={c} type="button" role="radio" aria-checked={value === c} className="category-tile" data-testid={`report-category-${c}`} onClick={() => onChange(c)}>
          <CategoryIcon category={c} size={30} />
          <span>{t(`category.${c}`)}</span>
        </button>
      ))}
    </div>
  )
}
