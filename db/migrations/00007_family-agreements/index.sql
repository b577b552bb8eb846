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
