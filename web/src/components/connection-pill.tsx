import { useTranslation } from 'react-i18next'
import type { ConnectionState } from '../lib/socket.js'

export function ConnectionPill({ state }: { state: ConnectionState }) {
  const { t } = useTranslation()
  return (
    <span className={`conn conn-${state}`} role="status" data-testid="connection" data-state={state}>
      <span className="dot" />
      {t(`connection.${state}`)}
    </span>
  )
}
