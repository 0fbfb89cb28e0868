-- Live state from watches (docs/live-state.md). What each sync's apply returned, reduced to the fields
-- Slipway's field manager owns: a watch event whose object no longer hashes to this is drift. Null for
-- objects applied before this column existed: the first event on them is compared in full once.
alter table managed_objects add column applied_fingerprint char(64);

-- The service's health where it runs, as the holder of the cluster's watch last judged it: lists and
-- other replicas read it without asking the cluster.
alter table deployed_state add column health varchar(16);
alter table deployed_state add column health_summary text;
alter table deployed_state add column health_changed_at timestamptz;
