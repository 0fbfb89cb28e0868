# Shared shell functions of bench/run, bench/faults and bench/fuzz: start what a measurement needs
# (the test API server, Slipway from the built jar, optionally an external PostgreSQL), and stop
# exactly what was started, by process id, when the script ends.
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
JAR="$REPO/portal-app/target/slipway.jar"
OUT="$BENCH_DIR/out"

say() { printf '%s %s\n' "[$(date +%H:%M:%S)]" "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}

# A fresh work directory under /tmp for this script's Slipway homes, logs and state.
bench_init() {
  local name="$1"
  mkdir -p "$OUT"
  WORK="$(mktemp -d "/tmp/slipway-$name.XXXXXX")"
  STARTED_PIDS=()
  STARTED_CLUSTER=0
  STARTED_CLUSTER_DIRS=()
  EXTERNAL_PG_DATA=""
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  say "work directory $WORK"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

ensure_jar() {
  if [[ ! -f "$JAR" ]]; then
    say "building $JAR (mvn -B -q -pl portal-app -am package -DskipTests)"
    (cd "$REPO" && mvn -B -q -pl portal-app -am package -DskipTests) || die "build failed"
  fi
}

# Starts the test API server (bin/test-cluster) unless the state dir already has one running.
cluster_up() {
  export SLIPWAY_TEST_CLUSTER_HOME="${SLIPWAY_TEST_CLUSTER_HOME:-$WORK/test-cluster}"
  if "$REPO/bin/test-cluster" status >/dev/null 2>&1; then
    say "test cluster already runs in $SLIPWAY_TEST_CLUSTER_HOME; reusing it (it is left running)"
  else
    STARTED_CLUSTER=1
  fi
  KUBECONFIG_FILE="$("$REPO/bin/test-cluster" up --api-only 2>"$WORK/test-cluster-up.log" | tail -n 1)" ||
    { cat "$WORK/test-cluster-up.log" >&2; die "bin/test-cluster up failed"; }
  # shellcheck source=/dev/null
  . "$SLIPWAY_TEST_CLUSTER_HOME/cluster.env"
  KUBECTL="$BIN_DIR/kubectl"
  export KUBECONFIG_FILE KUBECTL
  say "test cluster: $KUBECONFIG_FILE (kube-apiserver on 127.0.0.1:$API_PORT)"
}

# extra_cluster_up DIR: another API-only test cluster in its own state dir DIR (always a new one, stopped at
# the end). Sets EXTRA_KUBECONFIG; the pids are DIR/kube-apiserver.pid and DIR/etcd.pid.
extra_cluster_up() {
  local dir="$1"
  STARTED_CLUSTER_DIRS+=("$dir")
  EXTRA_KUBECONFIG="$(SLIPWAY_TEST_CLUSTER_HOME="$dir" "$REPO/bin/test-cluster" up --api-only 2>"$WORK/$(basename "$dir")-up.log" | tail -n 1)" ||
    { cat "$WORK/$(basename "$dir")-up.log" >&2; die "bin/test-cluster up in $dir failed"; }
  say "test cluster in $dir: $EXTRA_KUBECONFIG"
}

alive() {
  local pid="$1" stat
  kill -0 "$pid" 2>/dev/null || return 1
  stat="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
  [[ "$stat" != Z && "$stat" != X ]]
}

# slipway_try_start HOME PORT LOG [VAR=value ...]: starts the jar on 127.0.0.1:PORT with SLIPWAY_HOME=HOME
# and waits for readiness. Sets SLIPWAY_PID and SLIPWAY_STARTUP_SECONDS (process start to readiness).
# Returns 1 (after showing the log's last lines) when the process exits or is not ready in time.
slipway_try_start() {
  local home="$1" port="$2" log="$3"
  shift 3
  mkdir -p "$home"
  local t0 t1
  t0="$(date +%s.%N)"
  # setsid: its own session, so a kill of this script's terminal does not reach it; stopped by pid.
  env SLIPWAY_HOME="$home" SERVER_PORT="$port" KUBECONFIG=/nonexistent "$@" \
    setsid java ${BENCH_JAVA_OPTS:-} -jar "$JAR" --server.address=127.0.0.1 >>"$log" 2>&1 </dev/null &
  SLIPWAY_PID=$!
  STARTED_PIDS+=("$SLIPWAY_PID")
  local deadline=$((SECONDS + ${SLIPWAY_START_TIMEOUT:-180}))
  until curl -sf --max-time 2 "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; do
    if ! alive "$SLIPWAY_PID"; then
      say "Slipway exited during start-up (log: $log)"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      say "Slipway not ready after ${SLIPWAY_START_TIMEOUT:-180} s (log: $log)"
      return 1
    fi
    sleep 0.1
  done
  t1="$(date +%s.%N)"
  SLIPWAY_STARTUP_SECONDS="$(python3 -c "print(round($t1 - $t0, 2))")"
  say "Slipway pid $SLIPWAY_PID ready on 127.0.0.1:$port after ${SLIPWAY_STARTUP_SECONDS} s"
}

slipway_start() {
  slipway_try_start "$@" || { tail -n 40 "$3" >&2; die "Slipway did not start"; }
}

# The embedded PostgreSQL port, from Slipway's log line.
embedded_pg_port() {
  grep -o 'embedded PostgreSQL on 127.0.0.1:[0-9]*' "$1" | tail -n 1 | sed 's/.*://'
}

# The postmaster of an embedded data dir (first line of postmaster.pid) if it runs.
postmaster_pid() {
  local pidfile="$1/postmaster.pid" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(head -n 1 "$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" && printf '%s\n' "$pid"
}

# slipway_stop PID [HOME]: TERM, wait up to 40 s, then KILL; then stops an embedded PostgreSQL left behind.
slipway_stop() {
  local pid="$1" home="${2:-}" i
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 400); do
      alive "$pid" || break
      sleep 0.1
    done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null || true
  if [[ -n "$home" ]]; then
    local pm
    if pm="$(postmaster_pid "$home/pgdata")"; then
      say "stopping embedded PostgreSQL $pm left behind in $home/pgdata"
      kill -TERM "$pm" 2>/dev/null || true
      for i in $(seq 1 100); do
        alive "$pm" || break
        sleep 0.1
      done
    fi
  fi
}

# RSS of a process in MiB, from /proc/PID/status VmRSS.
rss_mb() {
  awk '/^VmRSS:/ { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status" 2>/dev/null
}

bench_cleanup() {
  local rc=$?
  set +e
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    alive "$pid" && slipway_stop "$pid"
  done
  # embedded PostgreSQL servers of the homes under WORK
  local d pm
  for d in "$WORK"/*/pgdata; do
    [[ -d "$d" ]] || continue
    if pm="$(postmaster_pid "$d")"; then
      kill -TERM "$pm" 2>/dev/null
      sleep 1
    fi
  done
  if [[ -n "$EXTERNAL_PG_DATA" ]]; then
    external_pg_stop
  fi
  if ((STARTED_CLUSTER)); then
    "$REPO/bin/test-cluster" down >/dev/null 2>&1
    say "test cluster stopped"
  fi
  local dir
  for dir in "${STARTED_CLUSTER_DIRS[@]}"; do
    SLIPWAY_TEST_CLUSTER_HOME="$dir" "$REPO/bin/test-cluster" down >/dev/null 2>&1
    say "test cluster in $dir stopped"
  done
  if [[ -z "${BENCH_KEEP_WORK:-}" && -n "${WORK:-}" && "$WORK" == /tmp/slipway-* ]]; then
    rm -rf "$WORK"
  fi
  exit "$rc"
}

# An external PostgreSQL (for Slipway with SPRING_DATASOURCE_URL), run as the postgres user from the
# binaries Slipway's embedded mode unpacked (PostgreSQL 17), else Debian's. Sets EXTERNAL_PG_PORT.
external_pg_start() {
  local bin="${1:-}"
  [[ -n "$bin" && -x "$bin/pg_ctl" ]] || bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -x "$bin/pg_ctl" ]] || die "no PostgreSQL binaries found for the external database"
  id postgres >/dev/null 2>&1 || die "external PostgreSQL needs a 'postgres' system user"
  EXTERNAL_PG_BIN="$bin"
  EXTERNAL_PG_DATA="$WORK/external-pg"
  EXTERNAL_PG_PORT="$(free_port)"
  chmod 711 "$WORK" # mktemp made it 0700; the postgres user must reach its data dir inside
  mkdir -p "$EXTERNAL_PG_DATA"
  chown postgres "$EXTERNAL_PG_DATA"
  runuser -u postgres -- "$bin/initdb" -D "$EXTERNAL_PG_DATA" -U postgres -A trust -E UTF-8 >"$WORK/external-pg-initdb.log" 2>&1 ||
    { cat "$WORK/external-pg-initdb.log" >&2; die "initdb failed"; }
  external_pg_ctl start
  say "external PostgreSQL ($("$bin/postgres" --version)) on 127.0.0.1:$EXTERNAL_PG_PORT, data $EXTERNAL_PG_DATA"
}

external_pg_ctl() {
  local action="$1"
  shift
  runuser -u postgres -- "$EXTERNAL_PG_BIN/pg_ctl" -D "$EXTERNAL_PG_DATA" -w -t 60 -l "$EXTERNAL_PG_DATA/server.log" \
    -o "-p $EXTERNAL_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$EXTERNAL_PG_DATA -c max_connections=100" \
    "$action" "$@" >/dev/null
}

external_pg_stop() {
  [[ -n "$EXTERNAL_PG_DATA" && -f "$EXTERNAL_PG_DATA/postmaster.pid" ]] || return 0
  external_pg_ctl stop -m fast || true
}
