-- Every object a sync of a service in an environment may have created, written before the sync applies
-- anything. Pruning deletes what is recorded here and no longer rendered, so a sync needs no label-selector
-- list of every kind (six API calls per sync). The drift loop still lists by label and reports objects
-- that carry Slipway's labels without being recorded.
create table managed_objects (
    service_id     bigint       not null references services (id),
    environment_id bigint       not null references environments (id),
    kind           varchar(64)  not null,
    namespace      varchar(253) not null,
    name           varchar(253) not null,
    primary key (service_id, environment_id, kind, namespace, name)
);

-- Pairs synced before this table existed: a '*' row makes their next sync prune by label selector once,
-- as every sync did before.
insert into managed_objects (service_id, environment_id, kind, namespace, name)
select distinct r.service_id, r.environment_id, '*', '', ''
from sync_runs s
join deployment_requests r on r.id = s.request_id;
