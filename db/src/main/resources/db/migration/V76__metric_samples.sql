-- Usage history of each service where it runs (docs/observe-metrics.md): the total CPU and memory of its
-- pods, sampled from the metrics API by the replica that holds the cluster's live-state lease. Bounded two
-- ways by the sampler: rows older than slipway.metrics.retention go, and at most
-- slipway.metrics.max-samples-per-pair rows are kept per service and environment.
create table metric_samples (
    service_id     bigint      not null references services (id) on delete cascade,
    environment_id bigint      not null references environments (id) on delete cascade,
    sampled_at     timestamptz not null,
    cpu_millicores bigint      not null check (cpu_millicores >= 0),
    memory_bytes   bigint      not null check (memory_bytes >= 0),
    pods           integer     not null check (pods >= 0),
    primary key (service_id, environment_id, sampled_at)
);

-- The retention purge deletes by age across every pair, including pairs no longer deployed.
create index metric_samples_sampled_at on metric_samples (sampled_at);
