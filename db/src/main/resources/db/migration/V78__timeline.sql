-- The timeline of a service in an environment (docs/observe-timeline.md). Kubernetes keeps events for about
-- an hour and the live-state cache only the newest 50 per service in memory, so the holder of the cluster's
-- lease copies the events it sees here: the timeline then survives restarts and reads alike on every
-- replica. Bounded per pair (newest N) and in age; one row per event (its uid), updated when it repeats.
create table cluster_events (
    id             bigint generated always as identity primary key,
    service_id     bigint       not null references services (id) on delete cascade,
    environment_id bigint       not null references environments (id) on delete cascade,
    uid            varchar(64)  not null,
    seen_at        timestamptz  not null,
    first_seen_at  timestamptz  not null,
    type           varchar(16)  not null,
    reason         varchar(128) not null,
    object         varchar(320) not null,
    message        text         not null,
    count          integer      not null,
    constraint cluster_events_uid unique (environment_id, uid),
    constraint cluster_events_count check (count >= 1)
);
create index cluster_events_pair_seen on cluster_events (service_id, environment_id, seen_at desc, id desc);
create index cluster_events_seen on cluster_events (seen_at);

-- DEGRADED while the team has been told the service degraded and not yet that it recovered: one message
-- per transition whatever the health does in between (PROGRESSING, UNKNOWN) and whichever replica judges it.
alter table deployed_state add column health_alert varchar(16);
alter table deployed_state add constraint deployed_state_health_alert check (health_alert in ('DEGRADED'));
