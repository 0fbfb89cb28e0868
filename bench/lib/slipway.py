"""A small HTTP client for Slipway's REST API and the test API server, standard library only.

Each thread keeps its own keep-alive connection, so measured latencies are the server's, not TCP
handshakes. Used by bench.py, faults.py and rawapply.py.
"""

import base64
import http.client
import json
import os
import re
import ssl
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse


class HttpError(Exception):
    def __init__(self, method, path, status, body):
        super().__init__(f"{method} {path} -> {status}: {body[:500]}")
        self.status = status
        self.body = body


class Slipway:
    """One Slipway on 127.0.0.1:port; requests authenticate as `auth` (a header value)."""

    def __init__(self, port, auth=None, timeout=60):
        self.port = port
        self.auth = auth
        self.timeout = timeout
        self._local = threading.local()

    @staticmethod
    def basic(user, password=None):
        raw = f"{user}:{password or user}".encode()
        return "Basic " + base64.b64encode(raw).decode()

    def as_user(self, user):
        return Slipway(self.port, Slipway.basic(user), self.timeout)

    def with_token(self, token):
        return Slipway(self.port, "Bearer " + token, self.timeout)

    def _conn(self, fresh=False):
        conn = getattr(self._local, "conn", None)
        if conn is None or fresh:
            if conn is not None:
                conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self._local.conn = conn
        return conn

    def raw(self, method, path, body=None, headers=None):
        """Sends one request; returns (status, headers, text). Reconnects once on a dropped keep-alive."""
        hdrs = {"Accept": "application/json"}
        if self.auth:
            hdrs["Authorization"] = self.auth
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        if headers:
            hdrs.update(headers)
        for attempt in (1, 2):
            conn = self._conn(fresh=attempt == 2)
            try:
                conn.request(method, path, body=data, headers=hdrs)
                resp = conn.getresponse()
                text = resp.read().decode("utf-8", "replace")
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    self._local.conn = None
                return resp.status, resp.headers, text
            except (http.client.HTTPException, ConnectionError, OSError):
                self._local.conn = None
                conn.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def call(self, method, path, body=None, expect=(200, 201, 204)):
        status, _, text = self.raw(method, path, body)
        if status not in expect:
            raise HttpError(method, path, status, text)
        return json.loads(text) if text.strip() else None

    def get(self, path):
        return self.call("GET", path)

    def post(self, path, body=None):
        return self.call("POST", path, body if body is not None else {})

    def put(self, path, body):
        return self.call("PUT", path, body)

    def token(self, name="bench"):
        """A personal API token for this user: no BCrypt per request, unlike HTTP Basic."""
        return self.post("/api/v1/me/tokens", {"name": name + "-" + str(int(time.time() * 1000)), "expiresInDays": 1})[
            "token"
        ]

    def form_login(self, user, password=None):
        """Signs in through the login form; returns the session cookie header value."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        conn.request("GET", "/login")
        resp = conn.getresponse()
        page = resp.read().decode()
        cookies = _cookies(resp)
        m = re.search(r'name="_csrf"\s+value="([^"]+)"', page) or re.search(r'value="([^"]+)"\s+name="_csrf"', page)
        form = {"username": user, "password": password or user}
        if m:
            form["_csrf"] = m.group(1)
        conn.request(
            "POST",
            "/login",
            body=urllib.parse.urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": _cookie_header(cookies)},
        )
        resp = conn.getresponse()
        resp.read()
        cookies.update(_cookies(resp))
        conn.close()
        if resp.status not in (302, 303) or "error" in (resp.getheader("Location") or ""):
            raise HttpError("POST", "/login", resp.status, str(resp.getheader("Location")))
        return _cookie_header(cookies)


def _cookies(resp):
    found = {}
    for header in resp.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def _cookie_header(cookies):
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def full_spec(name):
    """Every spec section, as in DeployerScenario.fullSpec: ConfigMap, Secret, Deployment, Service, HPA, Ingress."""
    return {
        "image": "registry.example.com/payments/" + name + ":1.0.0",
        "replicas": 2,
        "ports": [{"name": "http", "containerPort": 8080, "servicePort": 80}],
        "resources": {"cpuRequest": "250m", "cpuLimit": "1", "memoryRequest": "256Mi", "memoryLimit": "512Mi"},
        "config": {"LOG_LEVEL": "info", "SERVICE_NAME": name},
        "secrets": ["DB_PASSWORD"],
        "ingress": {"host": name + ".example.com", "path": "/", "tls": True},
        "autoscaling": {"minReplicas": 2, "maxReplicas": 10, "cpuUtilization": 70},
        "probes": {"readinessPath": "/ready", "livenessPath": "/live", "port": "http"},
    }


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def verdict(name, value, goal, op):
    """(name, value, "met" or "MISSED: ...") for a target `value op goal`, op ">=" or "<"."""
    if value is None:
        return name, value, "not measured"
    met = value >= goal if op == ">=" else value < goal
    if met:
        return name, value, "met"
    if op == ">=":
        return name, value, f"MISSED: {value} vs {goal} ({goal / value:.2f}x short)" if value else \
            f"MISSED: {value} vs {goal}"
    return name, value, f"MISSED: {value} vs {goal} ({value / goal:.2f}x over)"


def stats_ms(values_s):
    """p50/p95/p99/mean/max in milliseconds of durations given in seconds."""
    ms = [v * 1000 for v in values_s]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "mean_ms": round(statistics.fmean(ms), 1),
        "max_ms": round(max(ms), 1),
    }


def write_results_section(path, section, begin, end):
    """Replaces the section between the markers begin and end in RESULTS.md (appends it the first time)."""
    text = open(path).read() if os.path.exists(path) else ""
    if begin in text and end in text:
        head, _, rest = text.partition(begin)
        _, _, tail = rest.partition(end)
        text = head + section.rstrip("\n") + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w") as f:
        f.write(text)


def iso_to_epoch(text):
    """ISO-8601 UTC ('2026-01-01T10:00:00.123456Z') to epoch seconds."""
    from datetime import datetime

    text = text.replace("Z", "+00:00")
    return datetime.fromisoformat(text).timestamp()


class Psql:
    """Runs SQL against a PostgreSQL through the psql client (the bench needs no driver)."""

    def __init__(self, port, user="postgres", db="postgres", host="127.0.0.1"):
        self.args = ["psql", "-h", host, "-p", str(port), "-U", user, "-d", db, "-v", "ON_ERROR_STOP=1", "-X", "-q"]

    def run(self, sql, timeout=3600):
        env = dict(os.environ, PGCONNECT_TIMEOUT="5")
        proc = subprocess.run(self.args + ["-At", "-F", "\t"], input=sql, text=True, capture_output=True,
                              timeout=timeout, env=env)
        if proc.returncode != 0:
            raise RuntimeError("psql failed: " + proc.stderr.strip())
        return proc.stdout

    def rows(self, sql):
        return [line.split("\t") for line in self.run(sql).splitlines() if line]

    def value(self, sql):
        out = self.run(sql).strip()
        return out.splitlines()[0] if out else None

    def timed(self, queries, repeat):
        """Runs each query `repeat` times in one session with \\timing; returns {name: [seconds...]}."""
        script = ["\\timing on", "\\o /dev/null"]
        order = []
        for _ in range(repeat):
            for name, sql in queries.items():
                script.append(sql.rstrip().rstrip(";") + ";")
                order.append(name)
        out = subprocess.run(self.args, input="\n".join(script) + "\n", text=True, capture_output=True, timeout=3600)
        if out.returncode != 0:
            raise RuntimeError("psql failed: " + out.stderr.strip())
        times = [float(m) / 1000 for m in re.findall(r"^Time: ([0-9.]+) ms", out.stdout, re.M)]
        if len(times) != len(order):
            raise RuntimeError(f"psql timing: expected {len(order)} timings, got {len(times)}: {out.stdout[:500]}")
        result = {name: [] for name in queries}
        for name, t in zip(order, times):
            result[name].append(t)
        return result


class KubeApi:
    """Direct HTTPS to the test API server with the kubeconfig's client certificate (one connection per thread)."""

    def __init__(self, kubeconfig_path):
        text = open(kubeconfig_path).read()
        self.server = re.search(r"server: (https://\S+)", text).group(1)
        u = urllib.parse.urlparse(self.server)
        self.host, self.port = u.hostname, u.port
        self._dir = tempfile.mkdtemp(prefix="slipway-kubeapi-")
        files = {}
        for field, fname in (("certificate-authority-data", "ca.crt"), ("client-certificate-data", "client.crt"),
                             ("client-key-data", "client.key")):
            data = re.search(field + r": (\S+)", text).group(1)
            path = os.path.join(self._dir, fname)
            with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as f:
                f.write(base64.b64decode(data))
            files[fname] = path
        self.ctx = ssl.create_default_context(cafile=files["ca.crt"])
        self.ctx.load_cert_chain(files["client.crt"], files["client.key"])
        self._local = threading.local()

    def _conn(self, fresh=False):
        conn = getattr(self._local, "conn", None)
        if conn is None or fresh:
            conn = http.client.HTTPSConnection(self.host, self.port, context=self.ctx, timeout=30)
            self._local.conn = conn
        return conn

    def request(self, method, path, body=None, content_type=None):
        headers = {"Accept": "application/json"}
        if content_type:
            headers["Content-Type"] = content_type
        for attempt in (1, 2):
            conn = self._conn(fresh=attempt == 2)
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                return resp.status, resp.read()
            except (http.client.HTTPException, ConnectionError, OSError):
                conn.close()
                self._local.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def cleanup(self):
        for f in os.listdir(self._dir):
            os.remove(os.path.join(self._dir, f))
        os.rmdir(self._dir)


# kind -> (api prefix, plural, namespaced)
KINDS = {
    "Namespace": ("/api/v1", "namespaces", False),
    "ConfigMap": ("/api/v1", "configmaps", True),
    "Secret": ("/api/v1", "secrets", True),
    "Deployment": ("/apis/apps/v1", "deployments", True),
    "Service": ("/api/v1", "services", True),
    "HorizontalPodAutoscaler": ("/apis/autoscaling/v2", "horizontalpodautoscalers", True),
    "Ingress": ("/apis/networking.k8s.io/v1", "ingresses", True),
}

PLACEHOLDER_SECRET = base64.b64encode(b"bench-placeholder").decode()


def retarget(yaml_doc, from_namespace, to_namespace):
    """A masked applied document from Slipway, moved to another namespace, with masked secret values
    replaced by a placeholder (a Secret's data must be valid base64; the values do not matter here)."""
    doc = re.sub(r"^(  (?:name|namespace): )" + re.escape(from_namespace) + r"$", r"\g<1>" + to_namespace, yaml_doc,
                 flags=re.M)
    return doc.replace("<hidden>", PLACEHOLDER_SECRET)


def apply_path(yaml_doc, field_manager):
    """The server-side apply URL of one document (kind, metadata.name, metadata.namespace from its text)."""
    kind = re.search(r"^kind: (\S+)$", yaml_doc, re.M).group(1)
    meta = yaml_doc.split("\nmetadata:\n", 1)[1]
    name = re.search(r"^  name: (\S+)$", meta, re.M).group(1)
    prefix, plural, namespaced = KINDS[kind]
    if namespaced:
        namespace = re.search(r"^  namespace: (\S+)$", meta, re.M).group(1)
        path = f"{prefix}/namespaces/{namespace}/{plural}/{name}"
    else:
        path = f"{prefix}/{plural}/{name}"
    return path + "?fieldManager=" + field_manager + "&force=true"


# ---------------------------------------------------------------- processes (bench.py, livestate.py)

TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
    except (OSError, IndexError, ValueError):
        return None



def children_of(pid):
    kids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    return kids
