-- Admin screens (issue #10): a team's members and base, and the case history's order.

-- Who is in a team, as the office writes it (names, or "name – phone"): free text, one entry
-- per person. Accounts of team members stay in users.team_id; a member needs no account.
alter table teams add column members text[] not null default '{}';
-- Where the team starts its shift and returns to (a post, an office): a name and a point.
alter table teams add column base_name text;
alter table teams add column base_lon double precision;
alter table teams add column base_lat double precision;
alter table teams add constraint teams_base_point check ((base_lon is null) = (base_lat is null));

-- Case history pages newest first by (reported_at, id): the id breaks ties between cases
-- reported in the same microsecond, so a cursor never skips or repeats a case.
create index incidents_history on incidents (reported_at desc, id desc);
