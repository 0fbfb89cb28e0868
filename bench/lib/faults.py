#!/usr/bin/env python3
"""Steps of bench/faults. The shell script does the process control (kill -9, stopping the API server,
restarting PostgreSQL); these steps drive Slipway through its API and check the outcome in its database.
Every check prints one PASS or FAIL line; a step exits 1 when one of its checks failed.

State shared between steps (tokens, ids) lives in a JSON file given with --state.
"""

import argparse
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slipway import HttpError, Psql, Slipway, full_spec  # noqa: E402

FINAL = ("SYNCED", "FAILED", "REJECTED", "CANCELLED", "SUPERSEDED")
failures = 0


def check(ok, name, detail=""):
    global failures
    print(f"{'PASS' if ok else 'FAIL'}: {name}{(' - ' + detail) if detail else ''}", flush=True)
    if not ok:
        failures += 1
    return ok


def info(msg):
    print(f"      {msg}", flush=True)


class Ctx:
    def __init__(self, a):
        self.a = a
        self.state = json.load(open(a.state)) if os.path.exists(a.state) else {}
        self.sl = Slipway(a.port, timeout=30)
        self.psql = Psql(a.pg_port, user=a.pg_user) if a.pg_port else None

    def save(self):
        with open(self.a.state, "w") as f:
            json.dump(self.state, f, indent=1)

    def user(self, name):
        tokens = self.state.setdefault("tokens", {})
        if name not in tokens:
            tokens[name] = self.sl.as_user(name).token("faults")
            self.save()
        return self.sl.with_token(tokens[name])


def prepare(c):
    """Cluster (once), an environment and `count` services with the full spec and their secret."""
    a = c.a
    carol = c.user("carol")
    alice = c.user("alice")
    cluster = c.state.get("cluster")
    if not cluster:
        cluster = "faults-" + str(int(time.time()))
        r = carol.post("/api/v1/clusters", {"name": cluster, "kubeconfig": open(a.kubeconfig).read()})
        if not r.get("reachable"):
            raise SystemExit(f"cluster not reachable: {r}")
        c.state["cluster"] = cluster
    carol.post("/api/v1/environments", {"name": a.env, "cluster": cluster, "namespaceTemplate": "{team}-{environment}",
                                        "requiresApproval": a.approval, "driftMode": "DETECT"})
    names = [f"{a.env}-{i:02d}" for i in range(a.count)]

    def register(name):
        alice.post("/api/v1/services", {"name": name, "team": "payments", "description": "fault injection",
                                        "spec": full_spec(name)})
        alice.put(f"/api/v1/services/{name}/secrets/DB_PASSWORD", {"value": "pw-" + name})

    with ThreadPoolExecutor(4) as ex:
        list(ex.map(register, names))
    c.state.setdefault("envs", {})[a.env] = {"services": names, "approval": a.approval, "ids": []}
    c.save()


def probe_approvals(c):
    """Whether POST /api/v1/deployments/{id}/approve exists: one request in an approval environment."""
    env = c.a.env
    alice, bob = c.user("alice"), c.user("bob")
    name = c.state["envs"][env]["services"][0]
    d = alice.post(f"/api/v1/services/{name}/deployments", {"environment": env})
    status, _, _ = bob.raw("POST", f"/api/v1/deployments/{d['id']}/approve", {"comment": "probe"})
    exists = status in (200, 201)
    if not exists:
        alice.raw("POST", f"/api/v1/deployments/{d['id']}/cancel")
    c.state["approvals"] = exists
    c.state["envs"][env]["probe_id"] = d["id"]
    c.save()
    print(f"      approve endpoint: {'present' if exists else 'absent (' + str(status) + ')'}")


def request_all(c):
    """Requests every service of the environment at once; with --until-syncing returns as soon as a sync
    runs (the moment to inject the fault), else right after the requests."""
    env = c.a.env
    alice = c.user("alice")
    names = c.state["envs"][env]["services"]
    with ThreadPoolExecutor(8) as ex:
        ids = list(ex.map(lambda n: alice.post(f"/api/v1/services/{n}/deployments", {"environment": env})["id"], names))
    c.state["envs"][env]["ids"] = ids
    c.save()
    if c.a.until_syncing:
        deadline = time.time() + 60
        while time.time() < deadline:
            states = [d["state"] for d in alice.get(f"/api/v1/deployments?environment={env}&limit=500")["items"]]
            if "SYNCING" in states:
                info(f"fault injected with {states.count('SYNCED')} of {len(ids)} SYNCED, "
                     f"{states.count('SYNCING')} SYNCING")
                return
            time.sleep(0.02)
        raise SystemExit("no sync started within 60 s")


def wait_quiet(c, env, ids, timeout):
    """Waits until every request is final; returns {id: view}."""
    alice = c.user("alice")
    deadline = time.time() + timeout
    last = {}
    while time.time() < deadline:
        try:
            items = alice.get(f"/api/v1/deployments?environment={env}&limit=500")["items"]
            last = {d["id"]: d for d in items if d["id"] in set(ids)}
            if len(last) == len(ids) and all(d["state"] in FINAL for d in last.values()):
                return last
        except (HttpError, OSError) as e:
            info(f"(still waiting: {e})")
        time.sleep(0.25)
    return last


def check_converged(c):
    """All requests SYNCED, exactly one SUCCEEDED run each, no run left RUNNING, no job left, objects present."""
    a = c.a
    env = a.env
    ids = c.state["envs"][env]["ids"]
    t0 = time.time()
    views = wait_quiet(c, env, ids, a.timeout)
    states = {}
    for d in views.values():
        states[d["state"]] = states.get(d["state"], 0) + 1
    check(len(views) == len(ids), f"{env}: none lost: all {len(ids)} requests still there", f"found {len(views)}")
    check(states.get("SYNCED", 0) == len(ids), f"{env}: all {len(ids)} converge to SYNCED",
          f"states {states} after {time.time() - t0:.0f} s")
    id_list = ",".join(map(str, ids))
    rows = c.psql.rows(f"select request_id, count(*) filter (where outcome = 'SUCCEEDED'),"
                       f" count(*) filter (where outcome = 'RUNNING'), count(*),"
                       f" string_agg(attempt || ':' || outcome, ' ' order by attempt)"
                       f" from sync_runs where request_id in ({id_list}) group by request_id")
    succeeded = {int(r[0]): int(r[1]) for r in rows}
    running = {int(r[0]): int(r[2]) for r in rows}
    twice = [i for i, n in succeeded.items() if n > 1]
    never = [i for i in ids if succeeded.get(i, 0) == 0]
    check(not twice and not never, f"{env}: none applied twice: exactly one SUCCEEDED sync run per request",
          f"more than one: {twice}, none: {never}" if twice or never else "")
    stale = [i for i, n in running.items() if n]
    check(not stale, f"{env}: no sync run left RUNNING", f"requests {stale}" if stale else "")
    multi = [f"{r[0]}=[{r[4]}]" for r in rows if int(r[3]) > 1]
    if multi:
        info("requests with more than one run: " + ", ".join(multi))
    for request_id, attempt, error in c.psql.rows(
            f"select request_id, attempt, translate(error, E'\\t\\n', '  ') from sync_runs"
            f" where request_id in ({id_list})"
            " and outcome = 'FAILED' order by request_id, attempt"):
        info(f"request {request_id} run {attempt} FAILED: {error[:300]}")
    jobs = c.psql.value(f"select count(*) from sync_jobs where request_id in ({id_list})")
    check(jobs == "0", f"{env}: sync queue drained", f"{jobs} jobs left")
    synced_audit = c.psql.rows(f"select target, count(*) from audit_events where action = 'deployment.synced'"
                               f" and target in ({','.join(repr(str(i)) for i in ids)}) group by target")
    dup = [t for t, n in synced_audit if int(n) != 1]
    check(len(synced_audit) == len(ids) and not dup, f"{env}: one deployment.synced audit event per request",
          f"{len(synced_audit)} requests with events, duplicates {dup}" if dup or len(synced_audit) != len(ids) else "")
    if a.kubectl:
        import subprocess

        ns = f"payments-{env}"
        out = subprocess.run([a.kubectl, "--kubeconfig", a.kubeconfig, "-n", ns, "get", "deployments,services,"
                              "configmaps,secrets,horizontalpodautoscalers,ingresses", "-l",
                              "app.kubernetes.io/managed-by=slipway", "-o", "name"], capture_output=True, text=True)
        objects = [line for line in out.stdout.splitlines() if line]
        check(len(objects) == 6 * len(ids), f"{env}: all objects in the cluster ({6 * len(ids)} expected in {ns})",
              f"found {len(objects)}")
    if a.expect_retries:
        retried = c.psql.value(f"select count(distinct request_id) from sync_runs where request_id in ({id_list})"
                               " and outcome = 'RETRYING'")
        check(int(retried) > 0, f"{env}: the deployer retried while the API server was away",
              f"{retried} requests had RETRYING runs")
        errs = c.psql.rows(f"select error from sync_runs where request_id in ({id_list}) and outcome = 'RETRYING'"
                           " limit 1")
        if errs:
            info("a retry's recorded error: " + errs[0][0][:200])


def load(c):
    """Reads and deployment requests in a loop for --seconds, tolerating errors; records what happened
    per second. Used while PostgreSQL restarts."""
    a = c.a
    env = a.env
    alice = c.user("alice")
    names = c.state["envs"][env]["services"]
    stop = time.time() + a.seconds
    log = []
    ids = []
    lock = threading.Lock()

    def reader():
        while time.time() < stop:
            t = time.time()
            try:
                status, _, _ = alice.raw("GET", "/api/v1/services?team=payments&limit=20")
            except OSError as e:
                status = type(e).__name__
            with lock:
                log.append((t, "read", status))
            time.sleep(0.05)

    def requester():
        i = 0
        while time.time() < stop:
            t = time.time()
            name = names[i % len(names)]
            i += 1
            try:
                status, _, text = alice.raw("POST", f"/api/v1/services/{name}/deployments", {"environment": env})
                if status == 201:
                    with lock:
                        ids.append(json.loads(text)["id"])
            except OSError as e:
                status = type(e).__name__
            with lock:
                log.append((t, "request", status))
            time.sleep(0.3)

    threads = [threading.Thread(target=reader) for _ in range(2)] + [threading.Thread(target=requester)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    c.state["envs"][env]["ids"] = ids
    c.state["envs"][env]["load_log"] = log
    c.save()
    bad = [entry for entry in log if entry[2] not in (200, 201)]
    info(f"load: {len(log)} calls, {len(bad)} failed (answers during the outage: "
         f"{sorted(set(str(b[2]) for b in bad))}), {len(ids)} deployment requests accepted")


def check_recovered(c):
    """After the PostgreSQL restart: the API answers again without a restart of Slipway, and the deployer
    goes on (every accepted request converges, and a new request syncs)."""
    a = c.a
    env = a.env
    alice = c.user("alice")
    log = c.state["envs"][env].get("load_log", [])
    restart_at = a.restart_at
    if restart_at:
        after = [e for e in log if e[0] > restart_at + a.outage]
        first_ok = next((e[0] for e in after if e[2] in (200, 201)), None)
        check(first_ok is not None, "API answers again after PostgreSQL came back, without restarting Slipway",
              f"first success {first_ok - (restart_at + a.outage):.1f} s after PostgreSQL was up again"
              if first_ok else "no successful call after the restart")
        during = [e for e in log if restart_at <= e[0] <= restart_at + a.outage]
        info(f"{len(during)} calls while PostgreSQL was down: "
             f"{sorted(set(str(e[2]) for e in during))}")
        errors = sorted(set(str(e[2]) for e in log if isinstance(e[2], int) and e[2] >= 500 and e[2] != 503))
        check(not errors, "no server error but 503 (try again) while PostgreSQL restarted",
              f"answers {errors}" if errors else "")
        late_fail = [e for e in log if e[0] > restart_at + a.outage + 10 and e[2] not in (200, 201)]
        check(not late_fail, "no failed call later than 10 s after PostgreSQL was back",
              f"{len(late_fail)} failures, e.g. {late_fail[:3]}" if late_fail else "")
    check(os.path.exists(f"/proc/{a.pid}") and a.pid > 0, "the same Slipway process (no restart)", f"pid {a.pid}")
    d = alice.post(f"/api/v1/services/{c.state['envs'][env]['services'][0]}/deployments", {"environment": env})
    c.state["envs"][env]["ids"].append(d["id"])
    c.save()
    ids = c.state["envs"][env]["ids"]
    views = wait_quiet(c, env, ids, a.timeout)
    new = views.get(d["id"], {}).get("state")
    check(new == "SYNCED", "a request made after the restart syncs", f"state {new}")
    states = {}
    for v in views.values():
        states[v["state"]] = states.get(v["state"], 0) + 1
    ok = all(v["state"] in ("SYNCED", "SUPERSEDED") for v in views.values()) and len(views) == len(ids)
    check(ok, f"all {len(ids)} accepted requests converge (SYNCED, or SUPERSEDED by a newer one)", f"states {states}")
    id_list = ",".join(map(str, ids))
    running = c.psql.value(f"select count(*) from sync_runs where request_id in ({id_list}) and outcome = 'RUNNING'")
    check(running == "0", "no sync run left RUNNING", f"{running} left")
    twice = c.psql.value(f"select count(*) from (select request_id from sync_runs where request_id in ({id_list})"
                         " and outcome = 'SUCCEEDED' group by request_id having count(*) > 1) t")
    check(twice == "0", "no request applied twice (at most one SUCCEEDED run each)", f"{twice} with more")


def concurrent(c):
    """20 concurrent deployment requests (one per service) plus 20 concurrent requests of one service, then,
    where approvals exist, 40 concurrent approvals by the lead; then every state must be consistent and the
    audit chain valid."""
    a = c.a
    env = a.env
    alice, bob, carol = c.user("alice"), c.user("bob"), c.user("carol")
    names = c.state["envs"][env]["services"]
    approvals = c.state.get("approvals", False)
    hot = names[0]
    targets = names[1:21] + [hot] * 20
    barrier = threading.Barrier(len(targets))

    def request(name):
        barrier.wait()
        status, _, text = alice.raw("POST", f"/api/v1/services/{name}/deployments", {"environment": env})
        return name, status, text

    with ThreadPoolExecutor(len(targets)) as ex:
        answers = list(ex.map(request, targets))
    bad = [(n, s, t[:200]) for n, s, t in answers if s != 201]
    check(not bad, f"{len(targets)} concurrent requests accepted (201)", f"{len(bad)} not: {bad[:3]}")
    ids = [json.loads(t)["id"] for _, s, t in answers if s == 201]
    if approvals:
        barrier2 = threading.Barrier(len(ids))

        def approve(i):
            barrier2.wait()
            s, _, t = bob.raw("POST", f"/api/v1/deployments/{i}/approve", {"comment": "concurrent"})
            return i, s, t

        with ThreadPoolExecutor(len(ids)) as ex:
            results = list(ex.map(approve, ids))
        unexpected = [(i, s, t[:200]) for i, s, t in results if s not in (200, 409)]
        check(not unexpected, f"{len(ids)} concurrent approvals answer 200 (or 409 for a superseded one)",
              f"{unexpected[:3]}")
    c.state["envs"][env]["ids"] = ids
    c.save()
    views = wait_quiet(c, env, ids, a.timeout)
    states = {}
    for v in views.values():
        states[v["state"]] = states.get(v["state"], 0) + 1
    check(all(v["state"] in FINAL for v in views.values()), "every request reaches a final state", f"states {states}")
    distinct = [v for v in views.values() if v["service"] != hot and v["state"] != "CANCELLED"]
    check(all(v["state"] == "SYNCED" for v in distinct), "each of the 20 distinct services SYNCED",
          f"{[(v['id'], v['state']) for v in distinct if v['state'] != 'SYNCED']}")
    hot_views = sorted((v for v in views.values() if v["service"] == hot and v["state"] != "CANCELLED"),
                       key=lambda v: v["id"])
    check(hot_views and hot_views[-1]["state"] == "SYNCED", f"{hot}: the newest of its 20 requests is SYNCED",
          f"newest {hot_views[-1]['id']} is {hot_views[-1]['state']}" if hot_views else "none")
    check(all(v["state"] in ("SYNCED", "SUPERSEDED") for v in hot_views),
          f"{hot}: the others are SYNCED or SUPERSEDED", str({v["id"]: v["state"] for v in hot_views}))
    id_list = ",".join(map(str, ids))
    ps = c.psql
    rows = ps.rows(
        "select (select count(*) from sync_jobs j join environments e on e.id = j.environment_id where e.name = '"
        + env + "'),"
        f" (select count(*) from sync_runs where request_id in ({id_list}) and outcome = 'RUNNING'),"
        f" (select count(*) from (select request_id from sync_runs where request_id in ({id_list}) and"
        " outcome = 'SUCCEEDED' group by request_id having count(*) > 1) t),"
        f" (select count(*) from deployment_requests where id in ({id_list}) and state = 'SYNCED' and not exists"
        " (select 1 from sync_runs r where r.request_id = deployment_requests.id and r.outcome = 'SUCCEEDED')),"
        f" (select count(*) from deployment_requests where id in ({id_list}) and state = 'SYNCED' and synced_at is null)")
    jobs, running, twice, synced_without_run, no_time = rows[0]
    check(jobs == "0", "no job left in the queue", f"{jobs}")
    check(running == "0", "no sync run left RUNNING", f"{running}")
    check(twice == "0", "no request with two SUCCEEDED runs", f"{twice}")
    check(synced_without_run == "0" and no_time == "0", "every SYNCED request has its SUCCEEDED run and syncedAt",
          f"{synced_without_run} without run, {no_time} without syncedAt")
    # deployed_state must name the request that synced last, for every pair
    mismatch = ps.rows(
        "select s.name, d.request_id, (select r.id from deployment_requests r where r.service_id = d.service_id and"
        " r.environment_id = d.environment_id and r.state = 'SYNCED' order by r.synced_at desc, r.id desc limit 1)"
        " from deployed_state d join services s on s.id = d.service_id join environments e on e.id = d.environment_id"
        f" where e.name = '{env}'")
    wrong = [r for r in mismatch if r[1] != r[2]]
    check(not wrong, "deployed_state names the request that synced last, for every service",
          f"{wrong[:5]}" if wrong else f"{len(mismatch)} services")
    newest_last = ps.rows(
        "select r.id, r.synced_at from deployment_requests r join services s on s.id = r.service_id where s.name = '"
        + hot + f"' and r.id in ({id_list}) and r.state = 'SYNCED' order by r.synced_at")
    order_ok = [int(r[0]) for r in newest_last] == sorted(int(r[0]) for r in newest_last)
    check(order_ok, f"{hot}: its SYNCED requests were applied in request order (the newest request wins)",
          f"sync order by id: {[int(r[0]) for r in newest_last]}")
    audit_chain(c, carol)


def audit_chain(c, carol):
    status, _, text = carol.raw("GET", "/api/v1/audit/verify")
    if status == 200:
        v = json.loads(text)
        check(v.get("valid") is True, "audit chain valid (GET /api/v1/audit/verify)", text[:300])
        return
    info(f"GET /api/v1/audit/verify answered {status}: checking the chain linkage with SQL instead")
    rows = c.psql.rows(
        "select count(*),"
        " count(*) filter (where prev_hash <> coalesce(prev, repeat('0', 64))),"
        " count(distinct prev_hash), count(distinct hash)"
        " from (select prev_hash, hash, lag(hash) over (order by id) prev from audit_events) t")
    n, broken, distinct_prev, distinct_hash = map(int, rows[0])
    check(broken == 0, "audit chain links: every prev_hash is the hash of the event before it (genesis first)",
          f"{n} events, {broken} broken links")
    check(distinct_prev == n and distinct_hash == n, "audit chain does not fork: prev_hash and hash values unique",
          f"{n} events, {distinct_prev} distinct prev_hash, {distinct_hash} distinct hash")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("step")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pg-port", type=int)
    p.add_argument("--pg-user", default="postgres")
    p.add_argument("--pid", type=int, default=0)
    p.add_argument("--state", required=True)
    p.add_argument("--kubeconfig")
    p.add_argument("--kubectl")
    p.add_argument("--env")
    p.add_argument("--count", type=int, default=20)
    p.add_argument("--approval", action="store_true")
    p.add_argument("--until-syncing", action="store_true")
    p.add_argument("--expect-retries", action="store_true")
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--restart-at", type=float)
    p.add_argument("--outage", type=float, default=0)
    a = p.parse_args()
    c = Ctx(a)
    steps = {"prepare": prepare, "probe-approvals": probe_approvals, "request": request_all,
             "check-converged": check_converged, "load": load, "check-recovered": check_recovered,
             "concurrent": concurrent}
    try:
        steps[a.step](c)
    except HttpError as e:
        check(False, f"{a.step}: unexpected answer", str(e))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
