#!/usr/bin/env bash
# Start-up time of the model server: from launching the process to GET /readyz answering 200
# (model loaded and warmed up), RUNS times per variant. The variants take turns within each round,
# so they see the same machine load.
#   launcher  ./aviary serve: the launcher's start-up cache (class-data sharing archive, ONNX
#             Runtime's native libraries out of the jar)
#   plain     java $AVIARY_JVM -jar cli/target/aviary-all.jar serve: no cache
#   ceiling   dev.aviary.bench.CeilingServer: a bare Vert.x HTTP server in a JVM, the floor
# Both serve variants run the fraud example model with $AVIARY_JVM. For each launch the script
# records the seconds to ready, the CPU seconds the process had used by then (user + system, from
# /proc; far steadier than wall time on a busy machine) and the load average; the summary gives
# the median, minimum and maximum per variant.
#
# Settings (environment variables):
#   RUNS=10  VARIANTS="launcher plain ceiling"  PORT=9800
#   AVIARY_JVM="-XX:+UseSerialGC -Xmx192m -Xss512k"   OUT=bench/target/startup-<UTC time>
# Linux only (/proc). Needs curl and python3.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

RUNS="${RUNS:-10}"
VARIANTS="${VARIANTS:-launcher plain ceiling}"
PORT="${PORT:-9800}"
AVIARY_JVM="${AVIARY_JVM:--XX:+UseSerialGC -Xmx192m -Xss512k}"
OUT="${OUT:-bench/target/startup-$(date -u +%Y%m%dT%H%M%SZ)}"
MODEL="examples/fraud/models/v2/model.onnx"
TICKS="$(getconf CLK_TCK)"

mkdir -p "$OUT"
echo "== building (if needed)"
./aviary --version >/dev/null
bench/run-load.sh --version >/dev/null
jar="$root/cli/target/aviary-all.jar"
benchjar="$root/bench/target/aviary-bench.jar"
echo '{"constant":true}' >"$OUT/ceiling-response.json"

pid=""
stop() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  [ -z "$pid" ] || wait "$pid" 2>/dev/null || true
  pid=""
}
trap stop EXIT

launch() { # variant port log
  local serve=(serve --model "$MODEL" --name fraud --version 2 --host 127.0.0.1 --port "$2"
    --drain-delay 0)
  case "$1" in
    launcher) AVIARY_JAVA_OPTS="$AVIARY_JVM" AVIARY_SKIP_BUILD=1 ./aviary "${serve[@]}" >"$3" 2>&1 & ;;
    # shellcheck disable=SC2086
    plain) java $AVIARY_JVM -jar "$jar" "${serve[@]}" >"$3" 2>&1 & ;;
    ceiling) java -cp "$benchjar" dev.aviary.bench.CeilingServer "$2" \
      "$OUT/ceiling-response.json" >"$3" 2>&1 & ;;
    *) echo "startup: unknown variant '$1' (launcher, plain, ceiling)" >&2; exit 2 ;;
  esac
  pid=$!
}

ready_url() { # variant port
  if [ "$1" = ceiling ]; then echo "http://127.0.0.1:$2/"; else echo "http://127.0.0.1:$2/readyz"; fi
}

# One launch: prints "seconds cpu-seconds load1".
measure() { # variant port log
  local url t0 t1 cpu
  url="$(ready_url "$1" "$2")"
  t0=$(date +%s%N)
  launch "$1" "$2" "$3"
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" = 200 ]; do
    if ! kill -0 "$pid" 2>/dev/null || [ $(($(date +%s%N) - t0)) -gt 180000000000 ]; then
      echo "startup: $1 did not become ready; log: $3" >&2
      cat "$3" >&2
      stop
      exit 1
    fi
    sleep 0.01
  done
  t1=$(date +%s%N)
  cpu=$(awk -v t="$TICKS" '{printf "%.2f", ($14 + $15) / t}' "/proc/$pid/stat")
  stop
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }') $cpu $(cut -d' ' -f1 /proc/loadavg)"
}

{
  echo "date (UTC):   $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:       $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu:          $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
  echo "java:         $(java -version 2>&1 | head -1)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (before the run)"
  echo "aviary JVM:   $AVIARY_JVM"
  echo "runs:         $RUNS per variant ($VARIANTS), after one untimed launch each"
} | tee "$OUT/machine.txt"

# One untimed launch per variant: fills the OS file cache and, for the launcher, its start-up
# cache (made once per build of the jar).
for v in $VARIANTS; do
  measure "$v" "$PORT" "$OUT/$v-first.log" >"$OUT/$v-first.txt"
  echo "== $v first launch (untimed): $(cut -d' ' -f1 "$OUT/$v-first.txt") s"
done

: >"$OUT/runs.tsv"
for r in $(seq 1 "$RUNS"); do
  for v in $VARIANTS; do
    m="$(measure "$v" "$PORT" "$OUT/$v-$r.log")"
    printf '%s\t%s\t%s\n' "$v" "$r" "$m" | tr ' ' '\t' >>"$OUT/runs.tsv"
    echo "   round $r $v: ready $(echo "$m" | cut -d' ' -f1) s, cpu $(echo "$m" | cut -d' ' -f2) s, load $(echo "$m" | cut -d' ' -f3)"
  done
done

echo
echo "== summary: launch to ready (s), CPU used by then (s), load average 1 min"
python3 - "$OUT/runs.tsv" "$VARIANTS" <<'PY' | tee "$OUT/summary.txt"
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines() if l]
print(f'{"variant":<10} {"runs":>4}  {"ready median":>12} {"min":>6} {"max":>6}  {"cpu median":>10}  {"load":>11}')
for v in sys.argv[2].split():
    r = [(float(a), float(b), float(c)) for name, _, a, b, c in rows if name == v]
    if not r:
        continue
    ready = [x[0] for x in r]; cpu = [x[1] for x in r]; load = [x[2] for x in r]
    print(f'{v:<10} {len(r):>4}  {statistics.median(ready):>12.2f} {min(ready):>6.2f} {max(ready):>6.2f}'
          f'  {statistics.median(cpu):>10.2f}  {min(load):>5.1f}-{max(load):<5.1f}')
PY
echo "reports: $OUT"
