-- Services and their immutable revisions. The spec is one JSON document per revision (docs/architecture.md, "The spec").
create table services (
    id              bigint generated always as identity primary key,
    name            varchar(63)   not null,
    team_id         bigint        not null references teams (id),
    description     varchar(2000) not null default '',
    repository_url  varchar(500),
    latest_revision integer       not null default 0,
    created_by      varchar(64)   not null,
    created_at      timestamptz   not null default now(),
    updated_at      timestamptz   not null default now(),
    constraint services_name_unique unique (name),
    constraint services_name_dns_label check (name ~ '^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$'),
    constraint services_latest_revision_non_negative check (latest_revision >= 0)
);
-- Keyset paging walks services by name, optionally within one team.
create index services_team_name on services (team_id, name);

create table revisions (
    id              bigint generated always as identity primary key,
    service_id      bigint       not null references services (id),
    number          integer      not null,
    spec            jsonb        not null,
    -- Which version of each secret value this revision pins: {"KEY": {"*": 1, "prod": 2}}.
    secret_versions jsonb        not null default '{}'::jsonb,
    change_summary  varchar(500) not null default '',
    created_by      varchar(64)  not null,
    created_at      timestamptz  not null default now(),
    constraint revisions_number_per_service unique (service_id, number),
    constraint revisions_number_positive check (number > 0)
);

-- Revisions are immutable: a save makes a new one.
create function refuse_revision_change() returns trigger language plpgsql as $$
begin
    raise exception 'revisions are immutable (revision % of service %)', old.number, old.service_id
        using errcode = 'P0001';
end;
$$;
create trigger revisions_immutable before update or delete on revisions
    for each row execute function refuse_revision_change();
