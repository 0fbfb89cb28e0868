-- Deployment requests, the job queue the deployers claim from, and the record of each sync run.
create table deployment_requests (
    id             bigint generated always as identity primary key,
    service_id     bigint        not null references services (id),
    revision       integer       not null,
    environment_id bigint        not null references environments (id),
    state          varchar(20)   not null,
    requested_by   varchar(64)   not null,
    -- 'policy' when the environment needs no approval.
    decided_by     varchar(64),
    comment        varchar(2000),
    -- SHA-256 of the rendered objects that were approved: the deployer applies exactly these or nothing.
    rendered_hash  char(64),
    created_at     timestamptz   not null default now(),
    decided_at     timestamptz,
    synced_at      timestamptz,
    updated_at     timestamptz   not null default now(),
    constraint deployment_requests_revision_exists foreign key (service_id, revision)
        references revisions (service_id, number),
    constraint deployment_requests_state check (state in ('PENDING_APPROVAL', 'APPROVED', 'SYNCING', 'SYNCED',
        'FAILED', 'REJECTED', 'CANCELLED', 'SUPERSEDED'))
);
create index deployment_requests_pair on deployment_requests (service_id, environment_id, id);
create index deployment_requests_state on deployment_requests (state, id);

-- The queue. A row exists while a request waits for or undergoes a sync; claiming takes a lease.
create table sync_jobs (
    request_id       bigint       primary key references deployment_requests (id),
    service_id       bigint       not null references services (id),
    environment_id   bigint       not null references environments (id),
    attempts         integer      not null default 0,
    available_at     timestamptz  not null default now(),
    lease_owner      varchar(200),
    lease_expires_at timestamptz,
    created_at       timestamptz  not null default now(),
    constraint sync_jobs_lease_complete check ((lease_owner is null) = (lease_expires_at is null))
);
create index sync_jobs_ready on sync_jobs (available_at, request_id);
create index sync_jobs_pair on sync_jobs (service_id, environment_id);

create table sync_runs (
    id         bigint generated always as identity primary key,
    request_id bigint       not null references deployment_requests (id),
    attempt    integer      not null,
    worker     varchar(200) not null,
    started_at timestamptz  not null,
    ended_at   timestamptz,
    outcome    varchar(16)  not null,
    error      text,
    -- The exact manifests applied, secret values masked; and the objects pruned.
    applied    jsonb        not null default '[]'::jsonb,
    pruned     jsonb        not null default '[]'::jsonb,
    constraint sync_runs_attempt_unique unique (request_id, attempt),
    constraint sync_runs_outcome check (outcome in ('RUNNING', 'SUCCEEDED', 'FAILED', 'RETRYING', 'ABANDONED'))
);

-- What runs where: the last successful sync per service and environment, and its drift.
create table deployed_state (
    service_id     bigint      not null references services (id),
    environment_id bigint      not null references environments (id),
    request_id     bigint      not null references deployment_requests (id),
    revision       integer     not null,
    rendered_hash  char(64)    not null,
    synced_at      timestamptz not null,
    drift          boolean     not null default false,
    drift_detail   jsonb,
    drift_checked_at timestamptz,
    primary key (service_id, environment_id)
);
