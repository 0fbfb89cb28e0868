-- The release flow (docs/release-flow.md). An approved request outside its environment's deployment
-- windows waits in WAITING_FOR_WINDOW until a window opens or a lead overrides the window with a reason,
-- which the request keeps (shown on its page; audited too). ROLLED_BACK is allowed here as well, so that
-- the automatic rollback's migration and this one can be applied in either order.
alter table deployment_requests drop constraint deployment_requests_state;
alter table deployment_requests add constraint deployment_requests_state check (state in ('PENDING_APPROVAL',
    'APPROVED', 'WAITING_FOR_WINDOW', 'SYNCING', 'SYNCED', 'FAILED', 'REJECTED', 'CANCELLED', 'SUPERSEDED',
    'ROLLED_BACK'));

alter table deployment_requests
    add column window_override_by     varchar(64),
    add column window_override_reason varchar(2000),
    add column window_override_at     timestamptz,
    add constraint deployment_requests_window_override_complete check (
        (window_override_by is null) = (window_override_reason is null)
        and (window_override_by is null) = (window_override_at is null));

-- The opener looks for the requests that wait for a window.
create index deployment_requests_waiting_for_window on deployment_requests (environment_id)
    where state = 'WAITING_FOR_WINDOW';
