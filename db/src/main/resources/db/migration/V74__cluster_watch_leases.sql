-- Which replica acts on what a cluster's watches see (drift audit, self-heal, health transitions): one
-- lease per cluster. Every replica keeps its own cache; only the lease holder acts. Times come from the
-- database clock alone, because replicas' clocks differ: the holder renews every 3 s for 10 s, and any
-- replica takes a lease whose expires_at has passed.
create table cluster_watch_leases (
    cluster_id  bigint       primary key references clusters (id) on delete cascade,
    owner       text         not null,
    acquired_at timestamptz  not null,
    renewed_at  timestamptz  not null,
    expires_at  timestamptz  not null
);
