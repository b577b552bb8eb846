-- The signed release-to-family agreement, as the family signed it (a scan or a photo), one per
-- stay (decision 016). Stored beside the stay like report photos; cleared by the retention job.
create table stay_agreements (
  stay_id uuid primary key references stays(id),
  content_type text not null check (content_type in ('image/jpeg','image/png','image/webp','application/pdf')),
  bytes bytea not null,
  size integer not null,
  uploaded_at timestamptz not null,
  uploaded_by jsonb not null
);

-- Decision 016: a `handover.logged` event no longer carries the person (name, NIK, age,
-- condition…) or the handover's notes; they live in `handovers`, where the retention job can
-- clear them, and the event keeps the handover's id. This is the one reviewed exception to
-- the log's append-only rule: the rows logged before are rewritten once, here, with the
-- trigger off for this one statement only, inside the migration's transaction (ALTER TABLE
-- holds an exclusive lock on `events` until it commits, so nothing else writes meanwhile).
-- The rewrite is itself logged as a `log.redacted` event saying what was removed and from
-- how many rows.
alter table events disable trigger events_no_update;
with redacted as (
  update events set after = after - 'person' - 'notes'
  where type = 'handover.logged' and (after ? 'person' or after ? 'notes')
  returning seq
)
insert into events (at, type, actor, data)
select now(), 'log.redacted', '{"kind":"system","id":null}'::jsonb,
  jsonb_build_object('eventType', 'handover.logged', 'fields', jsonb_build_array('person', 'notes'), 'rows', count(*), 'decision', '016')
from redacted having count(*) > 0;
alter table events enable trigger events_no_update;
