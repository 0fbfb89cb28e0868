#!/usr/bin/env python3
"""Live-state phase of bench/run (issue 14): what drift detection from watches costs while nothing changes,
and how fast it heals a hand edit, at two sizes; the old poll loop measured beside it.

  livestate.py watch --port P --pid PID --kubeconfig K --cluster-state DIR --sizes 240,2000 --json OUT
      registers a cluster and the environment `live` (SELF_HEAL, no approval), deploys services named live-NNNN
      up to each size, waits until all are SYNCED, settles, then measures idle CPU (JVM, kube-apiserver, etcd),
      the heap after a full GC and the heal time of hand edits of random Deployments, one at a time.
  livestate.py old-loop --port P --pid PID --kubeconfig K --cluster-state DIR --json OUT
      the same Slipway home restarted with the old poll loop: idle CPU and heap at the last size, and the heal
      of 20 hand edits made at once (the loop heals in passes). Adds "old_loop" to OUT.
  livestate.py summary --live OUT --out DIR
      summary.json of a run of this phase alone (bench/run --only-live).

bench.py's report takes --live OUT and puts summary_keys(), the Summary rows and section() into RESULTS.md.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slipway import HttpError, KubeApi, Slipway, children_of, percentile, verdict  # noqa: E402
from slipway import proc_cpu_seconds as cpu_seconds  # noqa: E402

ENV = "live"
TEAM = "payments"
NAMESPACE = f"{TEAM}-{ENV}"  # namespaceTemplate {team}-{environment}
CLIENT_THREADS = 8


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] live: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- processes


def pid_from_file(path):
    try:
        return int(open(path).read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def pids_by_cmdline(binary, state_dir):
    """Processes whose command line names the binary and the state dir (when a pid file is missing)."""
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            args = open(f"/proc/{d}/cmdline", "rb").read().split(b"\0")
        except OSError:
            continue
        if args and os.path.basename(args[0].decode(errors="replace")) == binary and \
                any(state_dir.encode() in a for a in args):
            found.append(int(d))
    return found



class Processes:
    """The measured processes: the Slipway JVM, kube-apiserver and etcd of the test cluster (the target's total),
    and the embedded PostgreSQL (postmaster and backends; reported beside it, not in the total)."""

    TOTAL = ("slipway (JVM)", "kube-apiserver", "etcd")

    def __init__(self, jvm_pid, cluster_state, pg_data=None):
        self.jvm = jvm_pid
        self.state = cluster_state
        self.pg_data = pg_data

    def cluster_pid(self, name):
        pid = pid_from_file(os.path.join(self.state, name + ".pid"))
        if pid and cpu_seconds(pid) is not None:
            return [pid]
        return pids_by_cmdline(name, self.state)

    def groups(self):
        g = {"slipway (JVM)": [self.jvm], "kube-apiserver": self.cluster_pid("kube-apiserver"),
             "etcd": self.cluster_pid("etcd")}
        if self.pg_data:
            pm = pid_from_file(os.path.join(self.pg_data, "postmaster.pid"))
            g["postgresql (not in total)"] = ([pm] + children_of(pm)) if pm else []
        return g

    def snapshot(self):
        return {name: {pid: cpu_seconds(pid) for pid in pids} for name, pids in self.groups().items()}

    def idle_cpu(self, seconds):
        """ms of CPU per second of each process over `seconds` of doing nothing, and the total of TOTAL."""
        before = self.snapshot()
        t0 = time.time()
        time.sleep(seconds)
        after = self.snapshot()
        wall = time.time() - t0
        per = {}
        for name, now in after.items():
            total = 0.0
            for pid, sec in now.items():
                prev = before.get(name, {}).get(pid)
                if sec is not None:
                    total += sec - (prev or 0.0)  # a backend born during the window counts from zero
            per[name] = round(total * 1000 / wall, 1)
        return {"seconds": round(wall, 1), "ms_per_s": per,
                "total_ms_per_s": round(sum(per[k] for k in self.TOTAL if k in per), 1)}


def jcmd_for(pid):
    """jcmd of the JDK that runs the JVM (its java's directory), else JAVA_HOME's, else the one on PATH."""
    try:
        exe = os.path.realpath(f"/proc/{pid}/exe")
        cand = os.path.join(os.path.dirname(exe), "jcmd")
        if os.access(cand, os.X_OK):
            return cand
    except OSError:
        pass
    if os.environ.get("JAVA_HOME") and os.access(os.path.join(os.environ["JAVA_HOME"], "bin", "jcmd"), os.X_OK):
        return os.path.join(os.environ["JAVA_HOME"], "bin", "jcmd")
    return shutil.which("jcmd") or "jcmd"


def heap_after_gc(pid):
    """`jcmd PID GC.run` (a full GC), then the heap's used bytes from `jcmd PID GC.heap_info`, in MB (10^6 bytes
    would flatter it: MiB, 2^20). Sums every `total ...K, used ...K` line (G1: the one heap line; Serial and
    Parallel: one per generation); Metaspace is not heap and has no `total`."""
    jcmd = jcmd_for(pid)
    subprocess.run([jcmd, str(pid), "GC.run"], capture_output=True, text=True, timeout=120, check=True)
    info = subprocess.run([jcmd, str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60,
                          check=True).stdout
    used_k = [int(u) for u in re.findall(r"total \d+K, used (\d+)K", info)]
    if not used_k:
        raise SystemExit(f"could not parse jcmd GC.heap_info:\n{info}")
    first = next((ln.strip() for ln in info.splitlines() if "total" in ln and "used" in ln), "")
    gc = re.match(r"([A-Za-z -]+?)\s+total", first)
    return {"used_mb": round(sum(used_k) / 1024, 1), "gc": gc.group(1).strip() if gc else "?", "jcmd": jcmd,
            "heap_info": info.strip()}


def rss_mb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        return None
    return None


# ---------------------------------------------------------------- Slipway

def small_spec(name):
    """Deployment + Service + ConfigMap (the Namespace is shared): enough for a watch to have something to hold."""
    return {
        "image": f"registry.example.com/live/{name}:1.0.0",
        "replicas": 1,
        "ports": [{"name": "http", "containerPort": 8080, "servicePort": 80}],
        "config": {"SERVICE_NAME": name},
    }


def name_of(i):
    return f"live-{i:04d}"


class Phase:
    def __init__(self, a):
        self.a = a
        self.sl = Slipway(a.port)
        self.kube = KubeApi(a.kubeconfig)
        self.procs = Processes(a.pid, a.cluster_state, a.pg_data)
        missing = [k for k, pids in self.procs.groups().items() if k in Processes.TOTAL and not pids]
        if missing:
            raise SystemExit(f"no process found for {', '.join(missing)} (cluster state dir {a.cluster_state})")
        self.alice = self.sl.with_token(self.sl.as_user("alice").token("live"))

    # -------------------------------------------------------- setup and deploy

    def setup(self):
        carol = self.sl.with_token(self.sl.as_user("carol").token("live"))
        status, _, text = carol.raw("GET", f"/api/v1/environments/{ENV}")
        if status == 200:
            log(f"environment {ENV} exists already; reusing it")
            return
        c = carol.post("/api/v1/clusters", {"name": "live", "kubeconfig": open(self.a.kubeconfig).read()})
        if not c.get("reachable"):
            raise SystemExit(f"cluster not reachable from Slipway: {c}")
        carol.post("/api/v1/environments", {"name": ENV, "cluster": "live", "namespaceTemplate": "{team}-{environment}",
                                            "requiresApproval": False, "driftMode": "SELF_HEAL"})

    def register(self, name):
        self.alice.post("/api/v1/services", {"name": name, "team": TEAM, "description": "live-state bench service",
                                             "spec": small_spec(name)})

    def deploy(self, name):
        return self.alice.post(f"/api/v1/services/{name}/deployments", {"environment": ENV})["id"]

    def count(self, state):
        n, cursor = 0, None
        while True:
            page = self.alice.get(f"/api/v1/deployments?environment={ENV}&state={state}&limit=500"
                                  + (f"&cursor={cursor}" if cursor else ""))
            n += len(page["items"])
            cursor = page.get("nextCursor")
            if not cursor:
                return n

    def grow_to(self, first, size):
        """Registers and deploys live-FIRST .. live-(SIZE-1); returns the timings."""
        names = [name_of(i) for i in range(first, size)]
        t0 = time.time()
        with ThreadPoolExecutor(4) as ex:
            list(ex.map(self.register, names))
        t1 = time.time()
        with ThreadPoolExecutor(CLIENT_THREADS) as ex:
            list(ex.map(self.deploy, names))
        t2 = time.time()
        deadline = t2 + max(300, len(names))
        while True:
            synced = self.count("SYNCED")
            if synced >= size:
                break
            failed = self.count("FAILED")
            if failed:
                raise SystemExit(f"{failed} deployments in {ENV} FAILED")
            if time.time() > deadline:
                raise SystemExit(f"only {synced} of {size} deployments in {ENV} SYNCED after {deadline - t2:.0f} s")
            time.sleep(2)
        t3 = time.time()
        r = {"services_added": len(names), "register_seconds": round(t1 - t0, 1),
             "request_seconds": round(t2 - t1, 1), "all_synced_seconds": round(t3 - t1, 1)}
        log(f"{size} services deployed in {ENV} (+{len(names)}: registered in {r['register_seconds']} s,"
            f" all SYNCED {r['all_synced_seconds']} s after the first request)")
        return r

    # -------------------------------------------------------- hand edits

    def path(self, name):
        return f"/apis/apps/v1/namespaces/{NAMESPACE}/deployments/{name}"

    def read(self, name):
        status, body = self.kube.request("GET", self.path(name))
        if status != 200:
            raise SystemExit(f"GET Deployment {name}: {status} {body[:300]}")
        return json.loads(body)

    def image(self, name):
        return self.read(name)["spec"]["template"]["spec"]["containers"][0]["image"]

    def hand_edit(self, name, tag):
        """Changes the first container's image with a JSON merge patch (an Update by field manager
        bench-hand-edit, as `kubectl edit` or `kubectl set image` would); returns (original image, time the
        edit's response arrived)."""
        d = self.read(name)
        containers = d["spec"]["template"]["spec"]["containers"]
        original = containers[0]["image"]
        edited = [dict(c) for c in containers]
        edited[0]["image"] = original.rsplit(":", 1)[0] + ":" + tag
        patch = json.dumps({"spec": {"template": {"spec": {"containers": edited}}}}).encode()
        status, body = self.kube.request("PATCH", self.path(name) + "?fieldManager=bench-hand-edit", patch,
                                         "application/merge-patch+json")
        t = time.time()
        if status != 200:
            raise SystemExit(f"hand edit of {name}: {status} {body[:300]}")
        now = json.loads(body)["spec"]["template"]["spec"]["containers"][0]["image"]
        if now == original:
            raise SystemExit(f"hand edit of {name} did not change the image")
        return original, t

    def heal_sequential(self, names, timeout, budget):
        """One edit at a time; each polled every 50 ms until the image is the original again (or `timeout`).
        Edits not begun within `budget` seconds are left out (and counted)."""
        results = []
        t_begin = time.time()
        for i, name in enumerate(names):
            if time.time() - t_begin > budget:
                break
            original, t_edit = self.hand_edit(name, f"hand-edit-{i}")
            healed = None
            while time.time() - t_edit < timeout:
                time.sleep(0.05)
                if self.image(name) == original:
                    healed = time.time() - t_edit
                    break
            results.append({"service": name, "heal_seconds": round(healed, 3) if healed is not None else None})
            log(f"  edit {i + 1}/{len(names)} {name}: "
                + (f"healed after {healed:.2f} s" if healed is not None else f"NOT healed within {timeout} s"))
        return heal_stats(results, len(names), timeout)

    def heal_at_once(self, names, timeout, interval=0.25):
        """All edits made back to back, then every unhealed Deployment read every `interval` s until each
        shows its original image again or `timeout` s have passed since the last edit."""
        edits = {}
        for i, name in enumerate(names):
            edits[name] = self.hand_edit(name, f"hand-edit-all-{i}")
        t_last = max(t for _, t in edits.values())
        healed = {}
        while len(healed) < len(names) and time.time() - t_last < timeout:
            time.sleep(interval)
            for name, (original, t_edit) in edits.items():
                if name not in healed and self.image(name) == original:
                    healed[name] = time.time() - t_edit
                    log(f"  {name} healed after {healed[name]:.1f} s ({len(healed)}/{len(names)})")
        results = [{"service": n, "heal_seconds": round(healed[n], 3) if n in healed else None} for n in names]
        r = heal_stats(results, len(names), timeout)
        r["edits_made_within_seconds"] = round(t_last - min(t for _, t in edits.values()), 2)
        return r

    # -------------------------------------------------------- measurements

    def settle(self, seconds):
        log(f"settling {seconds} s")
        time.sleep(seconds)

    def measure_at(self, size, heal, salt=0):
        r = {"services": size}
        self.settle(self.a.settle)
        log(f"idle CPU over {self.a.idle_seconds} s at {size} services")
        r["idle_cpu"] = self.procs.idle_cpu(self.a.idle_seconds)
        log(f"  {r['idle_cpu']['ms_per_s']} -> total {r['idle_cpu']['total_ms_per_s']} ms/s")
        r["heap"] = heap_after_gc(self.a.pid)
        r["rss_mb"] = rss_mb(self.a.pid)
        log(f"  heap after full GC {r['heap']['used_mb']} MiB ({r['heap']['gc']}); RSS {r['rss_mb']} MiB")
        rnd = random.Random(self.a.seed * 100003 + size * 7 + salt)
        picked = rnd.sample([name_of(i) for i in range(size)], min(self.a.edits, size))
        r["heal"] = heal(picked)
        h = r["heal"]
        log(f"  heal: p50 {h['p50_s']} s, p95 {h['p95_s']} s, max {h['max_s']} s, {h['timeouts']} timeouts,"
            f" {h['made']} of {h['asked']} edits made")
        return r

    def watch(self):
        t0 = time.time()
        self.setup()
        out = {"drift_mode": self.a.drift_mode, "sizes": [], "edits": self.a.edits,
               "heal_timeout_s": self.a.heal_timeout, "heal_budget_s": self.a.heal_budget,
               "idle_seconds": self.a.idle_seconds, "settle_seconds": self.a.settle, "seed": self.a.seed,
               "namespace": NAMESPACE, "spec": "Deployment + Service + ConfigMap (image, 1 replica, one port, one"
                                               " config value), one shared Namespace"}
        have = self.count("SYNCED")
        for size in self.a.sizes:
            grown = self.grow_to(have, size)
            have = size
            r = self.measure_at(size, lambda names: self.heal_sequential(names, self.a.heal_timeout,
                                                                         self.a.heal_budget))
            r["deploy"] = grown
            out["sizes"].append(r)
        out["watch_seconds"] = round(time.time() - t0, 1)
        return out

    def old_loop(self):
        t0 = time.time()
        size = self.count("SYNCED")
        r = self.measure_at(size, lambda names: self.heal_at_once(names, self.a.heal_timeout), salt=1)
        r["seconds"] = round(time.time() - t0, 1)
        r["drift_mode"] = "poll"
        return r


def heal_stats(results, asked, timeout):
    """p50/p95/max of the heal times; an edit that timed out counts as `timeout` (so p95 is then a lower bound)."""
    times = [r["heal_seconds"] if r["heal_seconds"] is not None else float(timeout) for r in results]
    timeouts = sum(1 for r in results if r["heal_seconds"] is None)
    return {
        "asked": asked, "made": len(results), "timeouts": timeouts, "timeout_s": timeout,
        "p50_s": round(percentile(times, 50), 2) if times else None,
        "p95_s": round(percentile(times, 95), 2) if times else None,
        "max_s": round(max(times), 2) if times else None,
        "p95_is_lower_bound": bool(timeouts) and percentile(times, 95) >= timeout,
        "edits": results,
    }


# ---------------------------------------------------------------- report

def summary_keys(live):
    """The figures of summary.json (issue 14's names; sizes other than 240 and 2000 name themselves)."""
    sizes = live["sizes"]
    s = {}
    for r in sizes:
        n = r["services"]
        s[f"drift_heal_p95_s_{n}"] = r["heal"]["p95_s"]
        s[f"watch_idle_cpu_ms_per_s_{n}"] = r["idle_cpu"]["total_ms_per_s"]
        s[f"heap_after_gc_mb_{n}"] = r["heap"]["used_mb"]
    big = sizes[-1]
    s["drift_heal_p95_s"] = big["heal"]["p95_s"]
    s["drift_heal_timeouts"] = sum(r["heal"]["timeouts"] for r in sizes)
    s.pop(f"drift_heal_p95_s_{big['services']}", None)  # drift_heal_p95_s is the largest size
    if len(sizes) >= 2:
        a, b = sizes[0], sizes[-1]
        s["heap_growth_mb_per_1000_services"] = round(
            (b["heap"]["used_mb"] - a["heap"]["used_mb"]) * 1000 / (b["services"] - a["services"]), 1)
    s["live_drift_mode_requested"] = live["drift_mode"]
    s["live_phase_seconds"] = live.get("phase_seconds")
    old = live.get("old_loop")
    if old:
        n = old["services"]
        s["poll_drift_heal_p95_s"] = old["heal"]["p95_s"]
        s["poll_drift_heal_max_s"] = old["heal"]["max_s"]
        s["poll_drift_heal_timeouts"] = old["heal"]["timeouts"]
        s[f"poll_idle_cpu_ms_per_s_{n}"] = old["idle_cpu"]["total_ms_per_s"]
        s[f"poll_heap_after_gc_mb_{n}"] = old["heap"]["used_mb"]
    return s


def targets(live, s):
    big = live["sizes"][-1]["services"]
    t = [(f"drift heal p95 < 2 s at {big} services", s["drift_heal_p95_s"], 2.0, "<")]
    for r in live["sizes"]:
        n = r["services"]
        t.append((f"idle CPU (JVM + kube-apiserver + etcd) < 60 ms/s at {n} services",
                  s[f"watch_idle_cpu_ms_per_s_{n}"], 60.0, "<"))
    if "heap_growth_mb_per_1000_services" in s:
        t.append(("heap growth < 50 MB per 1,000 services", s["heap_growth_mb_per_1000_services"], 50.0, "<"))
    return [verdict(*x) for x in t]


def summary_rows(live, s, verdicts):
    """Rows of RESULTS.md's Summary table."""
    v = {name: text for name, _, text in verdicts}
    sizes = live["sizes"]
    big = sizes[-1]
    mode = live["drift_mode"]
    rows = []

    def heal_text(h):
        text = f"{h['p50_s']} / {h['p95_s']} / {h['max_s']} s"
        if h["timeouts"]:
            text += f" ({h['timeouts']} timed out at {h['timeout_s']} s)"
        if h["made"] < h["asked"]:
            text += f" ({h['made']} of {h['asked']} edits made)"
        return text

    for r in sizes:
        n = r["services"]
        target = f"p95 < 2: {v[f'drift heal p95 < 2 s at {n} services']}" if r is big else ""
        rows.append(f"| drift heal of a hand edit p50 / p95 / max, {n} services deployed, drift mode {mode}, one edit"
                    f" at a time | {heal_text(r['heal'])} | {target} |")
    for r in sizes:
        n = r["services"]
        name = f"idle CPU (JVM + kube-apiserver + etcd) < 60 ms/s at {n} services"
        rows.append(f"| idle CPU, JVM + kube-apiserver + etcd, {n} services, drift mode {mode} |"
                    f" {r['idle_cpu']['total_ms_per_s']} ms/s | < 60: {v[name]} |")
    for r in sizes:
        rows.append(f"| JVM heap after a full GC, {r['services']} services | {r['heap']['used_mb']} MiB | |")
    if "heap_growth_mb_per_1000_services" in s:
        rows.append(f"| heap growth per 1,000 services ({sizes[0]['services']} -> {big['services']}) |"
                    f" {s['heap_growth_mb_per_1000_services']} MiB | < 50: {v['heap growth < 50 MB per 1,000 services']} |")
    old = live.get("old_loop")
    if old:
        n = old["services"]
        rows.append(f"| old poll loop (30 s), {n} services: heal p50 / p95 / max of {old['heal']['made']} edits made at"
                    f" once | {heal_text(old['heal'])} | for comparison |")
        rows.append(f"| old poll loop, idle CPU (JVM + kube-apiserver + etcd), {n} services |"
                    f" {old['idle_cpu']['total_ms_per_s']} ms/s | for comparison |")
        rows.append(f"| old poll loop, JVM heap after a full GC, {n} services | {old['heap']['used_mb']} MiB |"
                    " for comparison |")
    return rows


def section(live):
    """The "Live state" section of RESULTS.md."""
    sizes = live["sizes"]
    mode = live["drift_mode"]
    lines = [
        "## Live state",
        "",
        f"Run after the other phases, against its own `bin/test-cluster up --api-only` (own state dir) and its own",
        f"Slipway (fresh `SLIPWAY_HOME`), so that \"{sizes[0]['services']} services\" means exactly that many deployed"
        " services in the cluster and in Slipway's cache, and none of the other phases' objects (which carry the same"
        " managed-by label) are watched. Slipway runs with default drift settings except"
        f" `SLIPWAY_DRIFT_MODE={mode}` (a build without the watch mode ignores the setting and runs the poll loop"
        " every 30 s: then these figures are the old loop's).",
        f"One environment `{ENV}` (driftMode SELF_HEAL, no approval), services `live-NNNN` of team {TEAM} with a small"
        f" spec ({live['spec']}), registered with 4 and deployed with {CLIENT_THREADS} client threads through the API,"
        " grown to each size; after all are SYNCED and a wait of"
        f" {live['settle_seconds']} s:",
        "",
        f"- **idle CPU**: utime + stime from /proc/PID/stat of the Slipway JVM, kube-apiserver and etcd (pids from the"
        f" test cluster's state dir) over {live['idle_seconds']} s with nothing changing, in ms of CPU per second"
        " (100 = a tenth of a core); the target is on their sum. The embedded PostgreSQL (postmaster + backends) is"
        " listed beside them, not in the sum.",
        "- **heap after GC**: `jcmd PID GC.run` (a full GC), then the used figure(s) of `jcmd PID GC.heap_info`"
        " (MiB; the JDK that runs the jar, default flags).",
        f"- **drift heal**: {live['edits']} random deployed services (seeded, among all deployed at that size), one"
        f" at a time: read the Deployment with a raw HTTPS GET (the kubeconfig's client certificate), change the"
        " first container's image with a JSON merge patch as field manager `bench-hand-edit` (an Update, as"
        " `kubectl edit` would), then GET every 50 ms until the image is the original again. Heal time = edit"
        f" response to the first GET showing the original; {live['heal_timeout_s']} s per edit at most (counted"
        f" as {live['heal_timeout_s']} s, so a p95 with timeouts is a lower bound); edits not begun within"
        f" {live['heal_budget_s']} s of the first are left out and counted.",
        "",
        "| services | " + " | ".join(sizes[0]["idle_cpu"]["ms_per_s"].keys()) + " | total (JVM + API server + etcd)"
        " | heap after GC | RSS | heal p50 / p95 / max | timeouts | deploy (all SYNCED) |",
        "| --- | " + " | ".join("---" for _ in sizes[0]["idle_cpu"]["ms_per_s"]) + " | --- | --- | --- | --- | --- | --- |",
    ]

    def row(label, r, deploy):
        c = r["idle_cpu"]
        h = r["heal"]
        return (f"| {label} | " + " | ".join(f"{x} ms/s" for x in c["ms_per_s"].values())
                + f" | {c['total_ms_per_s']} ms/s | {r['heap']['used_mb']} MiB | {r['rss_mb']} MiB |"
                + f" {h['p50_s']} / {h['p95_s']} / {h['max_s']} s | {h['timeouts']} of {h['made']}"
                + (f" ({h['asked'] - h['made']} not made)" if h["made"] < h["asked"] else "") + f" | {deploy} |")

    for r in sizes:
        d = r["deploy"]
        lines.append(row(f"{r['services']} ({mode})", r, f"+{d['services_added']} in {d['all_synced_seconds']} s"))
    old = live.get("old_loop")
    if old:
        lines.append(row(f"{old['services']} (old poll loop)", old, "(deployed above)"))
    lines += ["", f"GC: {sizes[-1]['heap']['gc']}; the heap figure is the sum of the `used` of each `total ... used`"
              " line of `GC.heap_info` (Metaspace excluded)."]
    if old:
        lines += [
            "",
            f"**Old loop beside it**: the same `SLIPWAY_HOME` restarted with `SLIPWAY_DRIFT_MODE=poll` (pass interval"
            f" default, 30 s), {old['services']} services deployed; idle CPU and heap measured the same way after"
            f" {live['settle_seconds']} s of the restarted JVM (the window includes the loop's passes, which are its idle"
            " cost, and some JIT compilation of a JVM started a minute before). Heal:"
            f" {old['heal']['asked']} random Deployments edited back to back (within"
            f" {old['heal'].get('edits_made_within_seconds')} s), then each unhealed one read every 0.25 s until"
            f" it shows its original image, {old['heal']['timeout_s']} s after the last edit at most; heal time per"
            " edit from its own edit response. The poll loop heals in passes over every deployed service (a pass"
            " begins 30 s after the previous one ended), so one edit at a time would cost a pass each; made at once,"
            " each heal time is where the edit fell in the cycle plus how far into the pass its service comes.",
        ]
    lines.append("")
    return lines


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    for cmd in ("watch", "old-loop"):
        m = sub.add_parser(cmd)
        m.add_argument("--port", type=int, required=True)
        m.add_argument("--pid", type=int, required=True)
        m.add_argument("--kubeconfig", required=True)
        m.add_argument("--cluster-state", required=True)
        m.add_argument("--pg-data")
        m.add_argument("--edits", type=int, default=20)
        m.add_argument("--seed", type=int, default=14)
        m.add_argument("--settle", type=float, default=15)
        m.add_argument("--idle-seconds", type=float, default=60)
        m.add_argument("--json", required=True)
        if cmd == "watch":
            m.add_argument("--drift-mode", default="watch", help="the SLIPWAY_DRIFT_MODE Slipway was started with")
            m.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[240, 2000])
            m.add_argument("--heal-timeout", type=float, default=120)
            m.add_argument("--heal-budget", type=float, default=300,
                           help="edits not begun within this many seconds of the first are left out")
        else:
            m.add_argument("--heal-timeout", type=float, default=300)
    st = sub.add_parser("stamp", help="records the phase's wall-clock time (restarts included) in the json")
    st.add_argument("--json", required=True)
    st.add_argument("--phase-seconds", type=float, required=True)
    sm = sub.add_parser("summary")
    sm.add_argument("--live", required=True)
    sm.add_argument("--out", required=True)
    a = p.parse_args()
    if a.cmd == "stamp":
        live = json.load(open(a.json))
        live["phase_seconds"] = a.phase_seconds
        with open(a.json, "w") as f:
            json.dump(live, f, indent=2)
        return
    if a.cmd == "summary":
        live = json.load(open(a.live))
        s = summary_keys(live)
        vs = targets(live, s)
        s["targets"] = {name: text for name, _, text in vs}
        with open(os.path.join(a.out, "summary.json"), "w") as f:
            json.dump(s, f, indent=2)
        print(json.dumps(s, indent=2))
        print("\n".join(summary_rows(live, s, vs) + [""] + section(live)), file=sys.stderr)
        return
    if a.cmd == "watch" and sorted(a.sizes) != a.sizes:
        raise SystemExit("--sizes must grow")
    try:
        ph = Phase(a)
        if a.cmd == "watch":
            out = ph.watch()
        else:
            out = json.load(open(a.json))
            out["old_loop"] = ph.old_loop()
        with open(a.json, "w") as f:
            json.dump(out, f, indent=2)
    except HttpError as e:
        raise SystemExit(f"livestate: {e}")


if __name__ == "__main__":
    main()
