-- Secret values: AES-256-GCM ciphertext only. Every set or delete appends a new version; a revision
-- pins the versions it uses, so rows are never changed afterwards.
create table secret_values (
    id          bigint generated always as identity primary key,
    service_id  bigint       not null references services (id),
    secret_key  varchar(253) not null,
    -- '*' is the value for every environment that has none of its own.
    environment varchar(63)  not null,
    version     integer      not null,
    -- null ciphertext marks a deletion.
    ciphertext  bytea,
    key_id      varchar(64),
    created_by  varchar(64)  not null,
    created_at  timestamptz  not null default now(),
    constraint secret_values_version_unique unique (service_id, secret_key, environment, version),
    constraint secret_values_version_positive check (version > 0),
    constraint secret_values_environment check (environment = '*' or environment ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    constraint secret_values_cipher_has_key check ((ciphertext is null) = (key_id is null))
);
