-- The waiting queue and the duplicate check, served by indexes.
--
-- The queue is ordered by priority, then age. Ordering by `case priority when ... end` could
-- not use an index, so every report sorted the whole queue. The rank is now stored beside the
-- priority (the application writes PRIORITY_RANK[priority] from shared/incidents.ts whenever
-- it writes the priority; the backfill below is the one other place that mapping appears).
alter table incidents add column priority_rank smallint;
update incidents set priority_rank = case priority when 'critical' then 0 when 'high' then 1 else 2 end;
alter table incidents alter column priority_rank set not null;
create index incidents_queue on incidents (priority_rank, reported_at) where status = 'reported';

-- A likely duplicate is the same category reported within a short window: (category,
-- reported_at) narrows the check to a handful of recent rows however long the history.
create index incidents_recent_by_category on incidents (category, reported_at);
