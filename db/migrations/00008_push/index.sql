-- Web Push to the team phones (issue #11, decision 014): the server's VAPID key pair, made at
-- the first start and kept here (not in the source or a file, so every server process on the
-- database signs with the same key and a restart keeps the phones' subscriptions valid), and
-- each phone's push subscription.

create table push_vapid_keys (
  -- One key pair per deployment.
  id smallint primary key check (id = 1),
  -- Uncompressed P-256 point and private scalar, URL-safe base64 (RFC 8292).
  public_key text not null,
  private_key text not null,
  created_at timestamptz not null
);

-- One row per phone (browser): the push service's endpoint is unique to it. A phone that signs
-- in with another account takes its row over.
create table push_subscriptions (
  endpoint text primary key,
  user_id uuid not null references users(id),
  team_id uuid not null references teams(id),
  -- The phone's ECDH public key and auth secret (RFC 8291), URL-safe base64.
  p256dh text not null,
  auth text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index push_subscriptions_team on push_subscriptions (team_id);
