#!/usr/bin/env bash
# Runs the closed-loop load generator, building it first when needed.
#
#   bench/run-load.sh --url http://127.0.0.1:9000/v2/models/fraud/infer \
#       --body examples/fraud/request.json --concurrency 32 --duration 20s --warmup 5s \
#       [--timeout 10s] [--json FILE] [-H NAME:VALUE]...
#
# Every option is passed to dev.aviary.bench.LoadGenerator; run with --help for the list.
# BENCH_JAVA_OPTS is added to the java command line (e.g. -Xmx512m).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/aviary-bench.jar"

needs_build() {
  [ -f "$jar" ] || return 0
  [ -n "$(find "$root/bench" "$root/pom.xml" -path "$root/bench/target" -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" -type f -print -quit)" ]
}

if needs_build; then
  command -v mvn >/dev/null || { echo "run-load: Maven (mvn) is needed to build the load generator." >&2; exit 1; }
  echo "run-load: building the load generator..." >&2
  log="$(mktemp)"
  if ! (cd "$root" && mvn -B -q -DskipTests -Dmaven.test.skip=true package -pl bench >"$log" 2>&1); then
    echo "run-load: build failed; Maven's output follows." >&2
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
fi

# shellcheck disable=SC2086
# The parallel collector by default: with G1 the open loop fell up to a second behind its schedule
# on 2 cores (10 ms with this).
exec java ${BENCH_JAVA_OPTS:--XX:+UseParallelGC} -cp "$jar" dev.aviary.bench.LoadGenerator "$@"
