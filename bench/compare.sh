#!/usr/bin/env bash
# Side-by-side benchmark, one server at a time on the same machine, same request, same load
# generator and concurrency levels:
#   ceiling      a Vert.x HTTP server answering a constant body of the model server's size
#   python       FastAPI + uvicorn + scikit-learn (bench/python/fraud_server.py)
#   aviary       aviary serve, batching off
#   aviary-batch aviary serve --max-batch-size $BATCH_SIZE --max-batch-delay $BATCH_DELAY
#   aviary-grpc  aviary serve --grpc-port, batching off, called with OIP gRPC ModelInfer (raw contents)
# The JVM servers are first primed with untimed load until their JIT compilers are quiet
# (bench/jit-quiet.sh), so that no measured level pays for compilation.
# For Aviary it also records the time from launch to /readyz 200 and the peak resident memory.
# Then, per target, it takes the best throughput of the levels as the maximum and runs the
# open-loop load generator at half of it (--rate), reporting the latency there (HALF=0 skips it).
#
# Settings (environment variables):
#   CONCURRENCY="1 16 64 256"  WARMUP=5s  DURATION=15s  PORT=9400 (uses PORT..PORT+3)
#   TARGETS="ceiling python aviary aviary-batch aviary-grpc"  BATCH_SIZE=256  BATCH_DELAY=0
#     (BATCH_SIZE counts rows, like the server's --max-batch-size: the request has 8, so 256
#     rows let up to 32 requests share a model call)
#   MODEL=examples/fraud/models/v1/model.onnx  the model Aviary serves. v1 is a logistic
#     regression on the 10 standardised raw features, the same recipe the Python server trains
#     at start; v2 (18 engineered features more, some 60 graph nodes) costs the runtime about
#     twice as much per call
#   AVIARY_VERSION=1  the version label Aviary serves it under
#   PYTHON=/usr/bin/python3 (the interpreter that has the Debian packages)
#   AVIARY_JVM="-XX:+UseSerialGC -Xmx192m -Xss512k"   JVM flags of the model server
#   PRIME=4s  PRIME_ROUNDS=12  PRIME_CONCURRENCY=64  (priming of the JVM servers)
#   HALF=1  HALF_CONNECTIONS=256 (the most requests outstanding in the half-of-maximum run)
#   OUT=bench/target/compare-<UTC time>
# Needs: curl, python3 with fastapi, uvicorn, scikit-learn, numpy (Debian: python3-fastapi
# python3-uvicorn python3-sklearn) for the python target.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=bench/jit-quiet.sh
. bench/jit-quiet.sh

CONCURRENCY="${CONCURRENCY:-1 16 64 256}"
WARMUP="${WARMUP:-5s}"
DURATION="${DURATION:-15s}"
PORT="${PORT:-9400}"
TARGETS="${TARGETS:-ceiling python aviary aviary-batch aviary-grpc}"
PYTHON="${PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3)}"
BATCH_SIZE="${BATCH_SIZE:-256}"
BATCH_DELAY="${BATCH_DELAY:-0}"
AVIARY_JVM="${AVIARY_JVM:--XX:+UseSerialGC -Xmx192m -Xss512k}"
HALF="${HALF:-1}"
PRIME="${PRIME:-4s}"
PRIME_ROUNDS="${PRIME_ROUNDS:-12}"
PRIME_CONCURRENCY="${PRIME_CONCURRENCY:-64}"
HALF_CONNECTIONS="${HALF_CONNECTIONS:-256}"
OUT="${OUT:-bench/target/compare-$(date -u +%Y%m%dT%H%M%SZ)}"
MODEL="${MODEL:-examples/fraud/models/v1/model.onnx}"
AVIARY_VERSION="${AVIARY_VERSION:-1}"
BODY="examples/fraud/request.json"
CSV="examples/fraud/data/sample.csv"
PATH_INFER="/v2/models/fraud/infer"

mkdir -p "$OUT"
echo "== building (if needed)"
./aviary --version >/dev/null
bench/run-load.sh --version >/dev/null
benchjar="$root/bench/target/aviary-bench.jar"

pid=""
stop() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  pid=""
}
trap stop EXIT

wait_ready() { # url log
  local deadline=$((SECONDS + 120))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = "200" ]; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "compare: the server did not become ready; log: $2" >&2
      cat "$2" >&2
      exit 1
    fi
    sleep 0.02
  done
}

best_rate() { # target levels... -> the best requests/s of the closed-loop levels
  local t="$1"; shift
  python3 - "$OUT" "$t" "$@" <<'PY'
import json, sys
out, t = sys.argv[1], sys.argv[2]
print(max(json.load(open(f"{out}/{t}-c{c}.json"))["requestsPerSecond"] for c in sys.argv[3:]))
PY
}

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo 0; }

start() { # name port
  local name="$1" port="$2" log="$OUT/$1.log" t0
  t0=$(date +%s.%N)
  case "$name" in
    ceiling)
      java -cp "$benchjar" dev.aviary.bench.CeilingServer "$port" "$OUT/response.json" >"$log" 2>&1 &
      pid=$!; wait_ready "http://127.0.0.1:$port/" "$log" ;;
    python)
      "$PYTHON" bench/python/fraud_server.py --csv "$CSV" --port "$port" >"$log" 2>&1 &
      pid=$!; wait_ready "http://127.0.0.1:$port/v2/health/ready" "$log" ;;
    aviary|aviary-batch|aviary-grpc)
      local extra=""
      [ "$name" = aviary-batch ] && extra="--max-batch-size $BATCH_SIZE --max-batch-delay $BATCH_DELAY"
      [ "$name" = aviary-grpc ] && extra="--grpc-port $((port + 100))"
      # Through the launcher, as users start it (with its start-up cache); it execs java.
      # shellcheck disable=SC2086
      AVIARY_JAVA_OPTS="$AVIARY_JVM" AVIARY_SKIP_BUILD=1 ./aviary serve --model "$MODEL" \
        --name fraud --version "$AVIARY_VERSION" --host 127.0.0.1 --port "$port" $extra >"$log" 2>&1 &
      pid=$!; wait_ready "http://127.0.0.1:$port/readyz" "$log" ;;
  esac
  python3 -c "print(round($(date +%s.%N) - $t0, 2))" >"$OUT/$name.ready-seconds"
  echo "== $name ready after $(cat "$OUT/$name.ready-seconds") s (pid $pid)"
}

# The ceiling answers with a real response of the model server, so the sizes match. This first
# start also prepares the launcher's start-up cache when the jar is new.
port=$PORT
pid=""
AVIARY_JAVA_OPTS="$AVIARY_JVM" AVIARY_SKIP_BUILD=1 ./aviary serve --model "$MODEL" --name fraud \
  --version "$AVIARY_VERSION" --host 127.0.0.1 --port "$port" >"$OUT/probe.log" 2>&1 &
pid=$!
wait_ready "http://127.0.0.1:$port/readyz" "$OUT/probe.log"
curl -s -H 'Content-Type: application/json' --data-binary "@$BODY" \
  "http://127.0.0.1:$port$PATH_INFER" >"$OUT/response.json"
stop

{
  echo "date (UTC):   $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:       $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu:          $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
  echo "memory:       $(grep -m1 MemTotal /proc/meminfo | awk '{printf "%.1f GiB", $2/1048576}')"
  echo "java:         $(java -version 2>&1 | head -1)"
  echo "python:       $("$PYTHON" --version 2>&1)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (before the run)"
  echo "aviary JVM:   $AVIARY_JVM; batching: --max-batch-size $BATCH_SIZE --max-batch-delay $BATCH_DELAY"
  echo "model:        $MODEL (served as fraud version $AVIARY_VERSION)"
  echo "priming:      JVM servers: $PRIME runs at $PRIME_CONCURRENCY connections until the JIT is quiet (at most $PRIME_ROUNDS)"
  echo "load:         closed loop, warm-up $WARMUP, measured $DURATION, concurrency $CONCURRENCY"
  if [ "$HALF" = 1 ]; then echo "half of max:  open loop at half the best closed-loop throughput, up to $HALF_CONNECTIONS outstanding"; fi
} | tee "$OUT/machine.txt"

i=0
for t in $TARGETS; do
  port=$((PORT + i)); i=$((i + 1))
  start "$t" "$port"
  peak=0
  target=(--url "http://127.0.0.1:$port$PATH_INFER")
  [ "$t" = aviary-grpc ] && target=(--url "http://127.0.0.1:$((port + 100))/" --grpc-model fraud)
  if [ "$t" != python ]; then
    echo "   $(prime_until_jit_quiet "$pid" "$PRIME_ROUNDS" bench/run-load.sh "${target[@]}" \
      --body "$BODY" --concurrency "$PRIME_CONCURRENCY" --warmup 0s --duration "$PRIME")"
  fi
  for c in $CONCURRENCY; do
    bench/run-load.sh "${target[@]}" --body "$BODY" --concurrency "$c" \
      --warmup "$WARMUP" --duration "$DURATION" --json "$OUT/$t-c$c.json" >"$OUT/$t-c$c.txt"
    r=$(rss_mb); [ "$r" -gt "$peak" ] && peak=$r
    echo "   $t c=$c: $(grep '^requests' "$OUT/$t-c$c.txt" | sed 's/^requests *//')"
    echo "   $(grep '^latency' "$OUT/$t-c$c.txt")"
  done
  if [ "$HALF" = 1 ]; then
    # shellcheck disable=SC2086
    best="$(best_rate "$t" $CONCURRENCY)"
    rate="$(python3 -c "print(round($best / 2, 1))")"
    if python3 -c "import sys; sys.exit(0 if $rate > 0 else 1)"; then
      bench/run-load.sh "${target[@]}" --body "$BODY" --rate "$rate" \
        --concurrency "$HALF_CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION" \
        --json "$OUT/$t-half.json" >"$OUT/$t-half.txt"
      r=$(rss_mb); [ "$r" -gt "$peak" ] && peak=$r
      echo "   $t at half of max ($rate/s of $best/s): $(grep '^requests' "$OUT/$t-half.txt" | sed 's/^requests *//')"
      echo "   $(grep '^latency' "$OUT/$t-half.txt")"
      echo "   $(grep '^from send' "$OUT/$t-half.txt")"
      grep '^schedule\|^warning' "$OUT/$t-half.txt" | sed 's/^/   /' || true
    fi
  fi
  echo "$peak" >"$OUT/$t.rss-mb"
  echo "== $t peak RSS ${peak} MB"
  stop
done

echo
echo "== summary (requests/s, p50 / p99 / p99.9 ms; half of max: the rate asked for, latency from the intended send time, s = p99 from the actual send, u = requests not sent)"
printf '%-14s' "target"; for c in $CONCURRENCY; do printf '%-32s' "c=$c"; done
[ "$HALF" = 1 ] && printf '%-32s' "half of max (open loop)"
printf '%s\n' "ready s / RSS MB"
for t in $TARGETS; do
  printf '%-14s' "$t"
  for c in $CONCURRENCY; do
    python3 - "$OUT/$t-c$c.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); l = r["latency"]
err = sum(r["errors"].values()) if r["errors"] else 0
print(f'{r["requestsPerSecond"]:>8.0f} {l["p50Ms"]:.2f}/{l["p99Ms"]:.2f}/{l["p999Ms"]:.1f}' + (f' e{err}' if err else ''), end='')
PY
    printf '%8s' ""
  done
  if [ "$HALF" = 1 ]; then
    if [ -f "$OUT/$t-half.json" ]; then
      python3 - "$OUT/$t-half.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); l = r["latency"]; o = r["openLoop"]
err = sum(r["errors"].values()) if r["errors"] else 0
print(f'{o["rate"]:>8.0f} {l["p50Ms"]:.2f}/{l["p99Ms"]:.2f}/{l["p999Ms"]:.1f}'
      + f' s{o["fromSend"]["p99Ms"]:.2f}'
      + (f' e{err}' if err else '') + (f' u{o["unsent"]}' if o["unsent"] else ''), end='')
PY
      printf '%8s' ""
    else
      printf '%-32s' "-"
    fi
  fi
  printf '%s / %s\n' "$(cat "$OUT/$t.ready-seconds")" "$(cat "$OUT/$t.rss-mb")"
done | tee "$OUT/summary.txt"
echo "reports: $OUT"
