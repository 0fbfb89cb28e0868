-- Approvals: the leads' queue, re-approval when the approved objects would render differently, and
-- notifications through one optional outgoing webhook per team.

-- The queue page and the layout's badge count what waits for a lead on every page: keep that cheap.
create index deployment_requests_pending on deployment_requests (service_id, updated_at)
    where state = 'PENDING_APPROVAL';

-- REFUSED: the deployer applied nothing because the approved objects would now render differently;
-- the request went back for a new approval.
alter table sync_runs drop constraint sync_runs_outcome;
alter table sync_runs add constraint sync_runs_outcome
    check (outcome in ('RUNNING', 'SUCCEEDED', 'FAILED', 'RETRYING', 'ABANDONED', 'REFUSED'));

-- A webhook URL usually carries its own credential (a Slack incoming webhook is one), so it is sealed
-- like a kubeconfig and shown by host only.
create table team_webhooks (
    team_id        bigint       primary key references teams (id) on delete cascade,
    url_ciphertext bytea        not null,
    url_key_id     varchar(64)  not null,
    url_host       varchar(255) not null,
    created_by     varchar(64)  not null,
    created_at     timestamptz  not null default now(),
    updated_by     varchar(64)  not null,
    updated_at     timestamptz  not null default now()
);

-- The outbox. A delivery is written in the transaction of the event it tells about and sent later by
-- a background sender with retries, so a failing webhook never blocks or rolls back a decision.
-- While a sender works on a delivery, next_attempt_at is its lease: a crashed sender's delivery
-- becomes due again.
create table webhook_deliveries (
    id              bigint generated always as identity primary key,
    team_id         bigint        not null references teams (id) on delete cascade,
    event           varchar(64)   not null,
    payload         jsonb         not null,
    state           varchar(16)   not null default 'PENDING',
    attempts        integer       not null default 0,
    next_attempt_at timestamptz   not null default now(),
    last_error      varchar(1000),
    created_at      timestamptz   not null default now(),
    delivered_at    timestamptz,
    constraint webhook_deliveries_state check (state in ('PENDING', 'DELIVERED', 'FAILED')),
    constraint webhook_deliveries_delivered_at check ((state = 'DELIVERED') = (delivered_at is not null))
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at, id) where state = 'PENDING';
create index webhook_deliveries_team on webhook_deliveries (team_id, id);
