import type { Actor } from '@shared/events.js'
import type { PersonPatch, PersonPhoto, PersonRecord } from '@shared/people.js'
import type { Q } from '../db/transaction.js'

/** A row of `people` as the driver returns it (ppks as int2[] may come back as text numbers). */
interface PeopleRow {
  id: string
  name: string | null
  aliases: string[]
  nik: string | null
  sex: PersonRecord['sex']
  birth_year: number | null
  birth_year_estimated: boolean
  home_region: string | null
  features: string | null
  ppks: Array<number | string>
  anonymised_at: Date | null
  created_at: Date
  updated_at: Date
}

export function toPerson(r: PeopleRow): PersonRecord {
  return {
    id: r.id,
    name: r.name,
    aliases: r.aliases,
    nik: r.nik,
    sex: r.sex,
    birthYear: r.birth_year,
    birthYearEstimated: r.birth_year_estimated,
    homeRegion: r.home_region,
    features: r.features,
    ppks: r.ppks.map(Number),
    anonymisedAt: r.anonymised_at ? new Date(r.anonymised_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  }
}

/** A person's fields as the service settled them (birth year already worked out from an age). */
export type PersonFields = Omit<PersonRecord, 'id' | 'createdAt' | 'updatedAt'>

/** The columns a person's fields write (camelCase → snake_case). */
function columns(p: Partial<PersonFields>): Partial<PeopleRow> {
  const c: Partial<PeopleRow> = {}
  if (p.name !== undefined) c.name = p.name
  if (p.aliases !== undefined) c.aliases = p.aliases
  if (p.nik !== undefined) c.nik = p.nik
  if (p.sex !== undefined) c.sex = p.sex
  if (p.birthYear !== undefined) c.birth_year = p.birthYear
  if (p.birthYearEstimated !== undefined) c.birth_year_estimated = p.birthYearEstimated
  if (p.homeRegion !== undefined) c.home_region = p.homeRegion
  if (p.features !== undefined) c.features = p.features
  if (p.ppks !== undefined) c.ppks = p.ppks
  return c
}

export const peopleRepository = {
  async insert(q: Q, id: string, p: PersonFields, now: Date): Promise<PersonRecord> {
    const [row] = await q<PeopleRow[]>`insert into people ${q({ id, ...columns(p), created_at: now, updated_at: now } as never)} returning *`
    return toPerson(row!)
  },
  async update(q: Q, id: string, p: Partial<PersonFields>, now: Date): Promise<PersonRecord> {
    const [row] = await q<PeopleRow[]>`update people set ${q({ ...columns(p), updated_at: now } as never)} where id = ${id} returning *`
    return toPerson(row!)
  },
  async get(q: Q, id: string, opts: { lock?: boolean } = {}): Promise<PersonRecord | null> {
    const [row] = opts.lock ? await q<PeopleRow[]>`select * from people where id = ${id} for update` : await q<PeopleRow[]>`select * from people where id = ${id}`
    return row ? toPerson(row) : null
  },
  /** People by NIK or by a name or alias containing the text (case-insensitive), newest first. */
  async search(q: Q, text: string, limit: number): Promise<PersonRecord[]> {
    const like = `%${text.replace(/[\\%_]/g, (m) => '\\' + m)}%`
    const rows = await q<PeopleRow[]>`select * from people
      where nik = ${text} or name ilike ${like} or exists (select 1 from unnest(aliases) a where a ilike ${like})
      order by updated_at desc limit ${limit}`
    return rows.map(toPerson)
  },
  /**
   * Earlier records that may be the same person: the same NIK, or a name or alias similar by
   * trigrams (pg_trgm's `%`, similarity above its threshold, 0.3 by default), with what the
   * score needs: the best name similarity, pickups near `location` within `nearbyM`, and
   * the outcome of their last ended stay.
   */
  async candidates(q: Q, m: { name: string | null; nik: string | null; location: { lon: number; lat: number } | null; nearbyM: number }) {
    const name = m.name ?? ''
    const rows = await q<Array<PeopleRow & { name_sim: number; nik_match: boolean; nearby: boolean; pickups: number; last_seen_at: Date | null; last_outcome: string | null }>>`
      select p.*,
        greatest(similarity(coalesce(p.name, ''), ${name}), coalesce((select max(similarity(a, ${name})) from unnest(p.aliases) a), 0))::float8 as name_sim,
        (p.nik is not null and p.nik = ${m.nik}) as nik_match,
        ${
          m.location
            ? q`exists (select 1 from handovers h join incidents i on i.id = h.incident_id where h.person_id = p.id and
                6371000 * 2 * asin(sqrt(power(sin(radians(i.lat - ${m.location.lat}) / 2), 2)
                  + cos(radians(${m.location.lat})) * cos(radians(i.lat)) * power(sin(radians(i.lon - ${m.location.lon}) / 2), 2))) < ${m.nearbyM})`
            : q`false`
        } as nearby,
        (select count(*)::int from handovers h where h.person_id = p.id) as pickups,
        (select max(h.handed_over_at) from handovers h where h.person_id = p.id) as last_seen_at,
        (select s.outcome from stays s where s.person_id = p.id and s.checked_out_at is not null order by s.checked_out_at desc limit 1) as last_outcome
      from people p
      where (${m.nik}::text is not null and p.nik = ${m.nik})
        or (${name} <> '' and (p.name % ${name} or exists (select 1 from unnest(p.aliases) a where a % ${name})))
      order by nik_match desc, name_sim desc
      limit 20`
    return rows.map((r) => ({
      person: toPerson(r),
      nameSimilarity: Number(r.name_sim),
      nikMatch: Boolean(r.nik_match),
      nearby: Boolean(r.nearby),
      pickups: Number(r.pickups),
      lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at).toISOString() : null,
      lastOutcome: r.last_outcome ?? null,
    }))
  },
  /**
   * People whose record may be anonymised: not yet done, no open stay, and nothing (a pickup,
   * a stay ending, a change to the record) since `before`.
   */
  async expired(q: Q, before: Date, limit: number): Promise<string[]> {
    const rows = await q`select p.id from people p
      where p.anonymised_at is null and p.updated_at < ${before}
        and not exists (select 1 from stays s where s.person_id = p.id and (s.checked_out_at is null or s.checked_out_at >= ${before}))
        and not exists (select 1 from handovers h where h.person_id = p.id and h.handed_over_at >= ${before})
      order by p.updated_at limit ${limit}`
    return rows.map((r) => r.id as string)
  },
  /**
   * Clears what identifies the person, in their record, their stays' check-out details (family,
   * letters) and signed agreements, their photos, and their handovers' person snapshot and notes; keeps sex, birth year and PPKS for
   * the statistics. Only under the row lock and if still expired.
   */
  async anonymise(q: Q, id: string, before: Date, now: Date): Promise<boolean> {
    const [row] = await q`update people set name = null, aliases = '{}', nik = null, home_region = null, features = null, anonymised_at = ${now}, updated_at = ${now}
      where id = ${id} and anonymised_at is null and updated_at < ${before}
        and not exists (select 1 from stays s where s.person_id = ${id} and (s.checked_out_at is null or s.checked_out_at >= ${before}))
      returning id`
    if (!row) return false
    await q`update stays set outcome_details = null where person_id = ${id}`
    await q`delete from stay_agreements where stay_id in (select id from stays where person_id = ${id})`
    await q`delete from person_photos where person_id = ${id}`
    await q`update handovers set person = jsonb_build_object('sex', coalesce(person->>'sex', 'unknown'), 'condition', '-'), notes = null where person_id = ${id}`
    return true
  },
  /** The outcome of the person's last ended stay, if any. */
  async lastOutcome(q: Q, personId: string): Promise<string | null> {
    const [row] = await q`select outcome from stays where person_id = ${personId} and checked_out_at is not null order by checked_out_at desc limit 1`
    return (row?.outcome as string | undefined) ?? null
  },
  /** Whether any of these people ever stayed at the destination (facility staff's read scope). */
  async staysAt(q: Q, personId: string, destinationId: string): Promise<boolean> {
    const [row] = await q`select 1 from stays where person_id = ${personId} and destination_id = ${destinationId} limit 1`
    return Boolean(row)
  },
  /** Adds a photo unless the person has `max` already (counted under the person's row lock, which the caller holds). */
  async addPhoto(q: Q, p: { id: string; personId: string; contentType: string; bytes: Uint8Array; uploadedAt: Date; uploadedBy: Actor }, max: number): Promise<PersonPhoto | 'full'> {
    const [{ n }] = (await q`select count(*)::int as n from person_photos where person_id = ${p.personId}`) as unknown as [{ n: number }]
    if (n >= max) return 'full'
    await q`insert into person_photos (id, person_id, content_type, bytes, size, uploaded_at, uploaded_by)
      values (${p.id}, ${p.personId}, ${p.contentType}, ${Buffer.from(p.bytes)}, ${p.bytes.length}, ${p.uploadedAt}, ${q.json(p.uploadedBy as never)})`
    return { id: p.id, personId: p.personId, contentType: p.contentType, size: p.bytes.length, uploadedAt: p.uploadedAt.toISOString() }
  },
  async photos(q: Q, personId: string): Promise<PersonPhoto[]> {
    const rows = await q`select id, person_id, content_type, size, uploaded_at from person_photos where person_id = ${personId} order by uploaded_at, id`
    return rows.map((r) => ({ id: r.id, personId: r.person_id, contentType: r.content_type, size: Number(r.size), uploadedAt: new Date(r.uploaded_at).toISOString() }))
  },
  async photo(q: Q, personId: string, photoId: string): Promise<{ contentType: string; bytes: Uint8Array } | null> {
    const [row] = await q`select content_type, bytes from person_photos where id = ${photoId} and person_id = ${personId}`
    return row ? { contentType: row.content_type, bytes: row.bytes } : null
  },
  /** Which of these people are or were at the destination. */
  async stayedAt(q: Q, personIds: string[], destinationId: string): Promise<Set<string>> {
    if (personIds.length === 0) return new Set()
    const rows = await q`select distinct person_id from stays where person_id = any(${personIds}::uuid[]) and destination_id = ${destinationId}`
    return new Set(rows.map((r) => r.person_id as string))
  },
}
export type { PersonPatch }
