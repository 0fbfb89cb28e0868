-- Automatic rollback (docs/auto-rollback.md). A synced revision in an environment with `autoRollback` that is
-- not HEALTHY within the policy's `progressDeadlineSeconds` is rolled back, by a new request that policy
-- decides, to the last revision that was HEALTHY there. The two requests point at each other.
alter table deployment_requests
    -- The rollback request that undid this one (this one is then ROLLED_BACK).
    add column rolled_back_by bigint references deployment_requests (id),
    -- The failed request this one rolls back; such a request is never rolled back itself (no loops).
    add column rollback_of    bigint references deployment_requests (id),
    -- When the lease holder first judged this request's revision HEALTHY where it ran: what a rollback
    -- goes back to.
    add column healthy_at     timestamptz,
    -- What the watcher decided about this request, in words: why it was rolled back, or why it was not (or
    -- could not be). Set once, so the watcher acts once.
    add column rollback_note  varchar(1000);

-- ROLLED_BACK joins the states. WAITING_FOR_WINDOW (release windows, the same issue) is listed too, so this
-- constraint stays right whichever of the two changes is applied last.
alter table deployment_requests drop constraint deployment_requests_state;
alter table deployment_requests add constraint deployment_requests_state check (state in ('PENDING_APPROVAL',
    'APPROVED', 'SYNCING', 'SYNCED', 'FAILED', 'REJECTED', 'CANCELLED', 'SUPERSEDED', 'WAITING_FOR_WINDOW',
    'ROLLED_BACK'));

create index deployment_requests_rollback_of on deployment_requests (rollback_of) where rollback_of is not null;

-- What is HEALTHY now was HEALTHY when its health was last recorded.
update deployment_requests r set healthy_at = d.health_changed_at
from deployed_state d
where d.request_id = r.id and d.health = 'HEALTHY' and d.health_changed_at is not null;
