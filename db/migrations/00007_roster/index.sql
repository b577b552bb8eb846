-- The duty roster and the run-time settings (issue #10, items 1 and 2; docs/decisions/013-duty-roster.md).

-- One planned shift: the date it starts on (city time), which of the city's shifts, its duty
-- supervisor (a dispatcher or admin account) and the handover note its staff left for the next.
create table roster_shifts (
  shift_date date not null,
  shift_id text not null,
  supervisor_id uuid references users(id),
  note text,
  note_by uuid references users(id),
  note_at timestamptz,
  updated_at timestamptz not null,
  primary key (shift_date, shift_id)
);

-- The teams on duty in a shift and the team accounts riding in each.
create table roster_entries (
  shift_date date not null,
  shift_id text not null,
  team_id uuid not null references teams(id),
  member_ids uuid[] not null default '{}',
  primary key (shift_date, shift_id, team_id),
  foreign key (shift_date, shift_id) references roster_shifts (shift_date, shift_id) on delete cascade
);

-- Which shift change was last applied to the teams, and whether the no-team-on-duty alarm is
-- raised: one row, locked by the process that applies a change (several processes share it).
create table roster_state (
  id smallint primary key default 1 check (id = 1),
  applied_date date,
  applied_shift text,
  no_team_alarm boolean not null default false
);
insert into roster_state (id) values (1);

-- Teams the roster took off duty while they held a case: they go off duty when it ends.
create table roster_pending_off (
  team_id uuid primary key references teams(id),
  since timestamptz not null
);

-- Settings an admin changed at run time (shared/settings.ts); absent keys take their default
-- from the environment and city.json.
create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null,
  updated_by uuid references users(id)
);
