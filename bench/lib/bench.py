#!/usr/bin/env python3
"""Slipway benchmarks (issue 8): deploy throughput against kubectl and the raw API server, approval (or
request) to SYNCED latency, catalog and audit queries at scale, footprint. Driven by bench/run, which
starts the test API server and Slipway and passes their coordinates here.

  bench.py measure --port P --pg-port PG --pid PID --kubeconfig K --kubectl KUBECTL --n N ... --json OUT
  bench.py report --measure OUT --startup S --restart S --rss-after-restart MB ...
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slipway import (  # noqa: E402
    HttpError,
    KubeApi,
    Psql,
    Slipway,
    apply_path,
    children_of,
    full_spec,
    iso_to_epoch,
    proc_cpu_seconds,
    retarget,
    stats_ms,
    verdict,
)

CLIENT_THREADS = 8


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class RssSampler(threading.Thread):
    """Samples VmRSS of a process every half second; phases mark which samples belong to what."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.phase = "start"
        self.samples = []
        self.stop_flag = False

    def run(self):
        while not self.stop_flag:
            mb = read_rss_mb(self.pid)
            if mb is not None:
                self.samples.append((self.phase, mb))
            time.sleep(0.5)

    def peak(self, phase=None):
        values = [mb for ph, mb in self.samples if phase is None or ph == phase]
        return max(values) if values else None


def read_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:
        return None
    return None






class CpuMeter:
    """CPU seconds (user + system) spent by each part of the stack between two snapshots: the Slipway JVM,
    its PostgreSQL (postmaster and backends), kube-apiserver, etcd, and this client with its children
    (kubectl). Unlike wall-clock figures these do not depend on what else runs on the machine."""

    def __init__(self, groups):
        self.groups = groups  # name -> callable returning pids

    def snapshot(self):
        snap = {}
        for name, pids in self.groups.items():
            snap[name] = {pid: proc_cpu_seconds(pid) for pid in pids()}
        t = os.times()
        snap["client (python + kubectl)"] = {0: t.user + t.system + t.children_user + t.children_system}
        return snap

    @staticmethod
    def delta(before, after):
        out = {}
        for name, now in after.items():
            total = 0.0
            for pid, sec in now.items():
                if sec is None:
                    continue
                prev = before.get(name, {}).get(pid)
                total += sec - (prev or 0.0)
            out[name] = round(total, 2)
        return out


class ThreadSampler(threading.Thread):
    """Wall-clock profile of the deployer threads: `jcmd PID Thread.print` a few times a second, each
    deployer thread classified by what it is doing (waiting for the API server, for PostgreSQL, for
    work, or running Slipway's own code)."""

    def __init__(self, pid, interval=0.2):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.counts = {}
        self.frames = {}
        self.dumps = 0
        self.stop_flag = False

    def run(self):
        while not self.stop_flag:
            try:
                out = subprocess.run(["jcmd", str(self.pid), "Thread.print"], capture_output=True, text=True,
                                     timeout=10).stdout
            except (subprocess.SubprocessError, OSError):
                break
            self.dumps += 1
            for block in out.split("\n\n"):
                if not block.startswith('"deployer-'):
                    continue
                kind, frame = classify(block)
                self.counts[kind] = self.counts.get(kind, 0) + 1
                if frame:
                    self.frames[frame] = self.frames.get(frame, 0) + 1
            time.sleep(self.interval)


def classify(block):
    frames = re.findall(r"^\s+at (\S+)\(", block, re.M)
    first_slipway = next((f for f in frames if f.startswith("dev.slipway.")), None)
    joined = "\n".join(frames[:60])
    if "DeployerWakeUp.await" in joined:
        return "idle (waiting for work)", None
    if "org.postgresql" in joined or "com.zaxxer.hikari" in joined:
        return "waiting for PostgreSQL (JDBC)", first_slipway
    if "okhttp3" in joined or "okio" in joined or "sun.security.ssl" in joined:
        return "waiting for the API server (HTTP)", first_slipway
    return "running (CPU: render, JSON, YAML, locks)", frames[0] if frames else None


class Bench:
    def __init__(self, a):
        self.a = a
        self.rid = a.run_id or uuid.uuid4().hex[:5]
        self.sl = Slipway(a.port)
        self.kube = KubeApi(a.kubeconfig)
        self.psql = Psql(a.pg_port)
        self.result = {"run_id": self.rid, "n": a.n}
        self.rss = RssSampler(a.pid)
        self.cpu = CpuMeter(self.cpu_groups())
        self.created_services = {}  # namespace -> [names] of Kubernetes Services to delete (ClusterIP range)

    def cpu_groups(self):
        def pidfile(path):
            try:
                return [int(open(path).read().split()[0])]
            except (OSError, ValueError, IndexError):
                return []

        def postgres():
            pm = pidfile(os.path.join(self.a.pg_data, "postmaster.pid")) if self.a.pg_data else []
            return pm + (children_of(pm[0]) if pm else [])

        tc = self.a.cluster_state or ""
        return {
            "slipway (JVM)": lambda: [self.a.pid],
            "postgresql": postgres,
            "kube-apiserver": lambda: pidfile(os.path.join(tc, "kube-apiserver.pid")),
            "etcd": lambda: pidfile(os.path.join(tc, "etcd.pid")),
        }

    def cpu_per_service(self, before, n):
        d = CpuMeter.delta(before, self.cpu.snapshot())
        per = {k: round(v * 1000 / n, 1) for k, v in d.items()}
        total = sum(d.values())
        return {"cpu_seconds": d, "cpu_ms_per_service": per, "total_cpu_ms_per_service": round(total * 1000 / n, 1),
                "cpu_bound_services_per_second": round(os.cpu_count() * n / total, 1) if total else None}

    # ---------------------------------------------------------------- setup

    def setup(self):
        carol_basic = self.sl.as_user("carol")
        self.carol = self.sl.with_token(carol_basic.token())
        self.alice = self.sl.with_token(self.sl.as_user("alice").token())
        self.bob = self.sl.with_token(self.sl.as_user("bob").token())
        self.cluster = "bench-" + self.rid
        kubeconfig = open(self.a.kubeconfig).read()
        c = self.carol.post("/api/v1/clusters", {"name": self.cluster, "kubeconfig": kubeconfig})
        if not c.get("reachable"):
            raise SystemExit(f"cluster not reachable from Slipway: {c}")
        self.env_tp = "tp-" + self.rid
        self.env_probe = "ap-" + self.rid
        self.environment(self.env_tp, False)
        self.environment(self.env_probe, True)
        self.names = [f"b{self.rid}-{i:04d}" for i in range(self.a.n)]
        t0 = time.time()
        with ThreadPoolExecutor(4) as ex:
            list(ex.map(self.register_service, self.names))
        self.result["registration"] = {"services": self.a.n, "seconds": round(time.time() - t0, 2),
                                       "note": "POST /api/v1/services + PUT secret per service, 4 client threads"}
        log(f"registered {self.a.n} services with the full spec in {time.time() - t0:.1f} s")

    def environment(self, name, requires_approval):
        self.carol.post("/api/v1/environments", {"name": name, "cluster": self.cluster,
                                                 "namespaceTemplate": "{team}-{environment}",
                                                 "requiresApproval": requires_approval, "driftMode": "DETECT"})

    def register_service(self, name):
        self.alice.post("/api/v1/services", {"name": name, "team": "payments", "description": "benchmark service",
                                             "spec": full_spec(name)})
        self.alice.put(f"/api/v1/services/{name}/secrets/DB_PASSWORD", {"value": "pw-" + name})

    def probe_approvals(self):
        """Does POST /api/v1/deployments/{id}/approve exist yet? One request in an approval environment."""
        d = self.alice.post(f"/api/v1/services/{self.names[0]}/deployments", {"environment": self.env_probe})
        status, _, text = self.bob.raw("POST", f"/api/v1/deployments/{d['id']}/approve", {"comment": "bench probe"})
        exists = status in (200, 201)
        if not exists and status not in (404, 405):
            log(f"approve probe answered {status}: {text[:300]}; treating approvals as unavailable")
        if not exists:
            self.alice.raw("POST", f"/api/v1/deployments/{d['id']}/cancel")
        else:
            self.wait_synced([d["id"]], timeout=60)
            self.created_services.setdefault(f"payments-{self.env_probe}", []).append(self.names[0])
        self.approvals = exists
        self.result["approve_endpoint"] = {"exists": exists, "probe_status": status}
        log(f"approve endpoint: {'present' if exists else f'absent ({status})'}")

    # ---------------------------------------------------------------- deploy throughput

    def request_all(self, env, names):
        """Asks for a deployment of each service in env with CLIENT_THREADS client threads; the request ids."""
        with ThreadPoolExecutor(CLIENT_THREADS) as ex:
            return list(ex.map(lambda name: self.alice.post(f"/api/v1/services/{name}/deployments",
                                                            {"environment": env})["id"], names))

    def profile_burst(self):
        """The same burst again to another environment, untimed, with JFR recording: where the time goes."""
        if not self.a.profile:
            return
        self.free_service_ips()
        env = "pf-" + self.rid
        self.environment(env, False)
        jfr = os.path.join(self.a.out, "deploy.jfr")
        subprocess.run(["jcmd", str(self.a.pid), "JFR.start", "name=bench", "settings=profile", f"filename={jfr}"],
                       capture_output=True)
        cpu0 = self.cpu.snapshot()
        t0 = time.time()
        ids = self.request_all(env, self.names)
        items = self.wait_synced(ids, timeout=max(120, len(ids) * 3), environment=env)
        subprocess.run(["jcmd", str(self.a.pid), "JFR.stop", "name=bench"], capture_output=True)
        seconds = max(iso_to_epoch(d["syncedAt"]) for d in items) - t0
        self.created_services.setdefault(f"payments-{env}", []).extend(self.names)
        self.result["slipway"]["jfr"] = summarize_jfr(jfr)
        self.result["slipway"]["profiled_burst"] = {
            "services": len(ids), "services_per_second": round(len(ids) / seconds, 2),
            "cpu": self.cpu_per_service(cpu0, len(ids)),
            "note": "a second burst to another environment with JFR (settings=profile) recording; not the timed one"}
        log(f"profiled burst: {len(ids)} services in {seconds:.1f} s with JFR on (untimed)")

    def settle(self, what):
        """Waits until the Slipway JVM is idle (under 5% of a core for 3 s in a row, at most 180 s). After a
        burst the C2 compiler keeps a core half busy for a minute or more; a phase started then would measure
        kubectl or the raw API server against the JIT."""
        t0 = time.time()
        quiet = 0
        last = proc_cpu_seconds(self.a.pid)
        while quiet < 3 and time.time() - t0 < 180:
            time.sleep(1)
            now = proc_cpu_seconds(self.a.pid)
            quiet = quiet + 1 if now is not None and last is not None and now - last < 0.05 else 0
            last = now
        self.result.setdefault("settle_seconds", {})[what] = round(time.time() - t0, 1)
        log(f"Slipway idle again {time.time() - t0:.0f} s after {what}")

    def warm_up(self):
        """Deploys the same services to other environments, untimed, before anything is measured: a server
        runs warm. Without it the burst measures the JIT compiling the request, render and sync paths (in a
        cold JVM the C1/C2 compiler threads took most of the JVM's CPU during the burst); after one round many
        methods are still on their way to C2, so the timed figure moved by a third from run to run."""
        if not self.a.warmup:
            return
        rounds = []
        t0 = time.time()
        cpu0 = self.cpu.snapshot()
        for r in range(self.a.warmup_rounds):
            env = f"wu{r}-" + self.rid
            self.environment(env, False)
            t = time.time()
            ids = self.request_all(env, self.names[:self.a.warmup])
            self.wait_synced(ids, timeout=max(120, len(ids) * 3), environment=env)
            rounds.append(round(time.time() - t, 2))
            self.created_services.setdefault(f"payments-{env}", []).extend(self.names[:self.a.warmup])
            self.free_service_ips()
        n = self.a.warmup * self.a.warmup_rounds
        self.result["warmup"] = {"services": self.a.warmup, "rounds": self.a.warmup_rounds,
                                 "seconds": round(time.time() - t0, 2), "round_seconds": rounds,
                                 "cpu": self.cpu_per_service(cpu0, n),
                                 "note": f"the first {self.a.warmup} services deployed to {self.a.warmup_rounds}"
                                         " other environments before measuring"}
        log(f"warm-up: {self.a.warmup_rounds} x {self.a.warmup} services deployed (untimed) in {rounds} s")

    def idle_cpu(self, seconds=5.0):
        """What each process spends per second with nothing to do, measured just before the timed burst: a
        process with background work (kube-apiserver's loops, etcd's) costs more per service the slower the
        services arrive."""
        cpu0 = self.cpu.snapshot()
        time.sleep(seconds)
        d = CpuMeter.delta(cpu0, self.cpu.snapshot())
        self.result["idle_cpu_ms_per_second"] = {k: round(v * 1000 / seconds, 1) for k, v in d.items()}
        log(f"idle CPU (ms per second): {self.result['idle_cpu_ms_per_second']}")

    def slipway_throughput(self):
        env = self.env_tp
        # jcmd Thread.print starts a JVM per dump (about half a CPU second each): far too costly to leave on
        sampler = ThreadSampler(self.a.pid, interval=1.0) if os.environ.get("BENCH_THREAD_SAMPLES") else None
        # No JFR here: its profile settings cost the JVM 2-3x CPU per service; profile_burst() profiles
        # a second, untimed burst instead.
        if sampler:
            sampler.start()
        self.idle_cpu()
        self.rss.phase = "deploy"
        cpu0 = self.cpu.snapshot()
        t0 = time.time()
        ids = self.request_all(env, self.names)
        t_requested = time.time()
        items = self.wait_synced(ids, timeout=max(120, self.a.n * 3), environment=env)
        t_seen = time.time()
        cpu = self.cpu_per_service(cpu0, len(ids))
        if sampler:
            sampler.stop_flag = True
            sampler.join()
        end = max(iso_to_epoch(d["syncedAt"]) for d in items)
        seconds = end - t0
        self.deploy_ids = ids
        latencies = [iso_to_epoch(d["syncedAt"]) - iso_to_epoch(d["createdAt"]) for d in items]
        runs = self.run_breakdown(ids)
        r = {
            "services": len(ids),
            "seconds": round(seconds, 3),
            "services_per_second": round(len(ids) / seconds, 2),
            "requests_sent_seconds": round(t_requested - t0, 3),
            "observed_all_synced_seconds": round(t_seen - t0, 3),
            "request_to_synced_under_burst": stats_ms(latencies),
            "runs": runs,
            "client_threads": CLIENT_THREADS,
            "cpu": cpu,
        }
        if sampler:
            total = sum(sampler.counts.values()) or 1
            r["deployer_thread_profile"] = {
                "dumps": sampler.dumps,
                "share": {k: round(v / total, 3) for k, v in sorted(sampler.counts.items(), key=lambda kv: -kv[1])},
                "top_slipway_frames": sorted(sampler.frames.items(), key=lambda kv: -kv[1])[:8],
            }
        self.result["slipway"] = r
        self.created_services.setdefault(f"payments-{env}", []).extend(self.names)
        log(f"Slipway: {len(ids)} services SYNCED in {seconds:.2f} s = {r['services_per_second']} services/s")

    def wait_synced(self, ids, timeout, environment=None):
        deadline = time.time() + timeout
        wanted = set(ids)
        while True:
            if environment:
                page = self.alice.get(f"/api/v1/deployments?environment={environment}&limit=500")
                items = [d for d in page["items"] if d["id"] in wanted]
            else:
                items = [self.alice.get(f"/api/v1/deployments/{i}") for i in ids]
            failed = [d for d in items if d["state"] in ("FAILED", "REJECTED", "CANCELLED", "SUPERSEDED")]
            if failed:
                detail = self.alice.get(f"/api/v1/deployments/{failed[0]['id']}")
                raise SystemExit(f"deployment {failed[0]['id']} ended {failed[0]['state']}: "
                                 f"{json.dumps(detail.get('runs', []))[:2000]}")
            synced = [d for d in items if d["state"] == "SYNCED"]
            if len(synced) == len(wanted):
                return synced
            if time.time() > deadline:
                raise SystemExit(f"only {len(synced)} of {len(wanted)} SYNCED after {timeout} s")
            time.sleep(1.0)  # the end time is the last syncedAt, so polling slowly loses no precision (and costs Slipway less CPU)

    def run_breakdown(self, ids):
        rows = self.psql.rows(
            "select extract(epoch from r.started_at - d.created_at), extract(epoch from r.ended_at - r.started_at),"
            " r.attempt, r.outcome from sync_runs r join deployment_requests d on d.id = r.request_id"
            f" where r.request_id in ({','.join(map(str, ids))})")
        waits = [float(w) for w, _, _, o in rows if o == "SUCCEEDED"]
        syncs = [float(s) for _, s, _, o in rows if o == "SUCCEEDED"]
        return {
            "succeeded": len(syncs),
            "other_runs": sum(1 for r in rows if r[3] != "SUCCEEDED"),
            "queue_wait": stats_ms(waits),
            "sync_duration": stats_ms(syncs),
            "api_calls_per_sync": "7 server-side applies; prune reads what earlier syncs recorded (managed_objects), no list calls",
        }

    def manifests(self):
        """The masked YAML Slipway applied, per service, from GET /api/v1/deployments/{id}."""
        docs = {}

        def one(pair):
            name, i = pair
            d = self.alice.get(f"/api/v1/deployments/{i}")
            run = next(r for r in d["runs"] if r["outcome"] == "SUCCEEDED")
            return name, run["applied"]

        with ThreadPoolExecutor(4) as ex:
            for name, applied in ex.map(one, zip(self.names, self.deploy_ids)):
                docs[name] = applied
        self.docs = docs
        self.slipway_namespace = f"payments-{self.env_tp}"

    def free_service_ips(self):
        """The test API server has a /24 service range (about 250 ClusterIPs): delete the Services of
        earlier phases (outside any timed window) so the next phase can create its own."""
        t0 = time.time()
        todo = [(ns, n) for ns, names in self.created_services.items() for n in names]

        def delete(pair):
            ns, name = pair
            self.kube.request("DELETE", f"/api/v1/namespaces/{ns}/services/{name}")

        with ThreadPoolExecutor(4) as ex:
            list(ex.map(delete, todo))
        self.created_services = {}
        if todo:
            log(f"deleted {len(todo)} Services to free ClusterIPs ({time.time() - t0:.1f} s, untimed)")

    def kubectl_throughput(self):
        ns = f"bench-kubectl-{self.rid}"
        d = os.path.join(self.a.out, "manifests", "kubectl")
        os.makedirs(d, exist_ok=True)
        files = []
        for name in self.names:
            path = os.path.join(d, name + ".yaml")
            with open(path, "w") as f:
                f.write("---\n".join(retarget(doc, self.slipway_namespace, ns) for doc in self.docs[name]))
            files.append(path)
        cache = os.path.join(self.a.work, "kubectl-cache")
        base = [self.a.kubectl, "--kubeconfig", self.a.kubeconfig, "--cache-dir", cache]
        # Warm the discovery cache once, as a CI runner that already ran kubectl would have it.
        subprocess.run(base + ["api-resources"], capture_output=True, check=True)
        self.rss.phase = "kubectl"
        per = []
        cpu0 = self.cpu.snapshot()
        t0 = time.time()
        for path in files:
            s = time.time()
            p = subprocess.run(base + ["apply", "--server-side", "-f", path], capture_output=True, text=True)
            if p.returncode != 0:
                raise SystemExit(f"kubectl apply failed for {path}: {p.stderr}")
            per.append(time.time() - s)
        seconds = time.time() - t0
        cpu = self.cpu_per_service(cpu0, len(files))
        self.result["kubectl"] = {
            "cpu": cpu,
            "services": len(files),
            "seconds": round(seconds, 3),
            "services_per_second": round(len(files) / seconds, 2),
            "per_service": stats_ms(per),
            "command": f"{self.a.kubectl} --kubeconfig K --cache-dir C apply --server-side -f <service>.yaml"
                       " (one service at a time, discovery cache warm)",
        }
        self.created_services.setdefault(ns, []).extend(self.names)
        log(f"kubectl: {len(files)} services in {seconds:.2f} s = {len(files) / seconds:.2f} services/s")

    def raw_services(self, ns):
        """Each service's rendered objects moved to namespace ns, as (apply path, YAML body) pairs."""
        services = []
        for name in self.names:
            docs = [retarget(doc, self.slipway_namespace, ns) for doc in self.docs[name]]
            services.append([(apply_path(doc, "bench-raw"), doc.encode()) for doc in docs])
        return services

    def raw_apply(self, svc):
        for path, body in svc:
            status, text = self.kube.request("PATCH", path, body, "application/apply-patch+yaml")
            if status >= 300:
                raise SystemExit(f"raw apply {path}: {status} {text[:500]}")

    def raw_throughput(self):
        results = []
        for threads in self.a.raw_threads:
            self.free_service_ips()
            ns = f"bench-raw{threads}-{self.rid}"
            services = self.raw_services(ns)
            self.rss.phase = "raw"
            cpu0 = self.cpu.snapshot()
            t0 = time.time()
            with ThreadPoolExecutor(threads) as ex:
                list(ex.map(self.raw_apply, services))
            seconds = time.time() - t0
            cpu = self.cpu_per_service(cpu0, len(services))
            self.created_services.setdefault(ns, []).extend(self.names)
            results.append({"threads": threads, "seconds": round(seconds, 3),
                            "services_per_second": round(len(services) / seconds, 2),
                            "applies_per_second": round(7 * len(services) / seconds, 1), "cpu": cpu})
            log(f"raw ({threads} threads): {len(services)} services in {seconds:.2f} s"
                f" = {len(services) / seconds:.2f} services/s")
        best = max(results, key=lambda r: r["services_per_second"])
        self.result["raw"] = {
            "method": "Python threads, one keep-alive HTTPS connection each (client certificate from the kubeconfig),"
                      " PATCH with Content-Type application/apply-patch+yaml, fieldManager=bench-raw, force=true;"
                      " each thread applies one service's 7 objects in order, services spread over the threads;"
                      " best of the thread counts tried",
            "tries": results,
            "best": best,
            "services_per_second": best["services_per_second"],
        }
        self.raw_paced()

    def raw_paced(self):
        """The raw client again, held to Slipway's measured rate: what the API server and etcd spend per service
        when requests arrive as slowly as Slipway sends them. Compared with Slipway's phase it separates what
        the rate costs them (fewer requests per wake-up, smaller etcd batches) from what Slipway's requests do."""
        rate = self.result["slipway"]["services_per_second"]
        self.free_service_ips()
        ns = f"bench-rawpaced-{self.rid}"
        services = self.raw_services(ns)
        cpu0 = self.cpu.snapshot()
        t0 = time.time()

        def paced(indexed):
            i, svc = indexed
            time.sleep(max(0.0, t0 + i / rate - time.time()))
            self.raw_apply(svc)

        with ThreadPoolExecutor(CLIENT_THREADS) as ex:
            list(ex.map(paced, enumerate(services)))
        seconds = time.time() - t0
        self.created_services.setdefault(ns, []).extend(self.names)
        self.result["raw"]["paced"] = {"target_services_per_second": rate, "threads": CLIENT_THREADS,
                                       "seconds": round(seconds, 3),
                                       "services_per_second": round(len(services) / seconds, 2),
                                       "cpu": self.cpu_per_service(cpu0, len(services))}
        log(f"raw paced to Slipway's {rate} services/s: {len(services)} services in {seconds:.2f} s")

    # ---------------------------------------------------------------- latency

    def latency(self):
        self.free_service_ips()
        env = "lat-" + self.rid
        self.environment(env, self.approvals)
        self.rss.phase = "latency"
        client, server = [], []
        for name in self.names:
            if self.approvals:
                d = self.alice.post(f"/api/v1/services/{name}/deployments", {"environment": env})
                t0 = time.time()
                self.bob.post(f"/api/v1/deployments/{d['id']}/approve", {"comment": "bench"})
            else:
                t0 = time.time()
                d = self.alice.post(f"/api/v1/services/{name}/deployments", {"environment": env})
            while True:
                cur = self.alice.get(f"/api/v1/deployments/{d['id']}")
                if cur["state"] == "SYNCED":
                    client.append(time.time() - t0)
                    start = cur["decidedAt"] if self.approvals else cur["createdAt"]
                    server.append(iso_to_epoch(cur["syncedAt"]) - iso_to_epoch(start))
                    break
                if cur["state"] in ("FAILED", "CANCELLED", "REJECTED", "SUPERSEDED"):
                    raise SystemExit(f"latency run: deployment {d['id']} {cur['state']}: {cur.get('runs')}")
                time.sleep(0.02)
        self.created_services.setdefault(f"payments-{env}", []).extend(self.names)
        what = "approve call to SYNCED" if self.approvals else "request call to SYNCED (no approve endpoint yet)"
        self.result["latency"] = {
            "measured": what,
            "environment_requires_approval": self.approvals,
            "client_observed": stats_ms(client),
            "server_timestamps": stats_ms(server),
            "method": "one deployment at a time (as a lead approves them), polled every 20 ms;"
                      " server_timestamps = syncedAt - " + ("decidedAt" if self.approvals else "createdAt"),
        }
        log(f"latency ({what}): {self.result['latency']['client_observed']}")

    # ---------------------------------------------------------------- catalog and audit at scale

    def generate_data(self):
        s, e = self.a.services, self.a.events
        t0 = time.time()
        existing = int(self.psql.value("select count(*) from services"))
        self.psql.run(f"""
            insert into teams (slug, name)
              select 'team-' || lpad(g::text, 2, '0'), 'Generated team ' || g from generate_series(1, 48) g
              on conflict (slug) do nothing;
            with t as (select array_agg(id order by id) ids from teams),
                 w as (select array['billing','search','checkout','ledger','invoices','payouts','fraud','catalog',
                                    'shipping','identity','pricing','reports'] words)
            insert into services (name, team_id, description, latest_revision, created_by)
              select 'gen-{self.rid}-' || lpad(g::text, 5, '0'), t.ids[1 + g % array_length(t.ids, 1)],
                     'Handles ' || w.words[1 + g % 12] || ' and ' || w.words[1 + (g / 12) % 12] || ' (generated)',
                     1, 'bench'
              from generate_series(1, {max(0, s - existing)}) g, t, w;
            insert into revisions (service_id, number, spec, created_by, change_summary)
              select id, 1, jsonb_build_object('image', 'registry.example.com/gen/' || name || ':1.0.0', 'replicas', 2),
                     'bench', 'generated'
              from services where name like 'gen-{self.rid}-%';
        """)
        t_services = time.time() - t0
        t1 = time.time()
        self.psql.run(f"""
            with head as (select coalesce((select hash from audit_events order by id desc limit 1), repeat('0', 64)) h),
                 t as (select array_agg(slug order by id) slugs from teams)
            insert into audit_events (occurred_at, actor, action, target_type, target, team, service, environment,
                                      details, prev_hash, hash)
              select now() - interval '365 days' + g * (interval '365 days' / {e}),
                     (array['alice','bob','carol','dave','erin','deployer'])[1 + g % 6],
                     (array['service.created','revision.created','deployment.requested','deployment.approved',
                            'deployment.synced','secret.set','deployment.failed'])[1 + g % 7],
                     'deployment', g::text,
                     t.slugs[1 + g % array_length(t.slugs, 1)],
                     'gen-{self.rid}-' || lpad((1 + g % {max(1, s)})::text, 5, '0'),
                     (array['dev','staging','prod'])[1 + g % 3],
                     jsonb_build_object('generated', true, 'n', g),
                     case when g = 1 then head.h
                          else encode(sha256(convert_to('bench-{self.rid}-' || (g - 1), 'UTF8')), 'hex') end,
                     encode(sha256(convert_to('bench-{self.rid}-' || g, 'UTF8')), 'hex')
              from generate_series(1, {e}) g, head, t
              order by g;
            analyze services; analyze revisions; analyze teams; analyze audit_events;
        """)
        t_events = time.time() - t1
        counts = self.psql.rows("select (select count(*) from services), (select count(*) from audit_events),"
                                " (select count(*) from audit_events where team = 'payments')")[0]
        self.result["data"] = {
            "services": int(counts[0]), "audit_events": int(counts[1]), "audit_events_payments": int(counts[2]),
            "insert_services_seconds": round(t_services, 1), "insert_events_seconds": round(t_events, 1),
            "note": "inserted with psql into the embedded PostgreSQL; generated audit events link prev_hash to hash"
                    " but their hashes are not computed over their content, so GET /api/v1/audit/verify reports"
                    " the chain broken at the first generated event",
        }
        log(f"generated data: {counts[0]} services, {counts[1]} audit events"
            f" ({t_services:.1f} s + {t_events:.1f} s)")

    def measure_queries(self):
        self.rss.phase = "queries"
        m, warm = self.a.samples, 20
        cookie = self.sl.form_login("alice")
        results = {}

        def timed(name, fn, variants):
            for i in range(warm):
                fn(variants[i % len(variants)])
            jfr = os.path.join(self.a.out, name + ".jfr") if self.a.profile else None
            if jfr:
                subprocess.run(["jcmd", str(self.a.pid), "JFR.start", "name=" + name, "settings=profile",
                                f"filename={jfr}"], capture_output=True)
            times = []
            for i in range(m):
                t = time.perf_counter()
                fn(variants[i % len(variants)])
                times.append(time.perf_counter() - t)
            results[name] = stats_ms(times)
            if jfr:
                subprocess.run(["jcmd", str(self.a.pid), "JFR.stop", "name=" + name], capture_output=True)
                results[name]["jfr"] = summarize_jfr(jfr)
            log(f"{name}: { {k: v for k, v in results[name].items() if k != 'jfr'} }")

        def page(path):
            status, _, text = self.sl.raw("GET", path, headers={"Cookie": cookie, "Accept": "text/html"})
            if status != 200 or "<html" not in text.lower():
                raise SystemExit(f"catalog page {path}: {status} {text[:300]}")

        timed("catalog_page", page, ["/services"])

        def api(path):
            body = self.alice.get(path)
            if not body["items"]:
                raise SystemExit(f"catalog API {path}: no items")

        words = ["billing", "ledger", "payouts", "fraud", "search"]
        timed("catalog_api", api, [f"/api/v1/services?team=payments&q={w}&limit=50" for w in words])

        status, _, text = self.carol.raw("GET", "/api/v1/audit?limit=1")
        audit_api = status == 200
        frm = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 180 * 86400))
        if audit_api:
            # Cursors of pages 1..4 of one filtered query; each page request is one sample.
            base = f"/api/v1/audit?team=payments&action=deployment.synced&from={frm}&limit=50"
            paths, cursor = [base], None
            for _ in range(3):
                body = self.carol.get(paths[-1])
                cursor = body.get("nextCursor")
                if not cursor:
                    break
                paths.append(base + "&cursor=" + cursor)

            def audit(path):
                self.carol.get(path)

            timed("audit_query", audit, paths)
            results["audit_query"]["via"] = "GET " + base + " and its next 3 pages (cursor), as carol"
        else:
            cols = ("id, occurred_at, actor, action, target_type, target, team, service, environment,"
                    " details::text as details, prev_hash, hash")
            where = f"team = 'payments' and action = 'deployment.synced' and occurred_at >= '{frm}'"
            first = f"select {cols} from audit_events where {where} order by id desc limit 51"
            ids = self.psql.rows(f"select id from audit_events where {where} order by id desc limit 151")
            cursors = [ids[49][0], ids[99][0], ids[149][0]] if len(ids) >= 150 else []
            queries = {"p1": first}
            for i, c in enumerate(cursors):
                queries[f"p{i + 2}"] = (f"select {cols} from audit_events where {where} and id < {c}"
                                        " order by id desc limit 51")
            for q in queries.values():  # warm-up
                self.psql.run(q)
            times = self.psql.timed(queries, max(1, m // len(queries)))
            flat = [t for ts in times.values() for t in ts]
            results["audit_query"] = stats_ms(flat)
            results["audit_query"]["via"] = (
                f"SQL through psql (GET /api/v1/audit answered {status}: not in this build), \\timing of: " + first
                + " and the next 3 pages (id < cursor); excludes HTTP and JSON")
            log(f"audit_query (SQL): {results['audit_query']}")
        results["audit_api_present"] = audit_api
        self.result["queries"] = results

    def cleanup(self):
        self.free_service_ips()
        self.kube.cleanup()

    def measure(self):
        self.rss.start()
        started = time.time()
        self.setup()
        self.probe_approvals()
        self.warm_up()
        self.settle("the warm-up")
        self.slipway_throughput()
        self.profile_burst()
        self.manifests()
        self.free_service_ips()
        self.settle("the deploy bursts")
        if self.a.only_deploy:
            self.raw_throughput()
            self.latency()
            self.rss.stop_flag = True
            self.cleanup()
            s, r = self.result["slipway"]["services_per_second"], self.result["raw"]["services_per_second"]
            print(json.dumps({"slipway": s, "raw": r, "ratio_vs_raw": round(s / r, 2),
                              "sync_p50_ms": self.result["slipway"]["runs"]["sync_duration"]["p50_ms"],
                              "latency": self.result["latency"]["client_observed"],
                              "profile": self.result["slipway"].get("deployer_thread_profile", {}).get("share"),
                              "slipway_cpu": self.result["slipway"]["cpu"],
                              "raw_cpu": self.result["raw"]["best"]["cpu"],
                              "raw_paced_cpu": self.result["raw"]["paced"]["cpu"],
                              "idle_cpu_ms_per_second": self.result.get("idle_cpu_ms_per_second")}, indent=1))
            with open(self.a.json, "w") as f:
                json.dump(self.result, f, indent=2)
            return
        self.kubectl_throughput()
        self.raw_throughput()
        self.latency()
        self.generate_data()
        self.measure_queries()
        self.rss.stop_flag = True
        self.result["rss_mb"] = {"peak_queries": self.rss.peak("queries"), "peak_deploy": self.rss.peak("deploy"),
                                 "peak_overall": self.rss.peak()}
        self.cleanup()
        self.result["measure_seconds"] = round(time.time() - started, 1)
        with open(self.a.json, "w") as f:
            json.dump(self.result, f, indent=2)


def strip_jfr(d):
    return {k: v for k, v in d.items() if k != "jfr"}


CATEGORIES = [
    ("TLS (sun.security.ssl / crypto)", ("sun.security.", "com.sun.crypto.", "javax.crypto.")),
    ("HTTP client to the API server (okhttp/okio)", ("okhttp3.", "okio.")),
    ("Kubernetes client (client-java, Gson)", ("io.kubernetes.", "com.google.gson.")),
    ("YAML (snakeyaml)", ("org.yaml.",)),
    ("JSON (Jackson)", ("tools.jackson.", "com.fasterxml.")),
    ("JDBC driver (pgjdbc)", ("org.postgresql.",)),
    ("Hibernate / JPA", ("org.hibernate.", "jakarta.persistence.")),
    ("connection pool (Hikari)", ("com.zaxxer.",)),
    ("Spring Security", ("org.springframework.security.",)),
    ("Spring data / transactions", ("org.springframework.data.", "org.springframework.transaction.",
                                    "org.springframework.jdbc.", "org.springframework.orm.")),
    ("Spring MVC / Tomcat", ("org.springframework.web.", "org.apache.catalina.", "org.apache.tomcat.",
                             "org.apache.coyote.")),
    ("Thymeleaf", ("org.thymeleaf.",)),
    ("logging", ("ch.qos.logback.", "org.slf4j.")),
    ("Slipway code", ("dev.slipway.",)),
]


def categorize(frames):
    """The first frame from the top that belongs to a known library or to Slipway names the sample."""
    for f in frames:
        for name, prefixes in CATEGORIES:
            if f.startswith(prefixes):
                return name
    return "JDK / other"


def summarize_jfr(path):
    """CPU samples of Java threads (jdk.ExecutionSample) in a recording: by thread, by library (first
    recognised frame from the top of the stack), top frames, and Slipway methods on the stack (inclusive)."""
    if not path or not os.path.exists(path):
        return None
    try:
        out = subprocess.run(["jfr", "print", "--stack-depth", "200", "--events", "jdk.ExecutionSample", path],
                             capture_output=True, text=True, timeout=300).stdout
    except (subprocess.SubprocessError, OSError):
        return None
    top, slipway, threads, cats, total = {}, {}, {}, {}, 0
    for event in out.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
        thread = re.search(r'sampledThread = "([^"]+)"', event)
        if not frames:
            continue
        total += 1
        top[frames[0]] = top.get(frames[0], 0) + 1
        c = categorize(frames)
        cats[c] = cats.get(c, 0) + 1
        seen = set()
        for f in frames:
            if f.startswith("dev.slipway.") and "$$" not in f and "$Proxy" not in f and f not in seen:
                seen.add(f)
                slipway[f] = slipway.get(f, 0) + 1
        if thread:
            t = re.sub(r"\d+", "N", thread.group(1))
            threads[t] = threads.get(t, 0) + 1

    def top_n(d, n=10):
        return [[k, v, round(v / total, 3)] for k, v in sorted(d.items(), key=lambda kv: -kv[1])[:n]]

    return {"samples": total, "by_thread": top_n(threads, 8), "by_library": top_n(cats, 15),
            "top_frames": top_n(top), "slipway_methods_inclusive": top_n(slipway, 25),
            "first_slipway_frame": top_n(slipway, 10)}


# ------------------------------------------------------------------------ report

def machine_load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def machine():
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20).stdout.strip()
        except subprocess.SubprocessError:
            return ""

    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    mem = sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")
    java = sh("java -version 2>&1 | head -n 1")
    return {"nproc": sh("nproc"), "cpu": cpu, "memory": mem, "java": java, "kernel": platform.release(),
            "python": platform.python_version(), "loadavg_at_end": sh("cut -d' ' -f1-3 /proc/loadavg")}


def report(a):
    m = json.load(open(a.measure))
    sl, kc, raw = m["slipway"], m["kubectl"], m["raw"]
    q = m["queries"]
    summary = {
        "mode": a.mode,
        "loadavg_start": a.loadavg_start,
        "loadavg_end": machine_load(),
        "n": m["n"],
        "slipway_services_per_second": sl["services_per_second"],
        "kubectl_services_per_second": kc["services_per_second"],
        "raw_services_per_second": raw["services_per_second"],
        "deploy_ratio_vs_kubectl": round(sl["services_per_second"] / kc["services_per_second"], 2),
        "deploy_ratio_vs_raw": round(sl["services_per_second"] / raw["services_per_second"], 2),
        "approval_to_synced_measured_as": m["latency"]["measured"],
        "approval_to_synced_p50_ms": m["latency"]["client_observed"]["p50_ms"],
        "approval_to_synced_p95_ms": m["latency"]["client_observed"]["p95_ms"],
        "approval_to_synced_p99_ms": m["latency"]["client_observed"]["p99_ms"],
        "catalog_page_p50_ms": q["catalog_page"]["p50_ms"],
        "catalog_page_p95_ms": q["catalog_page"]["p95_ms"],
        "catalog_api_p50_ms": q["catalog_api"]["p50_ms"],
        "catalog_api_p95_ms": q["catalog_api"]["p95_ms"],
        "catalog_p95_ms": max(q["catalog_page"]["p95_ms"], q["catalog_api"]["p95_ms"]),
        "audit_query_p50_ms": q["audit_query"]["p50_ms"],
        "audit_query_p95_ms": q["audit_query"]["p95_ms"],
        "audit_query_via": "API" if q["audit_api_present"] else "SQL (psql)",
        "services_in_catalog": m["data"]["services"],
        "audit_events": m["data"]["audit_events"],
        "startup_seconds": a.startup,
        "startup_with_data_seconds": a.restart,
        "rss_mb": m["rss_mb"]["peak_queries"],
        "rss_mb_peak_deploy": m["rss_mb"]["peak_deploy"],
        "rss_mb_after_restart_with_data": a.rss_after_restart,
    }
    targets = [
        ("Slipway >= 5x kubectl", summary["deploy_ratio_vs_kubectl"], 5.0, ">="),
        ("Slipway within 2x of raw (ratio >= 0.5)", summary["deploy_ratio_vs_raw"], 0.5, ">="),
        ("approval to SYNCED p95 < 2000 ms", summary["approval_to_synced_p95_ms"], 2000, "<"),
        ("catalog page p95 < 100 ms", summary["catalog_page_p95_ms"], 100, "<"),
        ("catalog API p95 < 100 ms", summary["catalog_api_p95_ms"], 100, "<"),
        ("audit query p95 < 100 ms", summary["audit_query_p95_ms"], 100, "<"),
    ]
    verdicts = [verdict(*t) for t in targets]
    live = json.load(open(a.live)) if a.live else None
    if live:
        import livestate  # imports this module's neighbours only; not at the top: livestate is optional here

        summary.update(livestate.summary_keys(live))
        live_verdicts = livestate.targets(live, summary)
        verdicts += live_verdicts
        live_md = (livestate.summary_rows(live, summary, live_verdicts), livestate.section(live))
    else:
        live_md = ([], [])
    summary["targets"] = {name: text for name, _, text in verdicts}
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    mach = machine()
    md = render_markdown(a, m, summary, verdicts, mach, live_md)
    kept = kept_sections(a.results)  # before open(..., "w") empties the file
    with open(a.results, "w") as f:
        f.write(md + kept)
    print(json.dumps(summary, indent=2))


def kept_sections(path):
    """Sections that other scripts write into RESULTS.md between their markers (bench/node's), kept as they are."""
    if not os.path.exists(path):
        return ""
    text = open(path).read()
    begin, end = "<!-- bench/node: begin -->", "<!-- bench/node: end -->"
    if begin not in text or end not in text:
        return ""
    return "\n" + begin + text.split(begin, 1)[1].split(end, 1)[0] + end + "\n"


def render_markdown(a, m, s, verdicts, mach, live_md=([], [])):
    sl, kc, raw, lat, q = m["slipway"], m["kubectl"], m["raw"], m["latency"], m["queries"]
    lines = [
        "# Slipway benchmark results",
        "",
        f"Generated by `{a.command}` ({a.mode} run, N = {m['n']}) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "Every figure below comes from that one run; all comparisons were measured side by side against the same",
        "kube-apiserver (bin/test-cluster: etcd + kube-apiserver on 127.0.0.1, no controllers).",
        "",
        "## Machine",
        "",
        f"- CPUs (nproc): {mach['nproc']}, {mach['cpu']}",
        f"- Memory: {mach['memory']}",
        f"- Java: {mach['java']}; Python {mach['python']}; kernel {mach['kernel']}",
        f"- Load average (1/5/15 min) at the start of the run: {a.loadavg_start}; at the end: {mach['loadavg_at_end']}."
        " The machine is shared: other engineers'",
        "  Maven builds and test runs may have been running during the measurement, so absolute figures are",
        "  noisy; ratios measured minutes apart in the same run are more telling than absolute numbers.",
        "",
        "## Commands",
        "",
        "```sh",
        "mvn -B -q -pl portal-app -am package -DskipTests   # in the repository: portal-app/target/slipway.jar",
        a.command,
        "```",
        "",
        "`bench/run` starts `bin/test-cluster up` (own state dir), then `java -jar portal-app/target/slipway.jar",
        "--server.address=127.0.0.1` on a random free port with a fresh `SLIPWAY_HOME` (embedded PostgreSQL),",
        "registers the test cluster and environments through the API, measures, and stops what it started.",
        f"Slipway runs in drift mode `{os.environ.get('SLIPWAY_DRIFT_MODE', 'watch')}` (the default: drift from watch"
        " events, nothing to do while nothing changes). The poll loop before it (every deployed service re-planned"
        " every 30 s) had to be pushed out of the run; it is measured beside the watches in the live-state phase.",
        f"kubectl: `{kc['command']}`.",
        "",
        "## Summary",
        "",
        "| figure | value | target |",
        "| --- | --- | --- |",
        f"| Slipway deploy throughput | {s['slipway_services_per_second']} services/s | |",
        f"| kubectl apply --server-side, one service at a time | {s['kubectl_services_per_second']} services/s | |",
        f"| raw API server limit (parallel server-side apply) | {s['raw_services_per_second']} services/s | |",
        f"| deploy_ratio_vs_kubectl | {s['deploy_ratio_vs_kubectl']} | >= 5: {verdicts[0][2]} |",
        f"| deploy_ratio_vs_raw | {s['deploy_ratio_vs_raw']} | >= 0.5: {verdicts[1][2]} |",
        f"| {lat['measured']} p50 / p95 / p99 | {s['approval_to_synced_p50_ms']} / {s['approval_to_synced_p95_ms']}"
        f" / {s['approval_to_synced_p99_ms']} ms | p95 < 2000: {verdicts[2][2]} |",
        f"| catalog page GET /services p50 / p95 | {s['catalog_page_p50_ms']} / {s['catalog_page_p95_ms']} ms"
        f" | p95 < 100: {verdicts[3][2]} |",
        f"| catalog API GET /api/v1/services?team=payments&q=... p50 / p95 | {s['catalog_api_p50_ms']} /"
        f" {s['catalog_api_p95_ms']} ms | p95 < 100: {verdicts[4][2]} |",
        f"| audit query with paging ({s['audit_query_via']}) p50 / p95 | {s['audit_query_p50_ms']} /"
        f" {s['audit_query_p95_ms']} ms | p95 < 100: {verdicts[5][2]} |",
        f"| start-up, process start to readiness (fresh SLIPWAY_HOME: initdb + migrations) | {s['startup_seconds']} s | |",
        f"| start-up again on the loaded database ({s['services_in_catalog']} services,"
        f" {s['audit_events']} audit events) | {s['startup_with_data_seconds'] or 'not measured (--quick)'} s | |",
        f"| RSS of the Slipway JVM (VmRSS), peak while serving the catalog/audit queries | {s['rss_mb']} MiB | |",
        f"| RSS peak during the deploy burst / idle after restart on the loaded database |"
        f" {s['rss_mb_peak_deploy']} / {s['rss_mb_after_restart_with_data']} MiB | |",
    ] + live_md[0] + [
        "",
        "`bench/out/summary.json` holds these figures; `bench/out/measure.json` everything measured"
        + ("; `bench/out/live.json` the live-state phase's." if live_md[0] else "."),
        "",
        "## Deploy throughput",
        "",
        f"N = {m['n']} services, each with the full spec (Namespace, ConfigMap, Secret, Deployment, Service, HPA,",
        "Ingress: 7 objects), registered through the API (untimed).",
        "",
        (f"Warm-up first (untimed): the same {m['warmup']['services']} services deployed {m['warmup'].get('rounds', 1)}"
         f" times, each time to another environment,"
         f" so the timed burst meets a warm JVM as a running server would (in a cold JVM the JIT compiler threads"
         f" took most of the CPU of the first burst; after a single round the timed figure still moved by a third"
         f" from run to run). The warm-up took {m['warmup']['seconds']} s"
         f" ({m['warmup']['cpu']['cpu_ms_per_service']['slipway (JVM)']} ms of Slipway CPU per service)."
         if m.get("warmup") else "No warm-up: the timed burst met a cold JVM."),
        "",
        f"- **Slipway**: all {sl['services']} deployment requests sent with {sl['client_threads']} client threads"
        f" (POST /api/v1/services/{{name}}/deployments in an environment without approval, took"
        f" {sl['requests_sent_seconds']} s), timed until the last `syncedAt`: {sl['seconds']} s ="
        f" **{sl['services_per_second']} services/s**. Sync runs: {sl['runs']['succeeded']} succeeded,"
        f" {sl['runs']['other_runs']} other; queue wait p50 {sl['runs']['queue_wait']['p50_ms']} ms,"
        f" sync duration p50 {sl['runs']['sync_duration']['p50_ms']} ms / p95"
        f" {sl['runs']['sync_duration']['p95_ms']} ms ({sl['runs']['api_calls_per_sync']}).",
        f"- **kubectl**: the same rendered manifests (taken from `runs[].applied` of each deployment, moved to another"
        f" namespace, masked secret values replaced by a placeholder), one `kubectl apply --server-side -f` per"
        f" service in sequence: {kc['seconds']} s = **{kc['services_per_second']} services/s**"
        f" (per service p50 {kc['per_service']['p50_ms']} ms).",
        f"- **raw API server**: {raw['method']}.",
    ]
    for t in raw["tries"]:
        lines.append(f"  - {t['threads']} threads: {t['seconds']} s = {t['services_per_second']} services/s"
                     f" ({t['applies_per_second']} applies/s)")
    best = raw["best"]
    parts = list(sl["cpu"]["cpu_ms_per_service"].keys())
    lines += [
        "",
        "### CPU per service",
        "",
        "CPU time (user + system, from /proc/PID/stat) spent per deployed service by each process of the stack during"
        " each phase; unlike the wall-clock figures it hardly depends on what else runs on the machine. The last"
        f" column is what {os.cpu_count()} fully available cores would allow: cores / total CPU seconds per service.",
        "",
        "| phase | " + " | ".join(parts) + " | total | CPU-bound limit |",
        "| --- | " + " | ".join("---" for _ in parts) + " | --- | --- |",
    ]
    phases = [("Slipway", sl["cpu"])]
    if sl.get("profiled_burst"):
        phases.append(("Slipway, profiled burst (JFR on, untimed)", sl["profiled_burst"]["cpu"]))
    phases += [("kubectl", kc["cpu"]), (f"raw ({best['threads']} threads)", best["cpu"])]
    if raw.get("paced"):
        phases.append((f"raw, paced to Slipway's {raw['paced']['target_services_per_second']} services/s",
                       raw["paced"]["cpu"]))
    for label, c in phases:
        lines.append(f"| {label} | " + " | ".join(f"{c['cpu_ms_per_service'].get(p, 0)} ms" for p in parts)
                     + f" | {c['total_cpu_ms_per_service']} ms | {c['cpu_bound_services_per_second']} services/s |")
    if raw.get("paced"):
        api = ("kube-apiserver", "etcd")
        paced_api = sum(raw["paced"]["cpu"]["cpu_ms_per_service"].get(p, 0) for p in api)
        slipway_api = sum(sl["cpu"]["cpu_ms_per_service"].get(p, 0) for p in api)
        best_api = sum(best["cpu"]["cpu_ms_per_service"].get(p, 0) for p in api)
        lines += ["", f"kube-apiserver + etcd per service: {slipway_api:.1f} ms for Slipway's applies, {best_api:.1f} ms"
                  f" for the raw client at full speed, {paced_api:.1f} ms for the same raw client held to Slipway's rate."
                  " What the API server and etcd spend per service depends on how fast the services arrive, not on who"
                  " sends them. Their idle CPU (below) is too small to explain it; more likely each request costs"
                  " more when fewer arrive together (more wake-ups per request, smaller etcd write batches)."]
    if m.get("idle_cpu_ms_per_second"):
        lines += ["", "Idle CPU just before the timed burst, in ms per second (a tenth of a core is 100): "
                  + ", ".join(f"{k} {v}" for k, v in m["idle_cpu_ms_per_second"].items()) + "."]
    lines += [
        "",
        f"Request-to-SYNCED latency inside the burst (queueing included): {sl['request_to_synced_under_burst']}.",
        "",
        "The test API server's Service ClusterIP range is a /24 (about 250 addresses), so between phases the",
        "Services of the previous phase are deleted (untimed) to make room; every phase creates its objects in",
        "a fresh namespace.",
        "",
        ("Before the timed burst and again before kubectl and the raw API server, the bench waits until the Slipway"
         " JVM is idle (under 5% of a core for 3 s): after a burst its C2 compiler kept a core half busy for a minute"
         " or more, which the other tools would otherwise have competed with. Waited: "
         + ", ".join(f"{v} s after {k}" for k, v in m.get("settle_seconds", {}).items()) + "."
         if m.get("settle_seconds") else ""),
        "",
    ]
    prof = sl.get("deployer_thread_profile")
    if prof:
        lines += ["### Where the deployer's time goes", "",
                  f"Wall-clock samples of the `deployer-N` threads ({prof['dumps']} `jcmd Thread.print` dumps during"
                  " the burst):", ""]
        for k, v in prof["share"].items():
            lines.append(f"- {k}: {v * 100:.0f}%")
        if prof["top_slipway_frames"]:
            lines += ["", "Innermost Slipway frame of those samples: " + ", ".join(
                f"`{f}` ({c})" for f, c in prof["top_slipway_frames"][:6])]
        lines.append("")
    jfr = sl.get("jfr")
    if jfr and jfr["samples"]:
        lines += [f"JFR CPU samples during a second, untimed burst of the same services to another environment (`jdk.ExecutionSample`, {jfr['samples']} samples) by thread: "
                  + ", ".join(f"{t} {int(share * 100)}%" for t, _, share in jfr["by_thread"]) + ".",
                  "By library (first recognised frame from the top of each sample): "
                  + ", ".join(f"{f} {int(share * 100)}%" for f, _, share in jfr["by_library"][:10]) + ".",
                  "Slipway methods on the stack (inclusive): "
                  + ", ".join(f"`{f.replace('dev.slipway.', '')}` {int(share * 100)}%"
                              for f, _, share in jfr["slipway_methods_inclusive"][:12]) + ".", ""]
    lines += [
        "## Approval to SYNCED",
        "",
        f"Measured: **{lat['measured']}**; {lat['method']}.",
        "" if lat["environment_requires_approval"] else
        "The approve endpoint (POST /api/v1/deployments/{id}/approve) answered 404/405 in this build, so the"
        " environment needs no approval and the clock starts at the deployment request; `bench/run` switches to"
        " timing the approve call (bob approves alice's request) as soon as the endpoint exists.",
        "",
        f"- client observed: {lat['client_observed']}",
        f"- server timestamps: {lat['server_timestamps']}",
        "",
        "## Catalog and audit at scale",
        "",
        f"{m['data']['services']} services and {m['data']['audit_events']} audit events"
        f" ({m['data']['audit_events_payments']} of team payments); {m['data']['note']}."
        f" Insert time: services {m['data']['insert_services_seconds']} s, events {m['data']['insert_events_seconds']} s.",
        f"Each query: 20 warm-up requests, then {a.samples} timed requests in sequence from one client.",
        "",
        f"- catalog page `GET /services` (session cookie from a form login as alice): {strip_jfr(q['catalog_page'])}",
        f"- catalog API `GET /api/v1/services?team=payments&q=<word>&limit=50` (alice's API token):"
        f" {strip_jfr(q['catalog_api'])}",
        f"- audit query: {strip_jfr(q['audit_query'])}",
    ]
    for name in ("catalog_page", "catalog_api", "audit_query"):
        j = q[name].get("jfr")
        if j and j["samples"]:
            lines.append(f"- JFR CPU samples while timing {name} ({j['samples']} samples) by library: "
                         + ", ".join(f"{f} {int(share * 100)}%" for f, _, share in j["by_library"][:6])
                         + "; Slipway methods on the stack: "
                         + ", ".join(f"`{f.replace('dev.slipway.', '')}` {int(share * 100)}%"
                                     for f, _, share in j["slipway_methods_inclusive"][:6]))
    lines += [
        "",
        "## Footprint",
        "",
        f"- Start-up on a fresh SLIPWAY_HOME (includes initdb of the embedded PostgreSQL and Flyway): {s['startup_seconds']} s",
        f"- Start-up again on the loaded database: {s['startup_with_data_seconds'] or 'not measured (--quick)'} s",
        f"- JVM RSS peak: queries {s['rss_mb']} MiB, deploy burst {s['rss_mb_peak_deploy']} MiB,"
        f" overall {m['rss_mb']['peak_overall']} MiB; idle after restart"
        f" {s['rss_mb_after_restart_with_data'] or 'not measured (--quick)'} MiB."
        " The embedded PostgreSQL runs as separate processes and is not included. Default JVM flags (`java -jar`).",
        "",
    ] + live_md[1] + [
        "## Targets",
        "",
    ]
    for name, value, verdict in verdicts:
        lines.append(f"- {name}: {verdict}")
    if a.notes and os.path.exists(a.notes):
        lines += ["", open(a.notes).read().rstrip()]
    lines.append("")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    me = sub.add_parser("measure")
    me.add_argument("--port", type=int, required=True)
    me.add_argument("--pg-port", type=int, required=True)
    me.add_argument("--pid", type=int, required=True)
    me.add_argument("--kubeconfig", required=True)
    me.add_argument("--kubectl", required=True)
    me.add_argument("--n", type=int, required=True)
    me.add_argument("--services", type=int, required=True)
    me.add_argument("--events", type=int, required=True)
    me.add_argument("--samples", type=int, default=200)
    me.add_argument("--raw-threads", type=lambda s: [int(x) for x in s.split(",")], default=[4, 8, 16])
    me.add_argument("--profile", action="store_true")
    me.add_argument("--warmup", type=int, default=0, help="services deployed untimed before measuring")
    me.add_argument("--warmup-rounds", type=int, default=3, help="how many times (each to its own environment)")
    me.add_argument("--only-deploy", action="store_true", help="Slipway and raw throughput and latency only")
    me.add_argument("--run-id")
    me.add_argument("--pg-data", help="the embedded PostgreSQL data dir (for its CPU time)")
    me.add_argument("--cluster-state", help="SLIPWAY_TEST_CLUSTER_HOME (for kube-apiserver and etcd CPU time)")
    me.add_argument("--out", required=True)
    me.add_argument("--work", required=True)
    me.add_argument("--json", required=True)
    rp = sub.add_parser("report")
    rp.add_argument("--measure", required=True)
    rp.add_argument("--mode", required=True)
    rp.add_argument("--command", required=True)
    rp.add_argument("--startup", type=float, required=True)
    rp.add_argument("--restart", type=float)
    rp.add_argument("--rss-after-restart", type=float)
    rp.add_argument("--samples", type=int, default=200)
    rp.add_argument("--out", required=True)
    rp.add_argument("--results", required=True)
    rp.add_argument("--notes")
    rp.add_argument("--loadavg-start", default="?")
    rp.add_argument("--live", help="live.json of the live-state phase (livestate.py)")
    a = p.parse_args()
    if a.cmd == "measure":
        try:
            Bench(a).measure()
        except HttpError as e:
            raise SystemExit(f"bench: {e}")
    else:
        report(a)


if __name__ == "__main__":
    main()
