import { useTranslation } from 'react-i18next'
import type { IncidentStatus, Priority } from '@shared/incidents.js'
import type { TeamStatus } from '@shared/teams.js'
import { PRIORITY_COLOR, STATUS_COLOR, TEAM_STATUS_COLOR } from './palette.js'

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation()
  return (
    <span className={`badge badge-priority prio-${priority}`} style={{ background: PRIORITY_COLOR[priority] }} data-priority={priority}>
      {t(`priority.${priority}`)}
    </span>
  )
}

export function StatusChip({ status, testId }: { status: IncidentStatus; testId?: string }) {
  const { t } = useTranslation()
  return (
    <span className="chip" style={{ borderColor: STATUS_COLOR[status], color: STATUS_COLOR[status] }} data-status={status} data-testid={testId}>
      <span className="dot" style={{ background: STATUS_COLOR[status] }} />
      {t(`status.${status}`)}
    </span>
  )
}

export function TeamStatusChip({ status, testId }: { status: TeamStatus; testId?: string }) {
  const { t } = useTranslation()
  return (
    <span className="chip" style={{ borderColor: TEAM_STATUS_COLOR[status], color: TEAM_STATUS_COLOR[status] }} data-status={status} data-testid={testId}>
      <span className="dot" style={{ background: TEAM_STATUS_COLOR[status] }} />
      {t(`teamStatus.${status}`)}
    </span>
  )
}

export function ExampleTag() {
  const { t } = useTranslation()
  return (
    <span className="badge badge-example" title={t('exampleHint')}>
      {t('example')}
    </span>
  )
}
