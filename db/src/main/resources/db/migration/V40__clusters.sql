-- Clusters Slipway deploys to and the environments that live on them.
create table clusters (
    id                    bigint generated always as identity primary key,
    name                  varchar(63)   not null,
    -- KUBECONFIG: reached with the stored (encrypted) kubeconfig; IN_CLUSTER: the pod's service account.
    connection            varchar(16)   not null,
    kubeconfig_ciphertext bytea,
    kubeconfig_key_id     varchar(64),
    server                varchar(500),
    reachable             boolean       not null default false,
    version               varchar(100),
    last_error            varchar(2000),
    checked_at            timestamptz,
    created_by            varchar(64)   not null,
    created_at            timestamptz   not null default now(),
    constraint clusters_name_unique unique (name),
    constraint clusters_name_dns_label check (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    constraint clusters_connection check (connection in ('KUBECONFIG', 'IN_CLUSTER')),
    constraint clusters_kubeconfig_present check ((connection = 'KUBECONFIG') = (kubeconfig_ciphertext is not null)),
    constraint clusters_cipher_has_key check ((kubeconfig_ciphertext is null) = (kubeconfig_key_id is null))
);

create table environments (
    id                 bigint generated always as identity primary key,
    name               varchar(63)  not null,
    cluster_id         bigint       not null references clusters (id),
    namespace_template varchar(200) not null default '{team}-{environment}',
    promotion_order    integer      not null default 0,
    requires_approval  boolean      not null default false,
    drift_mode         varchar(16)  not null default 'DETECT',
    -- Guardrails: {maxReplicas, maxCpu, maxMemory, allowedRegistries, requireLimits, forbidLatestTag}.
    policy             jsonb        not null default '{}'::jsonb,
    created_by         varchar(64)  not null,
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now(),
    constraint environments_name_unique unique (name),
    constraint environments_name_dns_label check (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    constraint environments_drift_mode check (drift_mode in ('DETECT', 'SELF_HEAL'))
);
create index environments_cluster on environments (cluster_id);
