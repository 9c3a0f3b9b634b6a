#!/usr/bin/env bash
# Sourced by the benchmark scripts: primes a JVM server with load until its JIT compilers have
# gone quiet, so that measured levels do not pay for compilation. A server that has just started
# keeps compiling for tens of seconds under a new kind of load (C2 compiles of the request path
# take up to ~0.8 s of CPU each, and there are hundreds), and on a 2-core machine that shared CPU
# shows up as lost throughput in whatever level happens to run then.

# CPU ticks (1/CLK_TCK s) the JIT compiler threads of process $1 have used so far.
jit_ticks() {
  local pid="$1" sum=0 t name ticks
  for t in /proc/"$pid"/task/*; do
    name="$(cat "$t/comm" 2>/dev/null)" || continue
    case "$name" in
      C1\ CompilerThre* | C2\ CompilerThre*)
        # utime and stime are fields 14 and 15; the thread name in parentheses may hold spaces.
        ticks="$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12 + $13}')" || continue
        sum=$((sum + ${ticks:-0}))
        ;;
    esac
  done
  echo "$sum"
}

# prime_until_jit_quiet PID MAX_ROUNDS COMMAND...
# Runs COMMAND (a load of a few seconds) until the compilers of PID used at most 2 % of one CPU
# during one run, or MAX_ROUNDS runs. Prints the rounds run and the compiler time of the last.
prime_until_jit_quiet() {
  local pid="$1" max="$2" round=0 before after start elapsed used tick
  shift 2
  tick="$(getconf CLK_TCK)"
  while [ "$round" -lt "$max" ]; do
    round=$((round + 1))
    before="$(jit_ticks "$pid")"; start="$(date +%s%N)"
    "$@" >/dev/null
    after="$(jit_ticks "$pid")"; elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    used=$(( (after - before) * 1000 / tick ))
    if [ $((used * 50)) -le "$elapsed" ]; then
      echo "primed: $round run(s), compilers quiet (${used} ms in the last ${elapsed} ms)"
      return 0
    fi
  done
  echo "primed: $round run(s), compilers still busy (${used} ms in the last ${elapsed} ms)"
}
