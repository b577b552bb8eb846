-- Demo mode is marked in the data, so a start with demo mode off can find and disable all of
-- it: demo accounts (users.is_demo) and demo teams (teams.is_demo). Example destinations are
-- already marked (destinations.is_example).
alter table users add column is_demo boolean not null default false;
alter table teams add column is_demo boolean not null default false;
