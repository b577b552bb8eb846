import type { LogEvent } from '@shared/events.js'
import type { AuthService } from '../auth/auth.service.js'
import { eventForRole } from '../auth/redact.js'
import type { Deps } from '../context.js'
import type { Caller } from '../http/identity.js'
import { eventsRepository } from './events.repository.js'

/** The event log as a caller may read it: each event as their role sees it, the read logged. */
export class EventsService {
  constructor(
    private readonly d: Deps,
    private readonly auth: AuthService,
  ) {}

  async since(caller: Caller, after: number, limit: number): Promise<LogEvent[]> {
    const events = await eventsRepository.since(this.d.db.sql, after, limit)
    const ids = [...new Set(events.map((e) => e.incidentId).filter((x): x is string => Boolean(x)))]
    await this.auth.logAccess(caller.who, 'events', ids, 'events', caller.requestId)
    return events.map((e) => eventForRole(caller.who.role, e))
  }
}
