-- Initial schema. Times are written by the application's clock (injected, so tests control
-- it); the database only enforces the invariants that must hold across server processes.

create table teams (
  id uuid primary key,
  call_sign text not null unique,
  name text not null,
  phone text,
  status text not null check (status in
    ('off_duty','available','assigned','en_route','on_scene','transporting','at_handover','returning')),
  status_changed_at timestamptz not null,
  lon double precision,
  lat double precision,
  accuracy_m double precision,
  heading_deg double precision,
  speed_mps double precision,
  device_time timestamptz,
  position_received_at timestamptz,
  created_at timestamptz not null
);

-- Every position a team sends, for audit and route reconstruction (append-only).
create table team_positions (
  id bigserial primary key,
  team_id uuid not null references teams(id),
  lon double precision not null,
  lat double precision not null,
  accuracy_m double precision not null,
  heading_deg double precision,
  speed_mps double precision,
  device_time timestamptz not null,
  received_at timestamptz not null
);
create index team_positions_team_time on team_positions (team_id, received_at);

create table destinations (
  id uuid primary key,
  name text not null,
  kind text not null check (kind in ('rps','shelter','panti','hospital','puskesmas','family')),
  lon double precision not null,
  lat double precision not null,
  address text,
  capacity integer check (capacity is null or capacity >= 0),
  occupancy integer not null default 0 check (occupancy >= 0),
  accepts text[] not null,
  opening_hours text not null default '24h',
  contact text,
  is_example boolean not null default false,
  source text,
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table incidents (
  id uuid primary key,
  tracking_code text not null unique,
  category text not null,
  priority text not null check (priority in ('critical','high','normal')),
  answers jsonb not null,
  status text not null,
  lon double precision not null,
  lat double precision not null,
  accuracy_m double precision,
  location_source text not null,
  address text,
  description text not null default '',
  kecamatan_code text,
  kecamatan text,
  kelurahan_code text,
  kelurahan text,
  source text not null check (source in ('citizen','call_taker')),
  reporter_name text,
  reporter_phone text,
  team_id uuid references teams(id),
  destination_id uuid references destinations(id),
  duplicate_of uuid references incidents(id),
  possible_duplicates uuid[] not null default '{}',
  disposition text,
  disposition_note text,
  reported_at timestamptz not null,
  assigned_at timestamptz,
  acknowledged_at timestamptz,
  en_route_at timestamptz,
  on_scene_at timestamptz,
  transporting_at timestamptz,
  handed_over_at timestamptz,
  closed_at timestamptz,
  ack_deadline timestamptz,
  updated_at timestamptz not null
);
create index incidents_status_reported on incidents (status, reported_at);
create index incidents_reported_at on incidents (reported_at);
create index incidents_kecamatan on incidents (kecamatan);

-- An assignment binds one team to one incident until it ends. The two partial unique
-- indexes are the invariants "a team never holds two open incidents" and "an incident
-- never has two active assignments", enforced by the database for every server process.
create table assignments (
  id uuid primary key,
  incident_id uuid not null references incidents(id),
  team_id uuid not null references teams(id),
  assigned_at timestamptz not null,
  ack_deadline timestamptz,
  acknowledged_at timestamptz,
  delivered_at timestamptz,
  ended_at timestamptz,
  end_reason text,
  assigned_by jsonb not null
);
create unique index assignments_one_per_team on assignments (team_id) where ended_at is null;
create unique index assignments_one_per_incident on assignments (incident_id) where ended_at is null;
create index assignments_pending_ack on assignments (ack_deadline) where ended_at is null and acknowledged_at is null;

create table handovers (
  id uuid primary key,
  incident_id uuid not null unique references incidents(id),
  team_id uuid not null references teams(id),
  destination_id uuid not null references destinations(id),
  person jsonb not null,
  received_by text not null,
  handed_over_at timestamptz not null,
  notes text,
  override_capacity boolean not null default false,
  created_at timestamptz not null
);

-- The append-only event log: the source of truth for timelines, reports and live updates.
create table events (
  seq bigserial primary key,
  at timestamptz not null,
  type text not null,
  actor jsonb not null,
  incident_id uuid,
  team_id uuid,
  destination_id uuid,
  before jsonb,
  after jsonb,
  data jsonb
);
create index events_incident on events (incident_id, seq) where incident_id is not null;
create index events_team on events (team_id, seq) where team_id is not null;

-- Shared by every append-only table (the event log here, the access log later).
create function refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only (% refused)', tg_table_name, tg_op;
end $$;
create trigger events_no_update before update or delete on events
  for each row execute function refuse_change();

-- Retried POSTs from phones: the first response is stored with the change it made.
create table idempotency_keys (
  scope text not null,
  key text not null,
  request_hash text not null,
  status integer not null,
  body jsonb not null,
  created_at timestamptz not null,
  primary key (scope, key)
);
