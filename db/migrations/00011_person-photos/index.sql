-- Photos of a person (issue #9 item 1): to recognise them when they are picked up again.
-- Personal data: served only to those who may read the person, every read access-logged,
-- deleted by the retention job with the rest of what identifies them.
create table person_photos (
  id uuid primary key,
  person_id uuid not null references people(id),
  content_type text not null check (content_type in ('image/jpeg','image/png','image/webp')),
  bytes bytea not null,
  size integer not null,
  uploaded_at timestamptz not null,
  uploaded_by jsonb not null
);
create index person_photos_person on person_photos (person_id, uploaded_at);
