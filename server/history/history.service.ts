import { caseHistoryCursorOf, type CaseHistoryPage, type CaseHistoryQuery } from '@shared/case-history.js'
import type { AuthService } from '../auth/auth.service.js'
import { redactIncident, seesPersonalData } from '../auth/redact.js'
import type { Deps } from '../context.js'
import type { Identity } from '../http/identity.js'
import { historyRepository } from './history.repository.js'

/** Case history and search: any case, open or closed, a page at a time. */
export class HistoryService {
  constructor(
    private readonly d: Deps,
    private readonly auth: AuthService,
  ) {}

  /**
   * One page of matching cases for `who`: the records as that role may see them, and the read
   * written to the access log (every case on the page), as for any other read of personal data.
   */
  async search(query: CaseHistoryQuery, who: Identity, requestId: string | null): Promise<CaseHistoryPage> {
    // One row more than the page tells whether another page follows.
    const rows = await historyRepository.search(this.d.db.sql, query, query.limit + 1)
    const items = rows.slice(0, query.limit)
    const next = rows.length > query.limit ? caseHistoryCursorOf(items[items.length - 1]!) : null
    if (!seesPersonalData(who)) return { items: items.map(redactIncident), next }
    await this.auth.logAccess(
      who,
      'incident',
      items.map((i) => i.id),
      'history',
      requestId,
    )
    return { items, next }
  }
}
