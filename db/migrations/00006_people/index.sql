-- People who outlive an incident, their stays at shelters, RPS and panti, manual occupancy
-- adjustments, and accounts for a receiving facility's staff (issue #9, decision 009).

create table people (
  id uuid primary key,
  name text,
  aliases text[] not null default '{}',
  nik text check (nik is null or nik ~ '^[0-9]{16}$'),
  sex text not null check (sex in ('male','female','unknown')),
  birth_year integer,
  birth_year_estimated boolean not null default false,
  home_region text,
  features text,
  -- Numbers in the national list of PPKS categories (Permensos 08/2012).
  ppks smallint[] not null default '{}',
  -- Set when the retention period (city.json) passed and the identifying fields were cleared.
  anonymised_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
-- Not unique: two records of one person exist until staff confirm a match; nothing merges itself.
create index people_nik on people (nik) where nik is not null;

alter table handovers add column person_id uuid references people(id);
create index handovers_person on handovers (person_id) where person_id is not null;
-- The receiving side's sign-off: the handover is complete when both sides have signed it.
alter table handovers add column receipt_confirmed_at timestamptz;
alter table handovers add column receipt_confirmed_by jsonb;

-- A person's stay at a destination that holds residents (RPS, shelter, panti).
create table stays (
  id uuid primary key,
  person_id uuid not null references people(id),
  destination_id uuid not null references destinations(id),
  handover_id uuid references handovers(id),
  checked_in_at timestamptz not null,
  checked_out_at timestamptz,
  outcome text check (outcome in
    ('released_to_family','referred_to_panti','hospital','returned_home_region','left','transferred','died')),
  outcome_details jsonb,
  override_capacity boolean not null default false,
  due_soon_alerted_at timestamptz,
  overdue_alerted_at timestamptz,
  created_at timestamptz not null,
  check ((checked_out_at is null) = (outcome is null))
);
-- A person is in one place at a time.
create unique index stays_one_open_per_person on stays (person_id) where checked_out_at is null;
create index stays_open_by_destination on stays (destination_id) where checked_out_at is null;
create index stays_person on stays (person_id, checked_in_at);

-- Occupancy = open stays + the sum of these. Append-only, like the other logs.
create table occupancy_adjustments (
  id bigserial primary key,
  destination_id uuid not null references destinations(id),
  delta integer not null check (delta <> 0),
  reason text not null,
  actor jsonb not null,
  at timestamptz not null
);
create index occupancy_adjustments_destination on occupancy_adjustments (destination_id);
create trigger occupancy_adjustments_no_update before update or delete on occupancy_adjustments
  for each row execute function refuse_change();

-- Occupancy already recorded becomes the first adjustment, so the sum above holds from here on.
insert into occupancy_adjustments (destination_id, delta, reason, actor, at)
  select id, occupancy, 'occupancy recorded before stays were tracked', '{"kind":"system","id":null}'::jsonb, now()
  from destinations where occupancy > 0 and kind in ('rps','shelter','panti');

-- Hospitals, puskesmas and families do not report their occupancy to us: unknown, not 0.
alter table destinations alter column occupancy drop not null;
alter table destinations alter column occupancy drop default;
update destinations set occupancy = null where kind not in ('rps','shelter','panti');

-- Facility staff: an account bound to one destination, like a team member to a team.
alter table users drop constraint users_role_check;
alter table users add constraint users_role_check check (role in ('admin','dispatcher','call_taker','team','viewer','facility'));
alter table users add column destination_id uuid references destinations(id);
alter table users add constraint users_facility_destination check ((role = 'facility') = (destination_id is not null));

-- Recognising a returning person: trigram similarity of names and aliases (pg_trgm is a
-- trusted extension, so a database owner may create it; PGlite loads it in openPglite).
create extension if not exists pg_trgm;
create index people_name_trgm on people using gin (name gin_trgm_ops);
-- The rule a person's handover was sent against, and why staff chose otherwise.
alter table handovers add column rule_override_reason text;
