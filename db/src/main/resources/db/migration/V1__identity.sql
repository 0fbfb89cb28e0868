-- People, teams and how they may act. Names follow Kubernetes label rules because team slugs end up
-- in namespace names and labels.
create table teams (
    id          bigint generated always as identity primary key,
    slug        varchar(63)  not null,
    name        varchar(200) not null,
    created_at  timestamptz  not null default now(),
    constraint teams_slug_unique unique (slug),
    constraint teams_slug_dns_label check (slug ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$')
);

create table users (
    id             bigint generated always as identity primary key,
    username       varchar(64)  not null,
    display_name   varchar(200) not null,
    -- BCrypt hash for local accounts; null for accounts that sign in through an identity provider.
    password_hash  varchar(100),
    platform_admin boolean      not null default false,
    enabled        boolean      not null default true,
    created_at     timestamptz  not null default now(),
    constraint users_username_unique unique (username),
    constraint users_username_format check (username ~ '^[a-z0-9][a-z0-9._-]{0,63}$')
);

create table team_memberships (
    team_id    bigint      not null references teams (id) on delete cascade,
    user_id    bigint      not null references users (id) on delete cascade,
    role       varchar(16) not null,
    created_at timestamptz not null default now(),
    primary key (team_id, user_id),
    constraint team_memberships_role check (role in ('ENGINEER', 'LEAD'))
);
create index team_memberships_user on team_memberships (user_id);

-- Personal API tokens. Only a SHA-256 of the token is kept; the token itself is shown once.
create table api_tokens (
    id           bigint generated always as identity primary key,
    user_id      bigint       not null references users (id) on delete cascade,
    name         varchar(100) not null,
    token_hash   char(64)     not null,
    created_at   timestamptz  not null default now(),
    expires_at   timestamptz  not null,
    revoked_at   timestamptz,
    last_used_at timestamptz,
    constraint api_tokens_hash_unique unique (token_hash),
    constraint api_tokens_expiry_after_creation check (expires_at > created_at)
);
create index api_tokens_user on api_tokens (user_id);
