-- Golden-path templates (docs/golden-paths.md): a named, versioned partial spec with defaults a service may
-- change and enforced paths it may not. Versions are immutable like revisions; a new version is a new row.
create table templates (
    id             bigint generated always as identity primary key,
    name           varchar(63)   not null,
    description    varchar(2000) not null default '',
    latest_version integer       not null default 0,
    created_by     varchar(64)   not null,
    created_at     timestamptz   not null default now(),
    updated_at     timestamptz   not null default now(),
    constraint templates_name_unique unique (name),
    constraint templates_name_dns_label check (name ~ '^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$'),
    constraint templates_latest_version_non_negative check (latest_version >= 0)
);

create table template_versions (
    template_id bigint       not null references templates (id),
    version     integer      not null,
    spec        jsonb        not null,
    -- Dotted paths into the spec a service may not change: ["securityContext.runAsNonRoot"].
    enforced    jsonb        not null default '[]'::jsonb,
    note        varchar(500) not null default '',
    created_by  varchar(64)  not null,
    created_at  timestamptz  not null default now(),
    primary key (template_id, version),
    constraint template_versions_positive check (version > 0)
);

create function refuse_template_version_change() returns trigger language plpgsql as $$
begin
    raise exception 'template versions are immutable (version % of template %)', old.version, old.template_id
        using errcode = 'P0001';
end;
$$;
create trigger template_versions_immutable before update or delete on template_versions
    for each row execute function refuse_template_version_change();

-- Which template (and version) a service was made from or last brought up to.
create table service_templates (
    service_id  bigint      primary key references services (id),
    template_id bigint      not null references templates (id),
    version     integer     not null,
    updated_at  timestamptz not null default now(),
    foreign key (template_id, version) references template_versions (template_id, version)
);
create index service_templates_template on service_templates (template_id, version);
