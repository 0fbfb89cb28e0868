-- Every decision on a deployment request, each with its author, time and comment. Until now a
-- decision's comment overwrote the request's `comment`, so the requester's reason was lost on approval
-- (kept only in the audit trail). From here on `deployment_requests.comment` is the requester's reason
-- and never changes; decisions are rows here, in the order they were taken.
create table deployment_decisions (
    id         bigint generated always as identity primary key,
    request_id bigint        not null references deployment_requests (id),
    -- 'policy' when the environment needs no approval.
    decided_by varchar(64)   not null,
    decision   varchar(16)   not null,
    comment    varchar(2000),
    decided_at timestamptz   not null,
    constraint deployment_decisions_decision check (decision in ('APPROVED', 'REJECTED', 'CANCELLED'))
);
create index deployment_decisions_request on deployment_decisions (request_id, id);

-- Backfill from the audit trail, which kept every comment: the decisions first...
insert into deployment_decisions (request_id, decided_by, decision, comment, decided_at)
select r.id, a.actor,
       case a.action when 'deployment.approved' then 'APPROVED'
                     when 'deployment.rejected' then 'REJECTED'
                     else 'CANCELLED' end,
       nullif(a.details ->> 'comment', ''), a.occurred_at
from audit_events a
join deployment_requests r on a.target = r.id::text
where a.target_type = 'deployment'
  and a.action in ('deployment.approved', 'deployment.rejected', 'deployment.cancelled')
order by a.id;

-- ...a decision the audit trail does not hold (a database restored without it) from the request itself;
-- a rejection's comment is the one thing the old column surely held...
insert into deployment_decisions (request_id, decided_by, decision, comment, decided_at)
select r.id, r.decided_by, case when r.state = 'REJECTED' then 'REJECTED' else 'APPROVED' end,
       case when r.state = 'REJECTED' then r.comment end, r.decided_at
from deployment_requests r
where r.decided_by is not null and r.decided_at is not null
  and not exists (select 1 from deployment_decisions d where d.request_id = r.id);

-- ...then the requester's reason back into the request where a decision had replaced it.
update deployment_requests r
set comment = nullif(a.details ->> 'comment', '')
from audit_events a
where a.target_type = 'deployment' and a.target = r.id::text and a.action = 'deployment.requested'
  and r.comment is distinct from nullif(a.details ->> 'comment', '');
update deployment_requests r
set comment = null
where r.state = 'REJECTED'
  and not exists (select 1 from audit_events a where a.target_type = 'deployment' and a.target = r.id::text
                  and a.action = 'deployment.requested');
