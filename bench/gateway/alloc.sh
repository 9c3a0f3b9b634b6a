#!/usr/bin/env bash
# Bytes allocated per proxied request by the event-loop threads of the gateway (or of the
# pass-through proxy), read from a JFR recording (jdk.ThreadAllocationStatistics) around a wrk run.
# Unlike wall-clock throughput or CPU time, this barely depends on what else the machine is doing.
#
# Usage: bench/gateway/alloc.sh [gateway|passthrough] [seconds]
# Needs: java 17 (with jcmd and jfr), python3, nginx and wrk.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${1:-gateway}"
duration="${2:-10}"
work="$(mktemp -d)"
proxy_pid=""

cleanup() {
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null || true
  [ -f "$work/backends.pid" ] && kill "$(cat "$work/backends.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

b1=19401; b2=19402; b3=19403; port=19480
answer() { echo "{\"model_name\":\"iris\",\"model_version\":\"$1\",\"outputs\":[{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[1,3],\"data\":[$2]}]}"; }
cat >"$work/backends.conf" <<CONF
worker_processes 1;
pid $work/backends.pid;
error_log $work/backends-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/tmp-body; proxy_temp_path $work/tmp-proxy;
  fastcgi_temp_path $work/tmp-fcgi; uwsgi_temp_path $work/tmp-uwsgi; scgi_temp_path $work/tmp-scgi;
  server { listen 127.0.0.1:$b1; location / { default_type application/json; return 200 '$(answer v1 0.97,0.02,0.01)'; } }
  server { listen 127.0.0.1:$b3; location / { default_type application/json; return 200 '$(answer v1 0.97,0.02,0.01)'; } }
  server { listen 127.0.0.1:$b2; location / { default_type application/json; return 200 '$(answer v2 0.95,0.04,0.01)'; } }
}
CONF
cat >"$work/routes.yaml" <<CONF
routes:
  - name: iris
    match: {pathPrefix: /}
    revisions:
      - {name: v1, weight: 90, endpoints: ["127.0.0.1:$b1", "127.0.0.1:$b3"]}
      - {name: v2, weight: 10, endpoints: ["127.0.0.1:$b2"]}
CONF

"$root/aviary" --version >/dev/null
jar="$root/cli/target/aviary-all.jar"
nginx -c "$work/backends.conf" -p "$work" 2>/dev/null
java_opts="${GATEWAY_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC -Dvertx.disableContextTimings=true \
  -Dvertx.threadChecks=false -Dio.netty.buffer.checkBounds=false -Dio.netty.buffer.checkAccessible=false}"
case "$target" in
  gateway)
    # shellcheck disable=SC2086
    java $java_opts -jar "$jar" gateway --config "$work/routes.yaml" --port "$port" \
      --admin-port -1 --event-loops 2 --no-watch >"$work/proxy.log" 2>&1 &
    ;;
  passthrough)
    # shellcheck disable=SC2086
    java $java_opts -cp "$jar" "$here/PassThroughProxy.java" "$port" 2 \
      "127.0.0.1:$b1*9" "127.0.0.1:$b3*9" "127.0.0.1:$b2*2" >"$work/proxy.log" 2>&1 &
    ;;
  *) echo "alloc: target must be gateway or passthrough" >&2; exit 2 ;;
esac
proxy_pid=$!
for _ in $(seq 150); do
  curl -s -o /dev/null -X POST "http://127.0.0.1:$port/v2/models/iris/infer" && break
  sleep 0.2
done

url="http://127.0.0.1:$port/v2/models/iris/infer"
wrk -t2 -c64 -d20s -s "$here/post.lua" "$url" >/dev/null # warm-up (JIT)
jcmd "$proxy_pid" JFR.start name=alloc filename="$work/alloc.jfr" >/dev/null
wrk -t2 -c64 -d"${duration}s" -s "$here/post.lua" "$url" >"$work/wrk.txt"
jcmd "$proxy_pid" JFR.stop name=alloc >/dev/null
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
jfr print --json --events jdk.ThreadAllocationStatistics "$work/alloc.jfr" >"$work/alloc.json"
python3 - "$work/alloc.json" "$requests" "$target" <<'PY'
import json, sys
events = json.load(open(sys.argv[1]))["recording"]["events"]
first, last = {}, {}
for e in events:
    v = e["values"]
    name = (v.get("thread") or {}).get("javaName") or ""
    if "eventloop" in name:
        first.setdefault(name, v["allocated"])
        last[name] = v["allocated"]
total = sum(last[t] - first[t] for t in first)
requests = int(sys.argv[2])
print(f"{sys.argv[3]}: {requests} requests, {total / requests:.0f} bytes allocated per request "
      f"by {len(first)} event-loop threads")
PY
