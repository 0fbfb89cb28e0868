-- A fallback approver group per environment: a team whose leads may decide a request there when no
-- lead of the owning team other than the requester exists (a team with a single lead could otherwise
-- never get that lead's own requests approved). Empty: no fallback.
alter table environments add column fallback_approvers varchar(63)
    references teams (slug) on update cascade on delete set null;
