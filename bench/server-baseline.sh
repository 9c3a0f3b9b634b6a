#!/usr/bin/env bash
# Baseline benchmark of the model server with the fraud example model.
#
# Starts `./aviary serve` with examples/fraud/models/v2/model.onnx, waits until /readyz answers
# 200, checks one infer request, then runs the closed-loop load generator at each concurrency
# level against POST /v2/models/fraud/infer with examples/fraud/request.json, and stops the
# server. Reports go to the terminal and, as text and JSON, to $OUT.
#
# Settings (environment variables):
#   PORT=9000                 server port
#   MODEL=examples/fraud/models/v2/model.onnx
#   CONCURRENCY="1 16 64"     concurrency levels, one run each
#   WARMUP=5s DURATION=20s    per run
#   OUT=bench/target/baseline-<UTC time>   where reports are written
#   READY_TIMEOUT=180         seconds to wait for /readyz (includes the first build)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

PORT="${PORT:-9000}"
MODEL="${MODEL:-examples/fraud/models/v2/model.onnx}"
CONCURRENCY="${CONCURRENCY:-1 16 64}"
WARMUP="${WARMUP:-5s}"
DURATION="${DURATION:-20s}"
READY_TIMEOUT="${READY_TIMEOUT:-180}"
OUT="${OUT:-bench/target/baseline-$(date -u +%Y%m%dT%H%M%SZ)}"
BODY="examples/fraud/request.json"
BASE="http://127.0.0.1:$PORT"
URL="$BASE/v2/models/fraud/infer"

command -v curl >/dev/null || { echo "server-baseline: curl is needed." >&2; exit 1; }
mkdir -p "$OUT"

if curl -s -o /dev/null "$BASE/healthz"; then
  echo "server-baseline: something already listens on port $PORT; set PORT to a free port." >&2
  exit 1
fi

echo "== building (if needed)"
./aviary --version >/dev/null
bench/run-load.sh --version >/dev/null

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    echo "== stopping the server (pid $server_pid)"
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "server-baseline: the server did not exit 30 s after SIGTERM; killing it." >&2
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT

echo "== starting: ./aviary serve --model $MODEL --name fraud --version 2 --port $PORT"
AVIARY_SKIP_BUILD=1 ./aviary serve --model "$MODEL" --name fraud --version 2 --port "$PORT" \
  >"$OUT/server.log" 2>&1 &
server_pid=$!

deadline=$((SECONDS + READY_TIMEOUT))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz" || true)" = "200" ]; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "server-baseline: the server exited before it was ready; its log follows." >&2
    cat "$OUT/server.log" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "server-baseline: /readyz was not 200 after $READY_TIMEOUT s; server log: $OUT/server.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "== ready"

status="$(curl -s -o "$OUT/sample-response.json" -w '%{http_code}' \
  -H 'Content-Type: application/json' --data-binary "@$BODY" "$URL")"
if [ "$status" != "200" ]; then
  echo "server-baseline: a single infer request got HTTP $status:" >&2
  cat "$OUT/sample-response.json" >&2
  exit 1
fi

{
  echo "date (UTC):   $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:       $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu:          $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //' || uname -m)"
  echo "cores:        $(nproc 2>/dev/null || echo unknown)"
  echo "memory:       $(grep -m1 MemTotal /proc/meminfo 2>/dev/null | awk '{printf "%.1f GiB", $2/1048576}')"
  echo "os:           $(uname -sr)"
  echo "java:         $(java -version 2>&1 | head -1)"
  echo "model:        $MODEL"
  echo "request:      $BODY ($(wc -c <"$BODY") bytes)"
  echo "url:          POST $URL"
  echo "load:         closed loop, warm-up $WARMUP, measured $DURATION, concurrency $CONCURRENCY"
  echo "note:         load generator and server share this machine"
} | tee "$OUT/machine.txt"

for c in $CONCURRENCY; do
  echo
  echo "== concurrency $c"
  bench/run-load.sh --url "$URL" --body "$BODY" --concurrency "$c" \
    --warmup "$WARMUP" --duration "$DURATION" --json "$OUT/c$c.json" | tee "$OUT/c$c.txt"
done

echo
echo "== summary"
printf '%-12s %s\n' "concurrency" "result"
for c in $CONCURRENCY; do
  printf '%-12s %s\n' "$c" "$(grep '^requests' "$OUT/c$c.txt" | sed 's/^requests *//')"
  printf '%-12s %s\n' "" "$(grep '^latency' "$OUT/c$c.txt" | sed 's/^latency *//')"
done
echo "reports: $OUT"
