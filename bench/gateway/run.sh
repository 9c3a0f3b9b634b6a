#!/usr/bin/env bash
# Gateway benchmark: the same wrk load sent directly to a backend, through nginx and through the
# Aviary gateway, both configured for the same 90/10 split over the same keep-alive backends.
# Everything runs on 127.0.0.1. Prints a markdown table of throughput and latency.
#
# Usage: bench/gateway/run.sh [duration-seconds] [connections]
# Environment: ROUNDS (default 2), WARMUP seconds per JVM (default 30), TARGETS (default
# "nginx passthrough netty gateway").
# Needs: java 17, maven (to build the jar), nginx and wrk (Debian: apt-get install nginx wrk).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration="${1:-15}"
connections="${2:-64}"
threads=2
work="$(mktemp -d)"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/backends.pid" ] && kill "$(cat "$work/backends.pid")" 2>/dev/null || true
  [ -f "$work/proxy.pid" ] && kill "$(cat "$work/proxy.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for tool in nginx wrk java; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install nginx wrk)" >&2; exit 1; }
done

# Backends: three small nginx servers answering a fixed OIP v2 response (v1 on two ports, v2 on one).
b1=19101; b2=19102; b3=19103
nginx_proxy=19180; gateway=19280; gateway_admin=19281; passthrough=19380; netty=19480
# Proxies to compare besides a backend reached directly (always measured first in a round).
targets="${TARGETS:-nginx passthrough netty gateway}"
mkdir -p "$work/logs"
cat >"$work/backends.conf" <<CONF
worker_processes 1;
pid $work/backends.pid;
error_log $work/logs/backends-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/tmp-body; proxy_temp_path $work/tmp-proxy;
  fastcgi_temp_path $work/tmp-fcgi; uwsgi_temp_path $work/tmp-uwsgi; scgi_temp_path $work/tmp-scgi;
  server { listen 127.0.0.1:$b1; location / { default_type application/json;
    return 200 '{"model_name":"iris","model_version":"v1","outputs":[{"name":"probabilities","datatype":"FP32","shape":[1,3],"data":[0.97,0.02,0.01]}]}'; } }
  server { listen 127.0.0.1:$b3; location / { default_type application/json;
    return 200 '{"model_name":"iris","model_version":"v1","outputs":[{"name":"probabilities","datatype":"FP32","shape":[1,3],"data":[0.97,0.02,0.01]}]}'; } }
  server { listen 127.0.0.1:$b2; location / { default_type application/json;
    return 200 '{"model_name":"iris","model_version":"v2","outputs":[{"name":"probabilities","datatype":"FP32","shape":[1,3],"data":[0.95,0.04,0.01]}]}'; } }
}
CONF

# nginx as the proxy: one upstream whose server weights make the same exact 90/10 split
# (nginx's smooth weighted round-robin), keep-alive upstream connections, two workers.
cat >"$work/proxy.conf" <<CONF
worker_processes 2;
pid $work/proxy.pid;
error_log $work/logs/proxy-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/tmp-body; proxy_temp_path $work/tmp-proxy;
  fastcgi_temp_path $work/tmp-fcgi; uwsgi_temp_path $work/tmp-uwsgi; scgi_temp_path $work/tmp-scgi;
  upstream split {
    server 127.0.0.1:$b1 weight=45;
    server 127.0.0.1:$b3 weight=45;
    server 127.0.0.1:$b2 weight=10;
    keepalive 256;
  }
  server {
    listen 127.0.0.1:$nginx_proxy;
    location / {
      proxy_pass http://split;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
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

echo "bench: building the jar if needed" >&2
"$root/aviary" --version >/dev/null
jar="$root/cli/target/aviary-all.jar"
[ -f "$jar" ] || { echo "bench: $jar missing; run ./aviary --help once" >&2; exit 1; }

nginx -c "$work/backends.conf" -p "$work" 2>/dev/null
nginx -c "$work/proxy.conf" -p "$work" 2>/dev/null
# Throughput settings for the JVM (GC, no debug checks in Vert.x/Netty); override with GATEWAY_JAVA_OPTS.
# A large young generation: the Vert.x pass-through allocates ~10 KB per request (the gateway
# ~0.5 KB), and each young collection pauses for ~1-1.5 ms whatever its size, so fewer of them keep
# the p99 down.
java_opts="${GATEWAY_JAVA_OPTS:--Xms1g -Xmx1g -Xmn768m -XX:+UseParallelGC -Dvertx.disableContextTimings=true \
  -Dvertx.threadChecks=false -Dio.netty.buffer.checkBounds=false -Dio.netty.buffer.checkAccessible=false}"
rotation=("127.0.0.1:$b1*9" "127.0.0.1:$b3*9" "127.0.0.1:$b2*2")
declare -A port_of=([direct]=$b1 [nginx]=$nginx_proxy) pid_of=()
start_java() { # name port java-args...
  local name=$1 port=$2; shift 2
  # shellcheck disable=SC2086
  java $java_opts "$@" >"$work/logs/$name.log" 2>&1 &
  pids+=($!)
  pid_of[$name]=$!
  port_of[$name]=$port
}
for target in $targets; do
  case "$target" in
    gateway) start_java gateway $gateway ${GATEWAY_EXTRA_OPTS:-} -jar "$jar" gateway \
      --config "$work/routes.yaml" --port $gateway --admin-port $gateway_admin --event-loops 2 --no-watch ;;
    # A minimal Vert.x pass-through proxy (benchmark tool only, no gateway logic): what a proxy on
    # Vert.x's HTTP server and client costs (the gateway's data path before it read HTTP itself).
    passthrough) start_java passthrough $passthrough -cp "$jar" "$here/PassThroughProxy.java" \
      $passthrough 2 "${rotation[@]}" ;;
    # The same on bare Netty (no Vert.x): what Vert.x adds on top of Netty's HTTP codec.
    netty) start_java netty $netty -cp "$jar" "$here/NettyPassThrough.java" $netty 2 "${rotation[@]}" ;;
    nginx) ;;
    *) echo "bench: unknown target $target" >&2; exit 2 ;;
  esac
done

for name in direct "${!port_of[@]}"; do
  for _ in $(seq 100); do
    curl -s -o /dev/null -X POST "http://127.0.0.1:${port_of[$name]}/v2/models/iris/infer" && break
    sleep 0.2
  done
done

url_path="/v2/models/iris/infer"
tick_us=$((1000000 / $(getconf CLK_TCK)))

cpu_ticks() { # pid... -> utime+stime summed
  local t=0 p
  for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo "$t"
}
user_ticks() { # pid... -> utime summed (the rest of cpu_ticks is time in the kernel)
  local t=0 p
  for p in "$@"; do t=$((t + $(awk '{print $14}' "/proc/$p/stat"))); done
  echo "$t"
}
proxy_pids() { # the processes doing the proxying for a target
  case "$1" in
    direct) echo "" ;;
    nginx) pgrep -P "$(cat "$work/proxy.pid")" | tr '\n' ' ' ;;
    *) echo "${pid_of[$1]}" ;;
  esac
}
run_wrk() { # name port seconds
  wrk -t"$threads" -c"$connections" -d"$3s" --latency -s "$here/post.lua" \
    "http://127.0.0.1:$2$url_path" >"$work/$1.txt"
}
# wrk prints latencies as e.g. 812.00us, 1.20ms, 1.01s: convert to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else printf "%s", v }'
}

warmup="${WARMUP:-30}"
echo "bench: warming up (JIT: each JVM gets ${warmup} s of load first)" >&2
for name in $targets; do
  [ "$name" = nginx ] && continue
  run_wrk "warm-$name" "${port_of[$name]}" "$warmup"
done
run_wrk warm-nginx $nginx_proxy 5

rounds="${ROUNDS:-2}"
echo
echo "wrk -t$threads -c$connections -d${duration}s, POST $url_path, $(nproc) cores," \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| round | target | requests/s | p50 ms | p99 ms | added p50 ms | added p99 ms | proxy CPU µs/request | of which user |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for round in $(seq "$rounds"); do
  declare -A p50=() p99=() rps=() cpu=() usr=()
  for name in direct $targets; do
    port="${port_of[$name]}"
    echo "bench: round $round: $name for ${duration}s, $connections connections" >&2
    procs="$(proxy_pids "$name")"
    before=0; ubefore=0; [ -n "$procs" ] && before=$(cpu_ticks $procs) && ubefore=$(user_ticks $procs)
    run_wrk "$name" "$port" "$duration"
    after=0; uafter=0; [ -n "$procs" ] && after=$(cpu_ticks $procs) && uafter=$(user_ticks $procs)
    f="$work/$name.txt"
    rps[$name]=$(awk '/Requests\/sec/ {print $2}' "$f")
    p50[$name]=$(to_ms "$(awk '$1 == "50%" {print $2}' "$f")")
    p99[$name]=$(to_ms "$(awk '$1 == "99%" {print $2}' "$f")")
    total=$(awk '/requests in/ {print $1}' "$f")
    cpu[$name]=$(awk -v t=$((after - before)) -v us="$tick_us" -v n="$total" \
      'BEGIN {printf "%.1f", t * us / n}')
    usr[$name]=$(awk -v t=$((uafter - ubefore)) -v us="$tick_us" -v n="$total" \
      'BEGIN {printf "%.1f", t * us / n}')
    [ -z "$procs" ] && cpu[$name]="-" && usr[$name]="-"
    errors=$(awk '/Non-2xx|Socket errors/ {print}' "$f")
    [ -n "$errors" ] && echo "bench: $name: $errors" >&2
  done
  for name in direct $targets; do
    add50=$(awk -v a="${p50[$name]}" -v b="${p50[direct]}" 'BEGIN {printf "%.3f", a - b}')
    add99=$(awk -v a="${p99[$name]}" -v b="${p99[direct]}" 'BEGIN {printf "%.3f", a - b}')
    [ "$name" = direct ] && { add50="-"; add99="-"; }
    echo "| $round | $name | ${rps[$name]} | ${p50[$name]} | ${p99[$name]} | $add50 | $add99 | ${cpu[$name]} | ${usr[$name]} |"
    echo "$name ${rps[$name]} ${cpu[$name]}" >>"$work/summary.txt"
  done
done
# Per target over all rounds: median and best requests/s, median and lowest CPU per request (the
# lowest is the round least disturbed by other processes on a shared machine).
echo
echo "| target | median requests/s | best requests/s | median CPU µs/request | lowest CPU µs/request |"
echo "|---|---:|---:|---:|---:|"
for name in direct $targets; do
  awk -v n="$name" '$1 == n {r[++k] = $2; c[k] = $3}
    function med(a, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++)
        if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
    END { mr = med(r, k); br = r[k]; if (c[1] == "-") { mc = "-"; lc = "-" } else { mc = med(c, k); lc = c[1] }
      printf "| %s | %.0f | %.0f | %s | %s |\n", n, mr, br, mc, lc }' "$work/summary.txt"
done
if [[ " $targets " == *" gateway "* ]]; then
  echo
  echo "split check (gateway admin /stats, last 300 s):"
  curl -s "http://127.0.0.1:$gateway_admin/stats?window=300s" \
    | awk '/"revision"|"requests"/ {gsub(/[ ,"]/, ""); printf "%s ", $0} END {print ""}'
fi
