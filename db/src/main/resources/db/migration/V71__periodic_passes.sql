-- One row per pass of a periodic loop (the drift pass), across all replicas. The id is the pass's fencing
-- token: a pass may write only while it is the newest pass of its loop, so a replica that stalled while a
-- newer pass started can no longer act. Rows also show when each pass ran, where, and how it ended.
create table periodic_passes (
    id         bigint generated always as identity primary key,
    loop_name  varchar(40)  not null,
    owner      varchar(200) not null,
    started_at timestamptz  not null,
    ended_at   timestamptz,
    checked    integer      not null default 0,
    outcome    varchar(16)  not null default 'RUNNING',
    constraint periodic_passes_outcome check (outcome in ('RUNNING', 'DONE', 'FENCED', 'FAILED'))
);
create index periodic_passes_loop on periodic_passes (loop_name, id desc);
