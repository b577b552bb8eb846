import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../lib/api.js'
import { useCityConfig } from '../lib/city-config.js'

const TRANSLATED = ['outside_service_area', 'network', 'destination_full', 'forbidden', 'unauthorized', 'rate_limited', 'payload_too_large', 'internal'] as const

/**
 * The message to show for a failed call. Codes with a clear meaning get a translated text;
 * otherwise the server's message (it names the field or the rule that failed).
 */
export function describeError(t: TFunction, err: unknown, city: string): string {
  if (err instanceof ApiError) {
    if ((TRANSLATED as readonly string[]).includes(err.code)) return t(`common:errors.${err.code}`, { city })
    return err.message
  }
  return t('common:errors.generic', { message: err instanceof Error ? err.message : String(err) })
}

export function ErrorNote({ error, testId, onRetry }: { error: unknown; testId?: string; onRetry?: () => void }) {
  const { t } = useTranslation()
  const { city } = useCityConfig()
  if (!error) return null
  const issues = error instanceof ApiError && error.code === 'validation_failed' ? error.issues : []
  return (
    <div className="note note-error" role="alert" data-testid={testId} data-code={error instanceof ApiError ? error.code : undefined}>
      <p>{describeError(t, error, city)}</p>
      {issues.length > 1 && (
        <ul>
          {issues.map((i) => (
            <li key={i.path}>
              <code>{i.path}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  )
}
