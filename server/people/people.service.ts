import type { Actor } from '@shared/events.js'
import type { IncidentCategory } from '@shared/incidents.js'
import { checkNik } from '@shared/nik.js'
import type { MatchQuery, PersonInput, PersonMatch, PersonMatchHint, PersonMatchView, PersonPatch, PersonPhoto, PersonRecord, PpksCategory } from '@shared/people.js'
import type { Deps } from '../context.js'
import type { Tx, UnitOfWork } from '../db/transaction.js'
import { AppError, notFound } from '../errors.js'
import type { Identity } from '../http/identity.js'
import type { AuthService } from '../auth/auth.service.js'
import { permits } from '../auth/policy.js'
import type { ReadScope } from '../auth/read-scope.js'
import { sniffImage } from '../photos/photos.service.js'
import type { Stay } from '@shared/stays.js'
import type { StaysService } from '../stays/stays.service.js'
import { peopleRepository, type PersonFields } from './people.repository.js'

/** A guessed age is a guess: birth years this far apart still count as the same age. */
export const MATCH_AGE_TOLERANCE_YEARS = 5
/** An earlier pickup this close (metres, straight line) to where the person was found counts. */
export const MATCH_NEARBY_M = 1000
/** Photos kept per person: enough to recognise them, not an album. */
export const MAX_PHOTOS_PER_PERSON = 5
/** Candidates scoring below this are not shown. */
export const MATCH_MIN_SCORE = 0.25

/** Where a request came from, for the access log (defined beside Identity, for every service). */
export type { Caller } from '../http/identity.js'
import type { Caller } from '../http/identity.js'

/**
 * People records: personal data of vulnerable people, so every read is access-logged here
 * and facility staff read only the people who are or were at their facility. Events about a
 * person carry ids only (decision 009): the record itself can then be corrected or
 * anonymised, which the append-only log could not be.
 */
export class PeopleService {
  constructor(
    private readonly d: Deps,
    private readonly auth: AuthService,
    private readonly scope: ReadScope,
    private readonly stays: StaysService,
  ) {}

  ppksCategories(): PpksCategory[] {
    return this.d.city.ppks
  }

  /** The PPKS categories the city maps an incident category to (city.json `ppks.byCategory`). */
  defaultPpks(category: IncidentCategory): number[] {
    return [...(this.d.city.config.ppks?.byCategory[category] ?? [])]
  }

  /**
   * Turns a form's person into stored fields: checks the NIK's shape and the PPKS numbers,
   * works out a birth year from a guessed age, and fills sex and birth year from the NIK when
   * the form left them open. `path` prefixes field names in errors (`person.nik`).
   */
  settle(input: PersonInput, path: string, fallbackPpks: number[] = []): PersonFields {
    const now = this.d.clock.now()
    let sex = input.sex
    let birthYear = input.birthYear ?? null
    let birthYearEstimated = false
    if (input.nik) {
      const nik = this.checkNik(input.nik, path)
      if (sex === 'unknown') sex = nik.sex
      if (birthYear === null && input.approxAge === undefined) birthYear = Number(nik.birthDate.slice(0, 4))
    }
    if (birthYear === null && input.approxAge !== undefined) {
      birthYear = now.getUTCFullYear() - input.approxAge
      birthYearEstimated = true
    }
    const ppks = input.ppks ?? fallbackPpks
    this.checkPpks(ppks, path)
    return {
      name: input.name ?? null,
      aliases: input.aliases,
      nik: input.nik ?? null,
      sex,
      birthYear,
      birthYearEstimated,
      homeRegion: input.homeRegion ?? null,
      features: input.features ?? null,
      ppks: [...new Set(ppks)].sort((a, b) => a - b),
    }
  }

  private checkNik(nik: string, path: string) {
    const check = checkNik(nik, this.d.clock.now())
    if (!check.ok) throw new AppError('validation_failed', `${path}.nik: ${check.message}`, [{ path: `${path ? path + '.' : ''}nik`, message: check.message }])
    return check
  }

  private checkPpks(ppks: number[], path: string) {
    const known = new Set(this.d.city.ppks.map((p) => p.no))
    const i = ppks.findIndex((n) => !known.has(n))
    if (i >= 0) {
      const message = `${ppks[i]} is not a PPKS category of this city's list (GET /api/people/ppks)`
      throw new AppError('validation_failed', `${path ? path + '.' : ''}ppks.${i}: ${message}`, [{ path: `${path ? path + '.' : ''}ppks.${i}`, message }])
    }
  }

  /** Creates a person inside a caller's transaction (a handover creates one with it). */
  async insert(tx: Tx, uow: UnitOfWork, fields: PersonFields, actor: Actor): Promise<PersonRecord> {
    const person = await peopleRepository.insert(tx, this.d.ids.uuid(), fields, this.d.clock.now())
    uow.log({ type: 'person.created', actor, data: { personId: person.id } })
    return person
  }

  async create(input: PersonInput, caller: Caller): Promise<PersonRecord> {
    const fields = this.settle(input, '')
    return this.d.transaction((tx, uow) => this.insert(tx, uow, fields, caller.who.actor))
  }

  async update(id: string, patch: PersonPatch, caller: Caller): Promise<PersonRecord> {
    await this.assertCanRead(caller.who, id)
    return this.d.transaction(async (tx, uow) => {
      const before = await peopleRepository.get(tx, id, { lock: true })
      if (!before) throw notFound('Person', id)
      const { approxAge, ...rest } = patch
      const fields: Partial<PersonFields> = { ...rest }
      if (patch.nik) this.checkNik(patch.nik, '')
      if (patch.ppks) this.checkPpks(patch.ppks, '')
      if (patch.birthYear !== undefined) fields.birthYearEstimated = false
      else if (approxAge !== undefined) {
        fields.birthYear = this.d.clock.now().getUTCFullYear() - approxAge
        fields.birthYearEstimated = true
      }
      const after = await peopleRepository.update(tx, id, fields, this.d.clock.now())
      uow.log({ type: 'person.updated', actor: caller.who.actor, data: { personId: id, fields: Object.keys(fields).sort() } })
      return after
    })
  }

  async get(id: string, caller: Caller): Promise<PersonRecord> {
    await this.assertCanRead(caller.who, id)
    const person = await peopleRepository.get(this.d.db.sql, id)
    if (!person) throw notFound('Person', id)
    await this.auth.logAccess(caller.who, 'person', [id], 'read', caller.requestId)
    return person
  }

  /**
   * Adds a photo to the person's record (item 1 of issue #9: to recognise them again): JPEG, PNG
   * or WebP judged by its bytes, at most MAX_PHOTO_BYTES, MAX_PHOTOS_PER_PERSON per person
   * (counted under the person's row lock). Facility staff: people who are or were at their facility.
   */
  async addPhoto(id: string, bytes: Uint8Array, caller: Caller): Promise<PersonPhoto> {
    await this.assertCanRead(caller.who, id)
    const max = this.d.config.MAX_PHOTO_BYTES
    if (bytes.length > max) throw new AppError('payload_too_large', `photo: at most ${max} bytes`, [{ path: 'photo', message: `larger than ${max} bytes` }])
    const type = sniffImage(bytes)
    if (!type) throw new AppError('validation_failed', 'photo: the file is not a JPEG, PNG or WebP image', [{ path: 'photo', message: 'must be a JPEG, PNG or WebP image' }])
    return this.d.transaction(async (tx, uow) => {
      if (!(await peopleRepository.get(tx, id, { lock: true }))) throw notFound('Person', id)
      const photo = await peopleRepository.addPhoto(
        tx,
        { id: this.d.ids.uuid(), personId: id, contentType: type, bytes, uploadedAt: this.d.clock.now(), uploadedBy: caller.who.actor },
        MAX_PHOTOS_PER_PERSON,
      )
      if (photo === 'full') throw new AppError('conflict', `A person record keeps at most ${MAX_PHOTOS_PER_PERSON} photos`, [{ path: 'photo', message: `limit of ${MAX_PHOTOS_PER_PERSON} reached` }])
      uow.log({ type: 'person.updated', actor: caller.who.actor, data: { personId: id, fields: ['photos'] } })
      return photo
    })
  }

  /** The person's photos on file (what, not the files); logged as a read of the person. */
  async photos(id: string, caller: Caller): Promise<PersonPhoto[]> {
    await this.assertCanRead(caller.who, id)
    const list = await peopleRepository.photos(this.d.db.sql, id)
    await this.auth.logAccess(caller.who, 'person', [id], 'photos', caller.requestId)
    return list
  }

  /** One photo's file; every read logged. */
  async photo(id: string, photoId: string, caller: Caller): Promise<{ contentType: string; bytes: Uint8Array }> {
    await this.assertCanRead(caller.who, id)
    const file = await peopleRepository.photo(this.d.db.sql, id, photoId)
    if (!file) throw notFound('Photo', photoId)
    await this.auth.logAccess(caller.who, 'person', [id], 'photo', caller.requestId)
    return file
  }

  async search(text: string, caller: Caller): Promise<PersonRecord[]> {
    const found = await peopleRepository.search(this.d.db.sql, text, 50)
    await this.auth.logAccess(
      caller.who,
      'person',
      found.map((p) => p.id),
      'search',
      caller.requestId,
    )
    return found
  }

  /**
   * Likely earlier records of the person described (item 2 of issue #9): the same NIK, or a
   * similar name or alias, weighed with sex, age and where they were picked up before. Nothing
   * is merged: staff confirm a match by picking its id at the handover. Logged as a read.
   * What the caller learns of each match depends on who asks (`visibleTo`).
   */
  async matches(m: MatchQuery, caller: Caller): Promise<PersonMatchView[]> {
    // A team looks up the person it is picking up or handing over: only while it holds a case
    // (ReadScope.currentCases, the same rule as for the case itself), not the registry at will.
    if (caller.who.role === 'team' && !(caller.who.teamId && (await this.scope.currentCases(caller.who.teamId)).length > 0)) {
      throw new AppError('forbidden', 'Your team holds no case now: earlier records are looked up for the person a team picks up')
    }
    const now = this.d.clock.now()
    const birthYear = m.birthYear ?? (m.approxAge !== undefined ? now.getUTCFullYear() - m.approxAge : null)
    // Rounded to 6 decimals (~0.1 m): a denormal like 5e-324 makes Postgres' trigonometry fail with an underflow.
    const round = (v: number) => Math.round(v * 1e6) / 1e6
    const location = m.location ? { lon: round(m.location.lon), lat: round(m.location.lat) } : null
    const rows = await peopleRepository.candidates(this.d.db.sql, { name: m.name ?? null, nik: m.nik ?? null, location, nearbyM: MATCH_NEARBY_M })
    const out = rows
      .map((r): PersonMatch => {
        const reasons: PersonMatch['reasons'] = []
        let score: number
        if (r.nikMatch) {
          reasons.push('nik')
          score = 1
        } else {
          score = 0.6 * r.nameSimilarity
          if (r.nameSimilarity > 0) reasons.push('name')
          const sexKnown = m.sex && m.sex !== 'unknown' && r.person.sex !== 'unknown'
          if (sexKnown && m.sex === r.person.sex) {
            score += 0.15
            reasons.push('sex')
          } else if (sexKnown) score -= 0.3
          if (birthYear !== null && r.person.birthYear !== null) {
            if (Math.abs(birthYear - r.person.birthYear) <= MATCH_AGE_TOLERANCE_YEARS) {
              score += 0.15
              reasons.push('age')
            } else score -= 0.15
          }
          if (r.nearby) {
            score += 0.1
            reasons.push('nearby')
          }
          score = Math.max(0, Math.min(0.99, score))
        }
        return {
          personId: r.person.id,
          person: r.person,
          score: Math.round(score * 100) / 100,
          reasons,
          pickups: r.pickups,
          lastSeenAt: r.lastSeenAt,
          lastOutcome: r.lastOutcome,
          recommendation: this.recommendationFor(r.lastOutcome),
        }
      })
      .filter((x) => x.score >= MATCH_MIN_SCORE)
      .sort((a, b) => b.score - a.score)
    const whole = await this.visibleTo(
      caller.who,
      out.map((x) => x.personId),
    )
    await this.auth.logAccess(
      caller.who,
      'person',
      out.map((x) => x.personId),
      'match',
      caller.requestId,
    )
    return out.map((x) => (whole.has(x.personId) ? x : hint(x)))
  }

  /**
   * Which of these people the caller may see whole in a match (decision 016): the people it may
   * read (`person.read`: dispatchers and admins all, facility staff those who are or were at
   * their facility, as `assertCanRead`). A team reads none: it learns that a likely earlier
   * record exists, why, and the city's rule, while the facility and dispatchers see the record.
   */
  private async visibleTo(who: Identity, personIds: string[]): Promise<Set<string>> {
    if (!permits(who.role, 'person.read')) return new Set()
    if (who.role !== 'facility') return new Set(personIds)
    return who.destinationId ? peopleRepository.stayedAt(this.d.db.sql, personIds, who.destinationId) : new Set()
  }

  /** The city's rule for a returning person (city.json `returning`), given how their last stay ended. */
  recommendationFor(lastOutcome: string | null): PersonMatch['recommendation'] {
    const rule = this.d.city.config.returning
    if (!rule || !lastOutcome || !(rule.afterOutcomes as readonly string[]).includes(lastOutcome)) return null
    return { destinationKind: rule.recommendKind, because: `picked up again after a stay that ended ${lastOutcome}` }
  }

  /**
   * The retention job: anonymises person records closed for longer than the city's
   * `retention.anonymiseAfterDays`, each in its own transaction with a `person.updated`
   * event naming the change (no content). Returns how many it anonymised.
   */
  async anonymiseExpired(): Promise<number> {
    const days = this.d.city.config.retention?.anonymiseAfterDays
    if (!days) return 0
    const now = this.d.clock.now()
    const before = new Date(now.getTime() - days * 86_400_000)
    let done = 0
    for (const id of await peopleRepository.expired(this.d.db.sql, before, 500)) {
      const changed = await this.d.transaction(async (tx, uow) => {
        if (!(await peopleRepository.get(tx, id, { lock: true }))) return false
        if (!(await peopleRepository.anonymise(tx, id, before, now))) return false
        uow.log({ type: 'person.updated', actor: { kind: 'system', id: null }, data: { personId: id, fields: ['anonymised'] } })
        return true
      })
      if (changed) done++
    }
    if (done) this.d.logger.info('person records anonymised after the retention period', { count: done, days })
    return done
  }

  /** A person's stays, newest first, for a caller who may read the person (logged by StaysService). */
  async staysOf(personId: string, caller: Caller): Promise<Stay[]> {
    await this.assertCanRead(caller.who, personId)
    return this.stays.forPerson(personId, caller)
  }

  /** Facility staff read only people who are or were at their facility; other roles by the permission table. */
  async assertCanRead(who: Identity, personId: string): Promise<void> {
    if (who.role !== 'facility') return
    if (who.destinationId && (await peopleRepository.staysAt(this.d.db.sql, personId, who.destinationId))) return
    throw new AppError('forbidden', 'This person has not been at your facility')
  }
}

/** A match without the record and its history: the id to confirm it with, the score, why, and the rule. */
function hint(m: PersonMatch): PersonMatchHint {
  return { personId: m.personId, score: m.score, reasons: m.reasons, recommendation: m.recommendation }
}
