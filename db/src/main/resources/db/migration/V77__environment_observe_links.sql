-- Where an engineer looks next: a dashboard and a logs URL per environment, with {namespace}, {service},
-- {environment} and {cluster} filled in on the status page (docs/observe-monitoring.md). Null: no link.
-- The application checks them in detail; the database keeps at least the scheme and the length.
alter table environments
    add column dashboard_url_template varchar(2000),
    add column logs_url_template      varchar(2000),
    add constraint environments_dashboard_url_http check (dashboard_url_template ~ '^https?://'),
    add constraint environments_logs_url_http check (logs_url_template ~ '^https?://');
