"""bench/run --only-observe (issue 15): the status page of a service with 20 pods of the demo image on the test node,
with its usage section, loaded N times by a signed-in person: the HTML page, then the usage JSON the page fetches
(as a browser does on load), each timed, their p95 against the issue's 150 ms. Writes bench/out/observe.json, merges
"observe" into bench/out/summary.json, and replaces the "Observe" section of bench/RESULTS.md."""

import argparse
import json
import os
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from slipway import KubeApi, Slipway, stats_ms, verdict, write_results_section  # noqa: E402

BEGIN, END = "<!-- bench/observe: begin -->", "<!-- bench/observe: end -->"
GOAL_MS = 150


def spec(replicas):
    # Small requests: 20 pods must fit the one test node beside whatever else runs there.
    return {
        "image": "slipway.local/demo:1",
        "replicas": replicas,
        "ports": [{"name": "http", "containerPort": 8080, "servicePort": 80}],
        "resources": {"cpuRequest": "5m", "cpuLimit": "100m", "memoryRequest": "8Mi", "memoryLimit": "32Mi"},
        "probes": {"readinessPath": "/ready", "livenessPath": "/live", "port": "http"},
    }


def wait(what, timeout, check, every=1.0):
    t0 = time.monotonic()
    last = None
    while time.monotonic() - t0 < timeout:
        last = check()
        if last is True:
            return time.monotonic() - t0
        time.sleep(every)
    raise SystemExit(f"{what}: not after {timeout} s ({last})")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--kubeconfig", required=True)
    p.add_argument("--pods", type=int, default=20)
    p.add_argument("--loads", type=int, default=200)
    p.add_argument("--json", required=True)
    p.add_argument("--summary", required=True)
    p.add_argument("--results", required=True)
    p.add_argument("--command", default="bench/run --only-observe")
    a = p.parse_args()
    load_at_start = os.getloadavg()[0]

    carol = Slipway(a.port, Slipway.basic("carol"))
    alice = Slipway(a.port, Slipway.basic("alice"))
    suffix = uuid.uuid4().hex[:6]
    cluster, env, service = f"node-{suffix}", f"observe-{suffix}", f"observe-{suffix}"
    namespace = f"payments-{env}"
    with open(a.kubeconfig) as f:
        carol.post("/api/v1/clusters", {"name": cluster, "kubeconfig": f.read()})
    carol.post("/api/v1/environments", {"name": env, "cluster": cluster, "namespaceTemplate": "{team}-{environment}",
                                        "order": 0, "requiresApproval": False, "driftMode": "DETECT"})
    alice.post("/api/v1/services", {"name": service, "team": "payments", "description": "bench observe",
                                    "spec": spec(a.pods)})
    kube = KubeApi(a.kubeconfig)
    try:
        t0 = time.monotonic()
        request = alice.post(f"/api/v1/services/{service}/deployments", {"revision": 1, "environment": env})
        base = f"/api/v1/services/{service}/environments/{env}"

        def healthy():
            state = alice.get(f"/api/v1/deployments/{request['id']}")["state"]
            status = alice.get(base + "/status")
            replicas = status.get("replicas") or {}
            return True if state == "SYNCED" and replicas.get("ready") == a.pods else (state, replicas)

        wait(f"{a.pods} ready pods", 600, healthy, 2)
        ready_s = time.monotonic() - t0
        print(f"{a.pods} pods ready after {ready_s:.1f} s", file=sys.stderr)

        def measured():
            m = alice.get(base + "/metrics")
            n = sum(1 for pod in m["pods"] if pod["cpuMillicores"] is not None)
            return True if n == a.pods and len(m["series"]) >= 2 else (m.get("unavailable"), n, len(m["series"]))

        wait("usage of every pod and two samples of history", 300, measured, 2)
        print(f"usage of every pod and a history after {time.monotonic() - t0:.1f} s", file=sys.stderr)

        person = Slipway(a.port)
        person.auth = None
        cookie = alice.form_login("alice")
        page_path, json_path = f"/services/{service}/environments/{env}", f"/services/{service}/environments/{env}/metrics"

        def as_person(path):
            t = time.perf_counter()
            status, _, text = person.raw("GET", path, headers={"Cookie": cookie, "Accept": "text/html,application/json"})
            elapsed = time.perf_counter() - t
            if status != 200:
                raise SystemExit(f"GET {path} -> {status}: {text[:300]}")
            return elapsed, text

        _, html = as_person(page_path)
        if 'data-testid="metrics-pods"' not in html:
            raise SystemExit("the status page has no usage table")
        if 'data-testid="timeline"' not in html:
            raise SystemExit("the status page has no timeline")
        timeline_shown = html.count('data-testid="timeline-item"')
        timeline_total = len(alice.get(f"/api/v1/services/{service}/environments/{env}/timeline?limit=200")["items"])
        for _ in range(20):  # warm-up, untimed
            as_person(page_path)
            as_person(json_path)
        pages, jsons, both = [], [], []
        for _ in range(a.loads):
            page_s, _ = as_person(page_path)
            json_s, text = as_person(json_path)
            pages.append(page_s)
            jsons.append(json_s)
            both.append(page_s + json_s)
        last = json.loads(text)
        summary = {
            "pods": a.pods,
            "pods_measured": sum(1 for pod in last["pods"] if pod["cpuMillicores"] is not None),
            "series_points_15m": len(last["series"]),
            "timeline_items_shown": timeline_shown,
            "timeline_items_total": timeline_total,
            "loads": a.loads,
            "page_html": stats_ms(pages),
            "metrics_json": stats_ms(jsons),
            "page_and_metrics": stats_ms(both),
            "ready_s": round(ready_s, 1),
            "load_average_at_start": load_at_start,
            "load_average_at_end": os.getloadavg()[0],
            "nproc": os.cpu_count(),
        }
        name, value, outcome = verdict("status page load with metrics p95 (ms)", summary["page_and_metrics"]["p95_ms"],
                                       GOAL_MS, "<")
        summary["verdict"] = {"goal_ms": GOAL_MS, "p95_ms": value, "outcome": outcome}
    finally:
        kube.request("DELETE", f"/api/v1/namespaces/{namespace}")
        kube.cleanup()

    os.makedirs(os.path.dirname(a.json), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump(summary, f, indent=2)
    merged = {}
    if os.path.exists(a.summary):
        with open(a.summary) as f:
            merged = json.load(f)
    merged["observe"] = summary
    with open(a.summary, "w") as f:
        json.dump(merged, f, indent=2)
    write_section(a.results, render(a, summary))
    print(json.dumps(summary, indent=2))


def render(a, s):
    def row(label, st):
        return f"| {label} | {st['p50_ms']} | {st['p95_ms']} | {st['p99_ms']} | {st['max_ms']} |"

    lines = [
        BEGIN,
        "## Observe: status page with usage (issue 15)",
        "",
        f"Generated by `{a.command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: one service with "
        f"{s['pods']} pods of the demo image on the test node ({s['pods_measured']} measured by metrics-server), "
        f"its status page loaded {s['loads']} times by a signed-in person (after 20 untimed), one after another: "
        "the HTML page, then the usage JSON the page fetches on load.",
        f"Load average (1 min) at the start: {s['load_average_at_start']:.1f}, at the end: {s['load_average_at_end']:.1f},"
        f" on {s['nproc']} CPUs (a busy machine inflates every figure here).",
        "",
        "| request | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | --- | --- | --- | --- |",
        row("status page (HTML, usage table of every pod read from the metrics API)", s["page_html"]),
        row(f"usage JSON (pods and a 15 min series of {s['series_points_15m']} points)", s["metrics_json"]),
        row("both, as one page load", s["page_and_metrics"]),
        "",
        f"Goal: p95 < {GOAL_MS} ms for the page load with metrics — **{s['verdict']['outcome']}** "
        f"({s['verdict']['p95_ms']} ms). The page holds the timeline (its newest {s.get('timeline_items_shown', '?')} of "
        f"{s.get('timeline_items_total', '?')} entries: the deploy, the rollout's Kubernetes events) and the resource tree "
        "of every pod. Usage is read from the metrics API at most every 5 s per service (metrics-server measures every "
        "10 to 60 s), so a page and the JSON it fetches share one reading and most loads here reuse one.",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_section(path, section):
    write_results_section(path, section, BEGIN, END)


if __name__ == "__main__":
    main()
