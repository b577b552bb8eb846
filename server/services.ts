import { AuthService } from './auth/auth.service.js'
import { ReadScope } from './auth/read-scope.js'
import type { Deps } from './context.js'
import { retryTransient } from './db/retry.js'
import { RateLimits } from './http/rate-limit.js'
import { PhotosService } from './photos/photos.service.js'
import { DestinationsService } from './destinations/destinations.service.js'
import { DispatchService } from './dispatch/dispatch.service.js'
import { EventsService } from './events/events.service.js'
import { HandoversService } from './handovers/handovers.service.js'
import { HistoryService } from './history/history.service.js'
import { IncidentsService } from './incidents/incidents.service.js'
import { ReportsService } from './reports/reports.service.js'
import { RosterService } from './roster/roster.service.js'
import { SettingsService } from './settings/settings.service.js'
import { PapersService } from './papers/papers.service.js'
import { PeopleService } from './people/people.service.js'
import { PushService } from './push/push.service.js'
import { StaysService } from './stays/stays.service.js'
import { TeamsService } from './teams/teams.service.js'

export interface Services {
  teams: TeamsService
  dispatch: DispatchService
  incidents: IncidentsService
  destinations: DestinationsService
  handovers: HandoversService
  people: PeopleService
  stays: StaysService
  papers: PapersService
  auth: AuthService
  /** The event log as the caller may read it. */
  events: EventsService
  history: HistoryService
  photos: PhotosService
  /** Web Push to team phones (server/push). */
  push: PushService
  reports: ReportsService
  roster: RosterService
  settings: SettingsService
  limits: RateLimits
  /** Which cases a caller may read now (a team: its current case). */
  scope: ReadScope
}

export function createServices(deps: Deps): Services {
  // Every service's transactions are retried on deadlock or serialization failure (db/retry.ts).
  const d: Deps = { ...deps, transaction: retryTransient(deps.transaction) }
  const teams = new TeamsService(d)
  const dispatch = new DispatchService(d, teams)
  const auth = new AuthService(d)
  const scope = new ReadScope(d)
  const stays = new StaysService(d, auth)
  const destinations = new DestinationsService(d)
  const people = new PeopleService(d, auth, scope, stays)
  return {
    teams,
    dispatch,
    incidents: new IncidentsService(d, teams, dispatch, auth, scope, destinations),
    destinations,
    handovers: new HandoversService(d, teams, people, stays, auth),
    people,
    stays,
    papers: new PapersService(d, auth, stays),
    auth,
    events: new EventsService(d, auth),
    history: new HistoryService(d, auth),
    photos: new PhotosService(d, auth, scope),
    push: new PushService(d),
    reports: new ReportsService(d),
    roster: new RosterService(d, teams),
    settings: new SettingsService(d),
    limits: new RateLimits(d.config),
    scope,
  }
}
