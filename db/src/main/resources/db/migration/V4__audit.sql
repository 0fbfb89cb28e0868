-- Append-only, hash-chained audit trail. Each row stores the hash of the row before it, so an edit
-- anywhere breaks every hash after it; the triggers refuse edits made through SQL.
create table audit_events (
    id          bigint generated always as identity primary key,
    occurred_at timestamptz  not null,
    actor       varchar(64)  not null,
    action      varchar(64)  not null,
    target_type varchar(32)  not null,
    target      varchar(300) not null,
    team        varchar(63),
    service     varchar(63),
    environment varchar(63),
    details     jsonb        not null default '{}'::jsonb,
    prev_hash   char(64)     not null,
    hash        char(64)     not null,
    constraint audit_events_hash_unique unique (hash),
    constraint audit_events_prev_hash_unique unique (prev_hash)
);
create index audit_events_team_id on audit_events (team, id);
create index audit_events_service_id on audit_events (service, id);
create index audit_events_actor_id on audit_events (actor, id);
create index audit_events_action_id on audit_events (action, id);
create index audit_events_occurred_at on audit_events (occurred_at);

create function refuse_audit_change() returns trigger language plpgsql as $$
begin
    raise exception 'audit_events is append-only: % refused', tg_op using errcode = 'P0001';
end;
$$;
create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function refuse_audit_change();
create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function refuse_audit_change();
