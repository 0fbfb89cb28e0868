"""bench/run --only-campaign (issue 17): a golden-path campaign over N services (default 2,000) is proposed in
< 10 s. Creates a template (version 1) through the API, seeds N services made from it straight into the database
(as bench.py seeds its catalog: the figure is the campaign, not registration), with a mix of services that kept the
defaults, changed one, or removed a section version 2 changes (conflicts); publishes version 2, then times
POST /api/v1/templates/{name}/campaigns (the proposal of every service), its idempotent re-run, and reading the
campaign. Writes bench/out/campaign.json, merges "campaign" into bench/out/summary.json, and replaces the "Golden-path
campaign" section of bench/RESULTS.md."""

import argparse
import json
import os
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from slipway import Psql, Slipway, write_results_section  # noqa: E402

BEGIN, END = "<!-- bench/campaign: begin -->", "<!-- bench/campaign: end -->"
GOAL_S = 10.0

V1 = {
    "replicas": 2,
    "resources": {"cpuRequest": "250m", "cpuLimit": "1", "memoryRequest": "256Mi", "memoryLimit": "512Mi"},
    "probes": {"readinessPath": "/ready", "port": "http"},
    "securityContext": {"runAsNonRoot": True},
}
V2 = {
    "replicas": 2,
    "resources": {"cpuRequest": "250m", "cpuLimit": "1500m", "memoryRequest": "256Mi", "memoryLimit": "512Mi"},
    "probes": {"readinessPath": "/health/ready", "port": "http"},
    "securityContext": {"runAsNonRoot": True, "readOnlyRootFilesystem": True, "dropCapabilities": ["ALL"]},
    "podDisruptionBudget": {"minAvailable": 1},
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pg-port", type=int, required=True)
    p.add_argument("--services", type=int, default=2000)
    p.add_argument("--json", required=True)
    p.add_argument("--summary", required=True)
    p.add_argument("--results", required=True)
    p.add_argument("--command", default="bench/run --only-campaign")
    a = p.parse_args()
    load_at_start = os.getloadavg()[0]
    carol = Slipway(a.port, Slipway.basic("carol"))
    psql = Psql(a.pg_port)
    rid = uuid.uuid4().hex[:6]
    template = f"bench-{rid}"
    carol.post("/api/v1/templates", {"name": template, "description": "bench", "spec": V1,
                                     "enforced": ["securityContext.runAsNonRoot"]})

    t0 = time.time()
    base = json.dumps(dict(V1, ports=[{"name": "http", "containerPort": 8080, "servicePort": 80}]))
    psql.run(f"""
        insert into teams (slug, name)
          select 'camp-' || lpad(g::text, 2, '0'), 'Campaign team ' || g from generate_series(1, 10) g
          on conflict (slug) do nothing;
        with t as (select array_agg(id order by id) ids from teams where slug like 'camp-%')
        insert into services (name, team_id, description, latest_revision, created_by)
          select 'c{rid}-' || lpad(g::text, 5, '0'), t.ids[1 + g % array_length(t.ids, 1)], 'campaign bench', 1, 'bench'
          from generate_series(1, {a.services}) g, t;
        insert into revisions (service_id, number, spec, created_by, change_summary)
          select s.id, 1,
                 case when n % 7 = 3 then ('{base}'::jsonb - 'probes')
                      when n % 5 = 1 then jsonb_set('{base}'::jsonb, '{{resources,cpuLimit}}', '"2"')
                      else '{base}'::jsonb end
                 || jsonb_build_object('image', 'registry.example.com/bench/' || s.name || ':1'),
                 'bench', 'generated'
          from (select id, name, substring(name from '[0-9]+$')::int n from services where name like 'c{rid}-%') s;
        insert into service_templates (service_id, template_id, version)
          select s.id, t.id, 1 from services s, templates t where s.name like 'c{rid}-%' and t.name = '{template}';
    """)
    seed_s = time.time() - t0
    carol.post(f"/api/v1/templates/{template}/versions", {"spec": V2, "enforced": ["securityContext.runAsNonRoot"],
                                                          "note": "bench"})

    t1 = time.time()
    started = carol.call("POST", f"/api/v1/templates/{template}/campaigns", {"version": 2}, expect=(201,))
    propose_s = time.time() - t1
    t2 = time.time()
    again = carol.call("POST", f"/api/v1/templates/{template}/campaigns", {"version": 2}, expect=(200,))
    rerun_s = time.time() - t2
    t3 = time.time()
    view = carol.get(f"/api/v1/campaigns/{started['id']}")
    read_s = time.time() - t3
    items = psql.value(f"select count(*) from campaign_items where campaign_id = {started['id']}")

    summary = {
        "services": a.services,
        "seed_seconds": round(seed_s, 2),
        "propose_seconds": round(propose_s, 2),
        "rerun_seconds": round(rerun_s, 2),
        "read_seconds": round(read_s, 2),
        "proposed": started["proposed"],
        "conflicting": started["conflicting"],
        "rerun_same_id": again["id"] == started["id"],
        "items": int(items),
        "counts": view["counts"],
        "teams": len(view["teams"]),
        "load_average_at_start": load_at_start,
        "load_average_at_end": os.getloadavg()[0],
        "nproc": os.cpu_count(),
        "verdict": {"goal_s": GOAL_S, "outcome": "met" if propose_s < GOAL_S else "NOT met"},
    }
    if summary["proposed"] + summary["conflicting"] != a.services or summary["items"] != a.services:
        raise SystemExit(f"campaign proposed to {summary['proposed'] + summary['conflicting']} of {a.services}: {summary}")
    os.makedirs(os.path.dirname(a.json), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump(summary, f, indent=2)
    merged = {}
    if os.path.exists(a.summary):
        with open(a.summary) as f:
            merged = json.load(f)
    merged["campaign"] = summary
    with open(a.summary, "w") as f:
        json.dump(merged, f, indent=2)
    write_results_section(a.results, render(a, summary), BEGIN, END)
    print(json.dumps(summary, indent=2))


def render(a, s):
    lines = [
        BEGIN,
        "## Golden-path campaign (issue 17)",
        "",
        f"Generated by `{a.command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {s['services']} services "
        f"of {s['teams']} teams made from version 1 of a template (seeded in the database in {s['seed_seconds']} s: every "
        "fifth with its own CPU limit, every seventh without the probes version 2 changes), version 2 published, then "
        "one campaign started through the API by a platform admin (Slipway on the embedded PostgreSQL, API-only).",
        f"Load average (1 min) at the start: {s['load_average_at_start']:.1f}, at the end: {s['load_average_at_end']:.1f},"
        f" on {s['nproc']} CPUs.",
        "",
        "| step | seconds |",
        "| --- | --- |",
        f"| start the campaign: merge, validate and diff every service, one batch upsert ({s['proposed']} proposed, "
        f"{s['conflicting']} conflicting) | {s['propose_seconds']} |",
        f"| start it again (idempotent: same id {'yes' if s['rerun_same_id'] else 'NO'}, {s['items']} items, none "
        f"duplicated) | {s['rerun_seconds']} |",
        f"| read the campaign (counts, {s['teams']} teams, every item with its diff) | {s['read_seconds']} |",
        "",
        f"Goal: a campaign over {s['services']} services proposed in < {GOAL_S:.0f} s — **{s['verdict']['outcome']}** "
        f"({s['propose_seconds']} s). The proposal reads every service's latest spec in one query, merges in memory and "
        "writes every item with one batched upsert, in one transaction (docs/golden-paths.md).",
        END,
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
