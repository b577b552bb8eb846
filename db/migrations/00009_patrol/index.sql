-- Cases a team finds on patrol and starts from its phone (issue #11 item 4, decision 015):
-- a third source beside citizens and call-takers.
alter table incidents drop constraint incidents_source_check;
alter table incidents add constraint incidents_source_check check (source in ('citizen','call_taker','patrol'));
