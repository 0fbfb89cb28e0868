-- Searching the audit trail newest first with keyset paging (id < cursor): each equality filter walks its
-- own (column, id) index backwards, so a page costs the same at a million events as at a hundred.
create index audit_events_environment_id on audit_events (environment, id);

-- A time range is turned into a range of ids (writers never let time go backwards along the chain):
-- (occurred_at, id) finds the first id at or after a given time with one index probe.
create index audit_events_occurred_at_id on audit_events (occurred_at, id);
drop index audit_events_occurred_at;
