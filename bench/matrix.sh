#!/usr/bin/env bash
# Runs the model server in several configurations against the same load, round by round, so that
# the configurations are compared side by side under the same machine conditions. For each
# configuration and concurrency level it reports requests/s, p50 and p99, and the server's CPU
# time per request (user + system time of the server process divided by the inference requests
# it answered, read from /proc and /metrics), which is far less sensitive than throughput to other
# processes competing for the CPU.
#
# Settings (environment variables):
#   CONFIGS   one configuration per line: "NAME ARGS..." where ARGS are extra `aviary serve`
#             options, except jar=PATH (run another aviary jar, for an A/B of two builds),
#             jvm=OPTION (one more JVM option for this configuration, e.g.
#             jvm=-XX:TieredStopAtLevel=1),
#             via=grpc|rest (load the gRPC or the REST port) and streams=N (gRPC calls per
#             connection); default: the session-option matrix below
#   CONCURRENCY="1 64"  ROUNDS=2  WARMUP=5s  DURATION=8s
#   PRIME=4s  PRIME_ROUNDS=12  PRIME_CONCURRENCY=<the highest of CONCURRENCY>: untimed load after
#             start, PRIME long, repeated until the server's JIT compilers are quiet (at most
#             PRIME_ROUNDS times)
#   MODEL=examples/fraud/models/v1/model.onnx (the model served)
#   PORT=47700  GRPC=0 (1: gRPC ModelInfer)  LOAD_ARGS= (extra load generator options)
#   AVIARY_JVM="-XX:+UseSerialGC -Xmx192m -Xss512k"  OUT=bench/target/matrix-<UTC time>
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=bench/jit-quiet.sh
. bench/jit-quiet.sh

DEFAULT_CONFIGS="default
intra2 --intra-op-threads 2
inter2 --inter-op-threads 2
threads1 --inference-threads 1
threads4 --inference-threads 4
opt-basic --graph-optimization basic
opt-none --graph-optimization none
inline --inline-below 250us
batch32 --max-batch-size 32 --max-batch-delay 0"
CONFIGS="${CONFIGS:-$DEFAULT_CONFIGS}"
CONCURRENCY="${CONCURRENCY:-1 64}"
PRIME_ROUNDS="${PRIME_ROUNDS:-12}"
PRIME_CONCURRENCY="${PRIME_CONCURRENCY:-$(tr ' ' '\n' <<<"$CONCURRENCY" | sort -n | tail -1)}"
ROUNDS="${ROUNDS:-2}"
PRIME="${PRIME:-4s}"
WARMUP="${WARMUP:-5s}"
DURATION="${DURATION:-8s}"
PORT="${PORT:-47700}"
GRPC="${GRPC:-0}"
LOAD_ARGS="${LOAD_ARGS:-}"
AVIARY_JVM="${AVIARY_JVM:--XX:+UseSerialGC -Xmx192m -Xss512k}"
OUT="${OUT:-bench/target/matrix-$(date -u +%Y%m%dT%H%M%SZ)}"
MODEL="${MODEL:-examples/fraud/models/v1/model.onnx}"
BODY="examples/fraud/request.json"

mkdir -p "$OUT"
./aviary --version >/dev/null
bench/run-load.sh --version >/dev/null
default_jar="$root/cli/target/aviary-all.jar"
tick=$(getconf CLK_TCK)

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

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
answered() { # inference requests answered so far (all outcomes)
  curl -s "http://127.0.0.1:$PORT/metrics" |
    awk '/^aviary_inference_requests_total/ {s += $NF} END {printf "%d", s}'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/machine.txt"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown); JVM: $AVIARY_JVM" |
  tee -a "$OUT/machine.txt"
echo "rounds $ROUNDS, warm-up $WARMUP, measured $DURATION, concurrency $CONCURRENCY, gRPC $GRPC" |
  tee -a "$OUT/machine.txt"
: >"$OUT/results.tsv"
for round in $(seq 1 "$ROUNDS"); do
  while read -r name args; do
    [ -z "$name" ] && continue
    jar="$default_jar"; via="$([ "$GRPC" = 1 ] && echo grpc || echo rest)"; load_args="$LOAD_ARGS"
    jvm="$AVIARY_JVM"
    serve_args=()
    for a in $args; do
      case "$a" in
        jar=*) jar="${a#jar=}" ;;
        jvm=*) jvm="$jvm ${a#jvm=}" ;;
        via=*) via="${a#via=}" ;;
        streams=*) load_args="$load_args --grpc-streams-per-connection ${a#streams=}" ;;
        *) serve_args+=("$a") ;;
      esac
    done
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      echo "matrix: something already listens on port $PORT; choose another PORT" >&2
      exit 1
    fi
    # shellcheck disable=SC2086
    java $jvm -jar "$jar" serve --model "$MODEL" --name fraud --version 2 \
      --host 127.0.0.1 --port "$PORT" --grpc-port $((PORT + 1)) "${serve_args[@]}" \
      >"$OUT/$name-r$round.log" 2>&1 </dev/null &
    pid=$!
    deadline=$((SECONDS + 120))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz" || true)" = 200 ]; do
      if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
        echo "matrix: $name did not become ready; log: $OUT/$name-r$round.log" >&2
        exit 1
      fi
      sleep 0.05
    done
    target=(--url "http://127.0.0.1:$PORT/v2/models/fraud/infer")
    [ "$via" = grpc ] && target=(--url "http://127.0.0.1:$((PORT + 1))/" --grpc-model fraud)
    # Untimed priming load on the same path, until JIT compilation is over: the measured levels
    # must not pay for it.
    # shellcheck disable=SC2086
    prime_until_jit_quiet "$pid" "$PRIME_ROUNDS" bench/run-load.sh "${target[@]}" $load_args \
      --body "$BODY" --concurrency "$PRIME_CONCURRENCY" --warmup 0s --duration "$PRIME" \
      >>"$OUT/$name-r$round.prime"
    for c in $CONCURRENCY; do
      t0=$(cpu_ticks); n0=$(answered)
      # shellcheck disable=SC2086
      bench/run-load.sh "${target[@]}" $load_args --body "$BODY" --concurrency "$c" --warmup "$WARMUP" \
        --duration "$DURATION" --json "$OUT/$name-r$round-c$c.json" >/dev/null
      t1=$(cpu_ticks); n1=$(answered)
      python3 - "$OUT/$name-r$round-c$c.json" "$name" "$round" "$c" "$t0" "$t1" "$n0" "$n1" \
        "$tick" <<'PY' | tee -a "$OUT/results.tsv"
import json, sys
f, name, rnd, c, t0, t1, n0, n1, tick = sys.argv[1:]
r = json.load(open(f)); l = r["latency"]
err = sum(r["errors"].values()) if r["errors"] else 0
cpu_us = (int(t1) - int(t0)) / int(tick) * 1e6 / max(1, int(n1) - int(n0))
print(f"{name}\tr{rnd}\tc={c}\t{r['requestsPerSecond']:.0f}/s\tp50 {l['p50Ms']:.3f}"
      f"\tp99 {l['p99Ms']:.3f}\tcpu {cpu_us:.0f} us/req\terrors {err}")
PY
    done
    stop
  done <<<"$CONFIGS"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
