# shellcheck shell=bash
# The node half of bin/test-cluster (sourced by it): one kubelet + containerd node with
# kube-controller-manager, kube-scheduler, kube-proxy, CoreDNS and metrics-server, attached to the
# control plane that bin/test-cluster starts. How it is put together, and why, is in
# docs/test-node.md. Everything it changes on the host is recorded before it changes it, and
# node_teardown puts it back.

# Addresses no other host has: every packet to them stays on this machine. The node's address lives on
# an interface of its own; pods get addresses from a bridge; Services from the API server's range.
NODE_NAME=slipway-node
NODE_IP="${SLIPWAY_NODE_IP:-10.250.0.1}"
POD_CIDR="${SLIPWAY_POD_CIDR:-10.251.0.0/24}"
NODE_LINK=slipway0
BRIDGE=slipway-cni0
FORWARD_CHAIN=SLIPWAY-NODE
SERVICE_CIDR=10.0.0.0/16
NODE_READY_TIMEOUT="${SLIPWAY_NODE_TIMEOUT:-120}"
DEMO_IMAGE=slipway.local/demo:1
PAUSE_IMAGE=slipway.local/pause:1
NODE_SRC="$SCRIPT_DIR/test-node"
ADDON_DIR="$CACHE_ROOT/addons"
COREDNS_BIN="$ADDON_DIR/coredns-$COREDNS_VERSION/coredns"
METRICS_SERVER_BIN="$ADDON_DIR/metrics-server-$METRICS_SERVER_VERSION/metrics-server"
NODE_KUBE_BINARIES=(kubelet kube-controller-manager kube-scheduler kube-proxy)
# sysctls the node's parts set (kubelet's kernel defaults, kube-proxy, the bridge), put back on down
HOST_SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables
  net.ipv4.conf.all.route_localnet vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes net.netfilter.nf_conntrack_max
  net.netfilter.nf_conntrack_tcp_timeout_established net.netfilter.nf_conntrack_tcp_timeout_close_wait)
CGROUP_ROOTS=(kubepods kubepods.slice)
# host paths that containerd and kubelet use whatever their configuration says
# (kubelet's device plugin socket directory is fixed at /var/lib/kubelet/device-plugins)
HOST_DIRS=(/run/containerd /var/run/netns /var/log/containers /var/log/pods /var/lib/kubelet /usr/libexec/kubernetes)

node_binaries_present() {
  local b
  for b in "${NODE_KUBE_BINARIES[@]}"; do
    [[ -x "$BIN_DIR/$b" ]] || return 1
  done
  [[ -x "$COREDNS_BIN" && -x "$METRICS_SERVER_BIN" ]]
}

node_packages_present() {
  local c
  for c in containerd containerd-shim-runc-v2 runc ctr iptables ip6tables conntrack busybox; do
    command -v "$c" >/dev/null 2>&1 || return 1
  done
  [[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/host-local && -x /usr/lib/cni/loopback ]]
}

# Builds a Go main package of a module at a version in a throwaway module; $1 = output, $2 = module@version,
# $3 = package, $4 = work dir.
build_go_tool() {
  local out="$1" modver="$2" pkg="$3" work="$4" name
  name="$(basename "$out")"
  mkdir -p "$work/$name" "$(dirname "$out")"
  printf 'module slipway.invalid/%sbuild\n\ngo 1.24\n' "$name" >"$work/$name/go.mod"
  (
    cd "$work/$name"
    local start=$SECONDS
    log "downloading modules for $name ${modver#*@} ..."
    quiet_go "$work/get-$name.log" get "$modver"
    log "modules resolved in $((SECONDS - start)) s"
    local tmp="$out.tmp.$$"
    start=$SECONDS
    log "building $name ($pkg) ..."
    quiet_go "$work/build-$name.log" build -trimpath -ldflags "-s -w" -o "$tmp" "$pkg"
    mv -f "$tmp" "$out"
    log "built $name in $((SECONDS - start)) s ($(du -h "$out" | cut -f1)): $out"
  )
}

node_build_addons() {
  local work="$1"
  [[ -x "$COREDNS_BIN" ]] ||
    build_go_tool "$COREDNS_BIN" "github.com/coredns/coredns@v$COREDNS_VERSION" github.com/coredns/coredns "$work"
  [[ -x "$METRICS_SERVER_BIN" ]] ||
    build_go_tool "$METRICS_SERVER_BIN" "sigs.k8s.io/metrics-server@v$METRICS_SERVER_VERSION" \
      sigs.k8s.io/metrics-server/cmd/metrics-server "$work"
}

# ---------------------------------------------------------------------------
# images: built here from files in this repository and Debian's busybox-static, never pulled

image_archive() {
  local hash
  hash="$(cat "$NODE_SRC/demo/main.go" "$NODE_SRC/demo/go.mod" "$NODE_SRC/oci-image" /bin/busybox | sha256sum | cut -c1-16)"
  printf '%s\n' "$CACHE_ROOT/images/$1-$hash.tar"
}

build_images() {
  local demo pause bin
  demo="$(image_archive demo)"
  pause="$(image_archive pause)"
  [[ -f "$demo" && -f "$pause" ]] && return 0
  mkdir -p "$CACHE_ROOT/images"
  bin="$(mktemp -d "${TMPDIR:-/tmp}/slipway-demo.XXXXXX")"
  (cd "$NODE_SRC/demo" && GOWORK=off CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$bin/demo" .) ||
    die "building the demo image's program failed"
  "$NODE_SRC/oci-image" "$demo" "$DEMO_IMAGE" --entrypoint '["/demo"]' --user 65532:65532 --port 8080 \
    --file "/demo=$bin/demo" --busybox /bin/busybox >/dev/null
  "$NODE_SRC/oci-image" "$pause" "$PAUSE_IMAGE" --entrypoint '["/pause","pause"]' --file "/pause=$bin/demo" >/dev/null
  rm -rf "$bin"
  log "built images $DEMO_IMAGE and $PAUSE_IMAGE into $CACHE_ROOT/images"
}

ctr_k8s() {
  ctr --address "$STATE/containerd/containerd.sock" --namespace k8s.io "$@"
}

# ---------------------------------------------------------------------------
# certificates and kubeconfigs of the node's parts, signed by the cluster's CA

# $1 = file stem, $2 = subject, $3 = clientAuth|serverAuth, $4 = subjectAltName (optional), $5 = CA stem
issue_cert() {
  local stem="$1" subject="$2" usage="$3" san="${4:-}" ca="${5:-ca}"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [[ -z "$san" ]] || echo "subjectAltName=$san"
  } >"$stem.ext"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$stem.key" -out "$stem.csr" -subj "$subject" 2>/dev/null
  openssl x509 -req -sha256 -days 3650 -in "$stem.csr" -CA "$ca.crt" -CAkey "$ca.key" \
    -set_serial "0x$(openssl rand -hex 8)" -extfile "$stem.ext" -out "$stem.crt" 2>/dev/null
  rm -f "$stem.csr" "$stem.ext"
}

# Certificates the API server needs in both modes: the front proxy (aggregated APIs) and its client
# to kubelets. Cheap enough to make always, so the API server's flags do not depend on the mode.
make_aggregation_certs() {
  (
    cd "$STATE/pki"
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -keyout front-proxy-ca.key \
      -out front-proxy-ca.crt -subj "/CN=slipway-test-front-proxy-ca" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
    issue_cert front-proxy-client "/CN=front-proxy-client" clientAuth "" front-proxy-ca
    issue_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
  )
}

make_node_certs() {
  (
    cd "$STATE/pki"
    umask 077
    issue_cert kubelet-serving "/CN=$NODE_NAME" serverAuth "IP:$NODE_IP,DNS:$NODE_NAME"
    issue_cert kubelet "/O=system:nodes/CN=system:node:$NODE_NAME" clientAuth
    issue_cert controller-manager "/CN=system:kube-controller-manager" clientAuth
    issue_cert scheduler "/CN=system:kube-scheduler" clientAuth
    issue_cert kube-proxy "/CN=system:kube-proxy" clientAuth
    issue_cert coredns "/CN=slipway:coredns" clientAuth
    issue_cert metrics-server "/CN=slipway:metrics-server" clientAuth
    issue_cert metrics-server-serving "/CN=metrics-server" serverAuth \
      "DNS:metrics-server.kube-system.svc,DNS:metrics-server.kube-system.svc.cluster.local,IP:$NODE_IP"
  )
  local who
  for who in kubelet controller-manager scheduler kube-proxy coredns metrics-server; do
    write_component_kubeconfig "$who"
  done
}

write_component_kubeconfig() {
  local who="$1" pki="$STATE/pki"
  mkdir -p "$STATE/kubeconfigs"
  (
    umask 077
    cat >"$STATE/kubeconfigs/$who" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: slipway-test
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $pki/ca.crt
users:
- name: $who
  user:
    client-certificate: $pki/$who.crt
    client-key: $pki/$who.key
contexts:
- name: slipway-test
  context: {cluster: slipway-test, user: $who}
current-context: slipway-test
EOF
  )
}

# ---------------------------------------------------------------------------
# host state: recorded before the first change, restored by node_teardown

host_record() {
  local before="$STATE/host-before"
  [[ -d "$before" ]] && return 0
  mkdir -p "$before"
  local s v
  for s in "${HOST_SYSCTLS[@]}"; do
    if v="$(sysctl -n "$s" 2>/dev/null)"; then
      printf '%s=%s\n' "$s" "$v" >>"$before/sysctls"
    fi
  done
  : >"$before/dirs"
  for s in "${HOST_DIRS[@]}"; do
    [[ -e "$s" ]] && printf '%s\n' "$s" >>"$before/dirs"
  done
  ls /var/run/netns 2>/dev/null >"$before/netns" || true
}

host_setup() {
  host_record
  modprobe br_netfilter 2>/dev/null || true
  # A dummy interface where the kernel has one; a bridge without ports otherwise (some VM kernels are
  # built without dummy): either way an address that only this machine answers.
  if ! ip link show "$NODE_LINK" >/dev/null 2>&1; then
    ip link add "$NODE_LINK" type dummy 2>/dev/null || ip link add "$NODE_LINK" type bridge ||
      die "cannot create the interface $NODE_LINK (needs root and CAP_NET_ADMIN)"
  fi
  ip addr replace "$NODE_IP/32" dev "$NODE_LINK"
  ip link set "$NODE_LINK" up
  sysctl -qw net.ipv4.ip_forward=1
  sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true
  # Pods talk to each other, to Services and to the node; nothing they send is forwarded elsewhere.
  iptables -w -N "$FORWARD_CHAIN" 2>/dev/null || iptables -w -F "$FORWARD_CHAIN"
  iptables -w -A "$FORWARD_CHAIN" -s "$POD_CIDR" -d "$POD_CIDR" -j RETURN
  iptables -w -A "$FORWARD_CHAIN" -s "$POD_CIDR" -j DROP
  iptables -w -C FORWARD -j "$FORWARD_CHAIN" 2>/dev/null || iptables -w -I FORWARD 1 -j "$FORWARD_CHAIN"
}

# Deletes every rule that jumps to a chain whose name matches $2, then those chains, in every table.
# $1 = iptables or ip6tables.
delete_chains() {
  local cmd="$1" pattern="$2" table line chain
  command -v "$cmd" >/dev/null 2>&1 || return 0
  for table in filter nat mangle raw; do
    { "$cmd-save" -t "$table" 2>/dev/null | grep -E "^-A .* -j ($pattern)" || true; } | while read -r line; do
      # shellcheck disable=SC2086  # the rule's words, as iptables-save printed them
      eval "$cmd -w -t $table -D ${line#-A }" 2>/dev/null || true
    done
    "$cmd-save" -t "$table" 2>/dev/null | sed -n -E "s/^:(($pattern)[^ ]*) .*/\1/p" | while read -r chain; do
      "$cmd" -w -t "$table" -F "$chain" 2>/dev/null || true
    done
    "$cmd-save" -t "$table" 2>/dev/null | sed -n -E "s/^:(($pattern)[^ ]*) .*/\1/p" | while read -r chain; do
      "$cmd" -w -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
}

host_restore() {
  local before="$STATE/host-before"
  delete_chains iptables "KUBE-|CNI-|$FORWARD_CHAIN"
  delete_chains ip6tables "KUBE-|CNI-|$FORWARD_CHAIN"
  ip link del "$BRIDGE" 2>/dev/null || true
  ip link del "$NODE_LINK" 2>/dev/null || true
  local entry name d
  if [[ -f "$before/netns" ]]; then
    for name in $(ls /var/run/netns 2>/dev/null); do
      grep -qxF "$name" "$before/netns" || ip netns delete "$name" 2>/dev/null || true
    done
  fi
  remove_node_cgroups
  if [[ -f "$before/dirs" ]]; then
    for d in "${HOST_DIRS[@]}"; do
      if ! grep -qxF "$d" "$before/dirs"; then
        umount -R "$d" 2>/dev/null || true
        rm -rf "$d"
      fi
    done
  fi
  find /var/log/containers -maxdepth 1 -type l -lname "$STATE/*" -delete 2>/dev/null || true
  if [[ -f "$before/sysctls" ]]; then
    while IFS= read -r entry; do
      sysctl -qw "$entry" 2>/dev/null || true
    done <"$before/sysctls"
  fi
}

# kubelet's cgroupfs hierarchy (kubepods/burstable/pod<uid>/<container>) in every v1 controller
remove_node_cgroups() {
  local root dir i
  for i in 1 2 3 4 5; do
    local left=0
    for root in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
      for dir in "${CGROUP_ROOTS[@]}"; do
        [[ -d "$root$dir" ]] || continue
        # deepest first; a cgroup is removed with rmdir once no process is left in it
        find "$root$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
        [[ -d "$root$dir" ]] && left=1
      done
    done
    ((left)) || return 0
    sleep 1
  done
  log "warning: some cgroups under kubepods could not be removed (processes still in them?)"
}

# ---------------------------------------------------------------------------
# configuration files

write_node_config() {
  local node="$STATE/node"
  mkdir -p "$node" "$STATE/containerd" "$STATE/cni/net.d" "$STATE/cni/ipam" "$STATE/kubelet" "$node/pod-logs" \
    "$node/volume-plugins"
  : >"$node/resolv.conf" # pods see only the cluster's DNS, never the host's resolvers
  echo "nameserver $NODE_IP" >"$node/resolv.conf"

  cat >"$STATE/containerd/config.toml" <<EOF
version = 2
root = "$STATE/containerd/root"
state = "$STATE/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.tracing.processor.v1.otlp"]

[grpc]
  address = "$STATE/containerd/containerd.sock"

[ttrpc]
  address = "$STATE/containerd/containerd.sock.ttrpc"

[plugins."io.containerd.internal.v1.opt"]
  path = "$STATE/containerd/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # root here lacks CAP_SYS_RESOURCE: runc cannot lower oom_score_adj below its own (docs/test-node.md)
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$STATE/containerd/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
EOF

  cat >"$STATE/cni/net.d/10-slipway.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "slipway",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "$POD_CIDR"}]],
        "routes": [{"dst": "0.0.0.0/0"}],
        "dataDir": "$STATE/cni/ipam"
      }
    }
  ]
}
EOF

  cat >"$node/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $STATE/pki/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $STATE/pki/kubelet-serving.crt
tlsPrivateKeyFile: $STATE/pki/kubelet-serving.key
containerRuntimeEndpoint: unix://$STATE/containerd/containerd.sock
# cgroup v1 is deprecated in kubelet 1.35 and refused unless this is set (KEP-5573 plans its removal)
failCgroupV1: false
failSwapOn: false
cgroupDriver: cgroupfs
clusterDNS: [$NODE_IP]
clusterDomain: cluster.local
resolvConf: $node/resolv.conf
podLogsDir: $node/pod-logs
serializeImagePulls: false
nodeStatusUpdateFrequency: 5s
evictionHard: {memory.available: 100Mi, nodefs.available: 2%, imagefs.available: 2%, nodefs.inodesFree: 2%}
imageGCHighThresholdPercent: 99
imageGCLowThresholdPercent: 98
maxPods: 110
EOF

  cat >"$node/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $STATE/kubeconfigs/kube-proxy}
mode: iptables
hostnameOverride: $NODE_NAME
clusterCIDR: $POD_CIDR
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:$PROXY_HEALTHZ_PORT
metricsBindAddress: 127.0.0.1:$PROXY_METRICS_PORT
nodePortAddresses: ["$NODE_IP/32"]
iptables: {localhostNodePorts: false}
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF

  cat >"$node/Corefile" <<EOF
cluster.local:53 in-addr.arpa:53 ip6.arpa:53 {
    bind $NODE_IP
    errors
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $STATE/kubeconfigs/coredns
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 5
}
.:53 {
    bind $NODE_IP
    # names outside the cluster are not resolved: nothing a pod asks leaves this machine
    template ANY ANY {
        rcode NXDOMAIN
    }
}
EOF
}

# RBAC for the add-ons and the aggregated metrics API (metrics-server runs on the host at the node's
# address; the Service has no selector, its Endpoints point there).
apply_cluster_addons() {
  local ca_b64
  ca_b64="$(base64 -w0 <"$STATE/pki/ca.crt")"
  KUBECONFIG="$KUBECONFIG_FILE" "$BIN_DIR/kubectl" apply -f - >"$STATE/addons.log" 2>&1 <<EOF || {
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "slipway:coredns"}
rules:
- apiGroups: [""]
  resources: [endpoints, services, pods, namespaces]
  verbs: [list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "slipway:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "slipway:coredns"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: "slipway:coredns"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "slipway:metrics-server"}
rules:
- apiGroups: [""]
  resources: [nodes/metrics]
  verbs: [get]
- apiGroups: [""]
  resources: [pods, nodes]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "slipway:metrics-server"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "slipway:metrics-server"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: "slipway:metrics-server"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "slipway:metrics-server:auth-delegator"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:auth-delegator"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: "slipway:metrics-server"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: "slipway:metrics-server:auth-reader", namespace: kube-system}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: "slipway:metrics-server"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: "slipway:aggregated-metrics-reader"
  labels:
    rbac.authorization.k8s.io/aggregate-to-view: "true"
    rbac.authorization.k8s.io/aggregate-to-edit: "true"
    rbac.authorization.k8s.io/aggregate-to-admin: "true"
rules:
- apiGroups: [metrics.k8s.io]
  resources: [pods, nodes]
  verbs: [get, list, watch]
---
apiVersion: v1
kind: Service
metadata: {name: metrics-server, namespace: kube-system}
spec:
  ports: [{name: https, port: 443, targetPort: 4443, protocol: TCP}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: metrics-server, namespace: kube-system}
subsets:
- addresses: [{ip: "$NODE_IP"}]
  ports: [{name: https, port: 4443, protocol: TCP}]
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
spec:
  group: metrics.k8s.io
  version: v1beta1
  service: {name: metrics-server, namespace: kube-system, port: 443}
  caBundle: $ca_b64
  groupPriorityMinimum: 100
  versionPriority: 100
EOF
    cat "$STATE/addons.log" >&2
    die "applying the node's add-on objects failed"
  }
}

# ---------------------------------------------------------------------------
# start and stop

wait_for() {
  local what="$1" timeout="$2" name="$3"
  shift 3
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if [[ -n "$name" ]] && ! live_pid "$name" >/dev/null; then
      show_log_tail "$name"
      die "$name exited while waiting for $what"
    fi
    if ((SECONDS > deadline)); then
      [[ -z "$name" ]] || show_log_tail "$name"
      die "timed out after $timeout s waiting for $what"
    fi
    sleep 0.5
  done
}

containerd_ready() {
  ctr --address "$STATE/containerd/containerd.sock" version >/dev/null 2>&1
}

node_ready() {
  KUBECONFIG="$KUBECONFIG_FILE" "$BIN_DIR/kubectl" get node "$NODE_NAME" \
    -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null | grep -qx True
}

metrics_api_available() {
  KUBECONFIG="$KUBECONFIG_FILE" "$BIN_DIR/kubectl" get apiservice v1beta1.metrics.k8s.io \
    -o 'jsonpath={.status.conditions[?(@.type=="Available")].status}' 2>/dev/null | grep -qx True
}

node_start() {
  local pki="$STATE/pki" node="$STATE/node" ports
  ports="$(free_ports 3)"
  KUBELET_HEALTHZ_PORT="$(sed -n 1p <<<"$ports")"
  PROXY_HEALTHZ_PORT="$(sed -n 2p <<<"$ports")"
  PROXY_METRICS_PORT="$(sed -n 3p <<<"$ports")"
  cat >>"$STATE/cluster.env" <<EOF
NODE_IP=$NODE_IP
POD_CIDR=$POD_CIDR
KUBELET_HEALTHZ_PORT=$KUBELET_HEALTHZ_PORT
EOF
  build_images
  make_node_certs
  write_node_config
  host_setup
  apply_cluster_addons

  log "starting containerd $(containerd --version | awk '{print $3}')"
  # Every pull goes through a proxy that is a closed local port: an image that is not on the node fails
  # to pull (ErrImagePull) without a packet, not even a DNS query, leaving this machine. (containerd 1.6
  # always falls back to the registry itself after its mirrors, so its registry settings cannot do this.)
  start_daemon containerd env HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY= \
    containerd --config "$STATE/containerd/config.toml"
  wait_for "containerd" 30 containerd containerd_ready
  ctr_k8s images import --no-unpack=false "$(image_archive pause)" >/dev/null ||
    die "importing $PAUSE_IMAGE into containerd failed"
  ctr_k8s images import "$(image_archive demo)" >/dev/null || die "importing $DEMO_IMAGE into containerd failed"

  log "starting kube-controller-manager and kube-scheduler"
  start_daemon kube-controller-manager "$BIN_DIR/kube-controller-manager" \
    --kubeconfig="$STATE/kubeconfigs/controller-manager" \
    --authentication-kubeconfig="$STATE/kubeconfigs/controller-manager" \
    --authorization-kubeconfig="$STATE/kubeconfigs/controller-manager" \
    --bind-address=127.0.0.1 --secure-port=0 \
    --leader-elect=false \
    --use-service-account-credentials=true \
    --service-account-private-key-file="$pki/sa.key" \
    --root-ca-file="$pki/ca.crt" \
    --cluster-name=slipway-test \
    --controllers='*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-bootstrap-signer-controller,-token-cleaner-controller' \
    --horizontal-pod-autoscaler-sync-period=10s \
    --node-monitor-grace-period=40s \
    --v=1
  start_daemon kube-scheduler "$BIN_DIR/kube-scheduler" \
    --kubeconfig="$STATE/kubeconfigs/scheduler" \
    --authentication-kubeconfig="$STATE/kubeconfigs/scheduler" \
    --authorization-kubeconfig="$STATE/kubeconfigs/scheduler" \
    --bind-address=127.0.0.1 --secure-port=0 \
    --leader-elect=false \
    --v=1

  log "starting kubelet ($NODE_NAME at $NODE_IP)"
  start_daemon kubelet "$BIN_DIR/kubelet" \
    --config="$node/kubelet.yaml" \
    --kubeconfig="$STATE/kubeconfigs/kubelet" \
    --root-dir="$STATE/kubelet" \
    --hostname-override="$NODE_NAME" \
    --node-ip="$NODE_IP" \
    --volume-plugin-dir="$node/volume-plugins" \
    --v=1
  wait_for "node $NODE_NAME to be Ready" "$NODE_READY_TIMEOUT" kubelet node_ready

  log "starting kube-proxy, CoreDNS and metrics-server"
  start_daemon kube-proxy "$BIN_DIR/kube-proxy" --config="$node/kube-proxy.yaml" --v=1
  start_daemon coredns "$COREDNS_BIN" -conf "$node/Corefile"
  start_daemon metrics-server "$METRICS_SERVER_BIN" \
    --kubeconfig="$STATE/kubeconfigs/metrics-server" \
    --authentication-kubeconfig="$STATE/kubeconfigs/metrics-server" \
    --authorization-kubeconfig="$STATE/kubeconfigs/metrics-server" \
    --bind-address="$NODE_IP" --secure-port=4443 \
    --tls-cert-file="$pki/metrics-server-serving.crt" --tls-private-key-file="$pki/metrics-server-serving.key" \
    --kubelet-preferred-address-types=InternalIP \
    --kubelet-certificate-authority="$pki/ca.crt" \
    --kubelet-client-certificate="$pki/metrics-server.crt" --kubelet-client-key="$pki/metrics-server.key" \
    --metric-resolution=10s --kubelet-request-timeout=5s \
    --v=1
  wait_for "the metrics API (metrics-server) to be available" 90 metrics-server metrics_api_available
}

# Stops the node's processes and containers and puts the host back as host_record found it.
node_teardown() {
  local name
  for name in metrics-server coredns kube-proxy kubelet kube-scheduler kube-controller-manager; do
    stop_process "$name"
  done
  if live_pid containerd >/dev/null; then
    local id
    for id in $(ctr_k8s tasks ls -q 2>/dev/null); do
      ctr_k8s tasks kill --signal SIGKILL "$id" >/dev/null 2>&1 || true
    done
    sleep 0.5
    for id in $(ctr_k8s tasks ls -q 2>/dev/null); do
      ctr_k8s tasks delete --force "$id" >/dev/null 2>&1 || true
    done
    for id in $(ctr_k8s containers ls -q 2>/dev/null); do
      ctr_k8s containers delete "$id" >/dev/null 2>&1 || true
    done
  fi
  stop_process containerd
  # shims whose containerd is gone hold the pods' mounts; they belong to this state dir only
  pkill -KILL -f "containerd-shim-runc-v2 .*-address $STATE/containerd/containerd.sock" 2>/dev/null || true
  local mount
  for mount in $(awk -v s="$STATE/" 'index($2, s) == 1 {print $2}' /proc/self/mounts | sort -r); do
    umount -l "$mount" 2>/dev/null || true
  done
  if [[ -d "$STATE/host-before" ]]; then
    host_restore
  fi
}
