#!/usr/bin/env bash
# Unloaded latency of distinct two-word searches (issue 6's median), for comparing two builds side by side.
# Starts the Release server from BUILD_DIR pinned to CPU 0 on an existing store, sends 48 distinct word pairs
# one at a time with curl pinned to CPU 1, four passes, each with a new pageSize so the output cache never
# answers, and prints the median and p90 of passes 2-4 (pass 1 warms up the JIT and the page cache).
# Usage: bench/search-latency.sh BUILD_DIR DATABASE [PORT=5201]
#   e.g. bench/search-latency.sh src/NewsApi/bin/Release/net10.0 /tmp/newsapi-bench/store-100000-seed42/bench.db
# The store comes from bench/run.sh (BENCH_COUNT=100000); build the other side with BENCH_GIT_REF=<commit>.
set -euo pipefail

dir=$(cd "$1" && pwd); db=$(realpath "$2"); port=${3:-5201}
log=$(mktemp /tmp/search-latency.XXXXXX)
(cd "$dir" && exec env ASPNETCORE_ENVIRONMENT=Production NewsApi__ReadRequestsPerSecond=1000000 NewsApi__ImportOnStartup=false \
  ConnectionStrings__NewsApi="Data Source=$db" taskset -c 0 dotnet NewsApi.dll --urls "http://127.0.0.1:$port") > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.1; done

words=(police hospital council election court summit talks market prices storm weather climate energy village football government)
n=${#words[@]}
for pass in 1 2 3 4; do
  times=$(for i in $(seq 0 47); do
    a=${words[$((i % n))]}; b=${words[$(( (i / n + i + 1) % n ))]}
    taskset -c 1 curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/api/v1/articles?q=$a%20$b&pageSize=$((20 + pass))"
  done)
  [[ $pass -eq 1 ]] && continue
  sort -n <<<"$times" | awk -v p="$pass" '{ a[NR] = $1 } END { printf "pass %s: median %.2f ms, p90 %.2f ms\n", p, a[int((NR + 1) / 2)] * 1000, a[int(NR * 0.9)] * 1000 }'
done
