"""bench/node's measurement through Slipway: deploy-to-HEALTHY of the demo image on the test node, and
the report (bench/out/node.json, the "Test node" section of bench/RESULTS.md)."""

import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from slipway import Slipway, percentile, write_results_section  # noqa: E402

BEGIN, END = "<!-- bench/node: begin -->", "<!-- bench/node: end -->"


def demo_spec(greeting):
    return {
        "image": "slipway.local/demo:1",
        "replicas": 1,
        "ports": [{"name": "http", "containerPort": 8080, "servicePort": 80}],
        "resources": {"cpuRequest": "20m", "cpuLimit": "200m", "memoryRequest": "16Mi", "memoryLimit": "64Mi"},
        "config": {"GREETING": greeting},
        "probes": {"readinessPath": "/ready", "livenessPath": "/live", "port": "http"},
    }


def deploy_until_healthy(alice, service, env, revision, timeout=180):
    """Seconds from the request to SYNCED and to HEALTHY at that revision (status polled every 100 ms)."""
    t0 = time.monotonic()
    request = alice.post(f"/api/v1/services/{service}/deployments", {"revision": revision, "environment": env})
    synced = None
    while time.monotonic() - t0 < timeout:
        if synced is None and alice.get(f"/api/v1/deployments/{request['id']}")["state"] == "SYNCED":
            synced = time.monotonic() - t0
        status = alice.get(f"/api/v1/services/{service}/environments/{env}/status")
        if synced is not None and status.get("revision") == revision and status["health"] == "HEALTHY":
            return synced, time.monotonic() - t0
        time.sleep(0.1)
    raise SystemExit(f"revision {revision} not HEALTHY after {timeout} s: {status}")


def figures(path):
    found = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            if key:
                found[key] = value
    return found


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--kubeconfig", required=True)
    p.add_argument("--deploys", type=int, default=20)
    p.add_argument("--figures", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--results", required=True)
    p.add_argument("--command", default="bench/node")
    a = p.parse_args()

    carol = Slipway(a.port, Slipway.basic("carol"))
    alice = Slipway(a.port, Slipway.basic("alice"))
    with open(a.kubeconfig) as f:
        carol.post("/api/v1/clusters", {"name": "node", "kubeconfig": f.read()})
    env = "bench"
    carol.post("/api/v1/environments", {"name": env, "cluster": "node", "namespaceTemplate": "{team}-{environment}",
                                        "order": 0, "requiresApproval": False, "driftMode": "DETECT"})
    service = "demo-bench"
    alice.post("/api/v1/services", {"name": service, "team": "payments", "description": "bench/node",
                                    "spec": demo_spec("warm-up")})
    first_synced, first_healthy = deploy_until_healthy(alice, service, env, 1)
    print(f"first deploy (namespace, every object created): SYNCED {first_synced:.2f} s, HEALTHY {first_healthy:.2f} s",
          file=sys.stderr)

    synced, healthy = [], []
    for i in range(a.deploys):
        latest = alice.get(f"/api/v1/services/{service}")["latestRevision"]
        revision = alice.post(f"/api/v1/services/{service}/revisions",
                              {"baseRevision": latest, "spec": demo_spec(f"deploy-{i}")})["number"]
        s, h = deploy_until_healthy(alice, service, env, revision)
        synced.append(s)
        healthy.append(h)
        print(f"deploy {i + 1}/{a.deploys} (revision {revision}): SYNCED {s:.2f} s, HEALTHY {h:.2f} s", file=sys.stderr)

    fig = figures(a.figures)
    ups = [float(x) for x in fig["up_s"].split(",")]
    downs = [float(x) for x in fig["down_s"].split(",")]
    summary = {
        "build_cached_s": float(fig["build_cached_s"]),
        "build_rebuild_s": float(fig["build_rebuild_s"]) if "build_rebuild_s" in fig else None,
        "build_cold_s": float(fig["build_cold_s"]) if "build_cold_s" in fig else None,
        "up_s": ups,
        "up_median_s": round(statistics.median(ups), 2),
        "down_s": downs,
        "cycles": int(fig["cycles"]),
        "cycles_with_host_changes": int(fig["cycles_with_host_changes"]),
        "first_deploy_healthy_s": round(first_healthy, 2),
        "deploys": a.deploys,
        "deploy_synced_p50_s": round(percentile(synced, 50), 2),
        "deploy_synced_p95_s": round(percentile(synced, 95), 2),
        "deploy_healthy_p50_s": round(percentile(healthy, 50), 2),
        "deploy_healthy_p95_s": round(percentile(healthy, 95), 2),
        "deploy_healthy_max_s": round(max(healthy), 2),
        "load_average_at_end": os.getloadavg()[0],
        "nproc": os.cpu_count(),
    }
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(summary, f, indent=2)
    write_section(a.results, render(a, summary))
    print(json.dumps(summary, indent=2))


def render(a, s):
    def opt(v):
        return "not measured in this run" if v is None else f"{v} s"

    lines = [
        BEGIN,
        "## Test node (bench/node)",
        "",
        f"Generated by `{a.command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; every figure from that one run,",
        "on the same machine as the rest of this file (bin/test-cluster with its node: containerd, kubelet,",
        "controller-manager, scheduler, kube-proxy, CoreDNS, metrics-server).",
        f"Load average (1 min) at the end of the run: {s['load_average_at_end']:.1f} on {s['nproc']} CPUs.",
        "",
        "| what | figure |",
        "| --- | --- |",
        f"| `bin/test-cluster build`, everything cached | {s['build_cached_s']} s |",
        f"| build of everything into an empty binary cache, Go caches warm | {opt(s['build_rebuild_s'])} |",
        f"| build of everything with empty Go caches (a fresh machine) | "
        + (opt(s['build_cold_s']) if s['build_cold_s'] is not None else
           "not measured in this run (`--cold-build`); the first build of a fresh machine on 2026-12-05, not side by side "
           "with these figures: 255 s control plane, then 285 s node (kubelet 38, controller-manager 24, scheduler 4, "
           "proxy 6, CoreDNS 20 + 82, metrics-server 105)") + " |",
        f"| `bin/test-cluster up` (node Ready, metrics API available), {s['cycles']} cycles | median {s['up_median_s']} s "
        f"({', '.join(str(u) for u in s['up_s'])}) |",
        f"| `bin/test-cluster down` | {', '.join(str(d) for d in s['down_s'])} s |",
        f"| cycles after which the host differed from before the first `up` | {s['cycles_with_host_changes']} of {s['cycles']} |",
        f"| first deploy of the demo service (namespace and objects created) to HEALTHY | {s['first_deploy_healthy_s']} s |",
        f"| deploy request to SYNCED, {s['deploys']} deploys | p50 {s['deploy_synced_p50_s']} s, p95 {s['deploy_synced_p95_s']} s |",
        f"| deploy request to HEALTHY at the new revision (a rollout of 1 pod, readiness probe every 10 s, "
        f"first after 5 s), {s['deploys']} deploys | p50 {s['deploy_healthy_p50_s']} s, p95 {s['deploy_healthy_p95_s']} s, "
        f"max {s['deploy_healthy_max_s']} s |",
        "",
        "Where the deploy-to-HEALTHY time goes: the sync itself (SYNCED), then the new pod's start and its",
        "first readiness probe (5 s initial delay, then every 10 s), then the old pod's termination. The host",
        "snapshot compared after each `down` is bin/test-node/host-snapshot (links, addresses, routes, iptables",
        "and ip6tables rules, sysctls, cgroups, mounts, network namespaces, host directories, processes).",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_section(path, section):
    write_results_section(path, section, BEGIN, END)


if __name__ == "__main__":
    main()
