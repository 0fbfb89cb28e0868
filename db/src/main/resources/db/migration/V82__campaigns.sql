-- Campaigns (docs/golden-paths.md): bring every service on an older version of a template to a new one.
-- One campaign per template version; starting it again proposes again (idempotent), it never duplicates.
create table campaigns (
    id          bigint generated always as identity primary key,
    template_id bigint      not null references templates (id),
    version     integer     not null,
    created_by  varchar(64) not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint campaigns_one_per_version unique (template_id, version),
    foreign key (template_id, version) references template_versions (template_id, version)
);

create table campaign_items (
    campaign_id    bigint       not null references campaigns (id),
    service_id     bigint       not null references services (id),
    service        varchar(63)  not null,
    team           varchar(63)  not null,
    from_version   integer      not null,
    -- The service revision the proposal was merged over; accepting merges again if it moved.
    base_revision  integer      not null,
    state          varchar(16)  not null,
    proposed_spec  jsonb,
    diff           jsonb        not null default '[]'::jsonb,
    conflicts      jsonb        not null default '[]'::jsonb,
    -- The revision an acceptance saved (null when it changed nothing or is not accepted).
    revision       integer,
    reason         varchar(500),
    decided_by     varchar(64),
    decided_at     timestamptz,
    updated_at     timestamptz  not null default now(),
    primary key (campaign_id, service_id),
    constraint campaign_items_state check (state in ('PROPOSED', 'CONFLICTING', 'ACCEPTED', 'DECLINED'))
);
create index campaign_items_team on campaign_items (campaign_id, team, state);
