-- Accounts, sessions, the access log for personal data, and report photos.

create table users (
  id uuid primary key,
  username text not null unique,
  display_name text not null,
  role text not null check (role in ('admin','dispatcher','call_taker','team','viewer')),
  team_id uuid references teams(id),
  password_hash text not null,
  disabled_at timestamptz,
  created_at timestamptz not null,
  check ((role = 'team') = (team_id is not null))
);

-- Only a hash of the session token is stored: a copy of this table does not let anyone sign in.
create table sessions (
  id text primary key,
  user_id uuid not null references users(id),
  csrf_token text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  last_seen_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user on sessions (user_id) where revoked_at is null;

-- Who read which person's record, and when (append-only, like the event log).
create table access_log (
  id bigserial primary key,
  at timestamptz not null,
  user_id uuid,
  role text not null,
  record_type text not null,
  record_ids uuid[] not null,
  action text not null,
  request_id text
);
create index access_log_at on access_log (at);
create trigger access_log_no_update before update or delete on access_log
  for each row execute function refuse_change();

create table photos (
  id uuid primary key,
  incident_id uuid not null references incidents(id),
  content_type text not null,
  bytes bytea not null,
  size integer not null,
  created_at timestamptz not null
);
create index photos_incident on photos (incident_id);
