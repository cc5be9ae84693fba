#!/usr/bin/env bash
# NewsApi load-test harness (issue 8). Builds NewsApi and the reference app in Release, generates and imports
# BENCH_COUNT synthetic articles, measures import throughput, re-import and start-up-to-ready, then runs wrk
# against each route of NewsApi and of the constant-bytes reference app, and prints one table.
# See bench/README.md. Quick run:  BENCH_COUNT=10000 BENCH_DURATION=5s bash bench/run.sh
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

count=${BENCH_COUNT:-100000}          # articles to generate and import
seed=${BENCH_SEED:-42}                # generator seed
duration=${BENCH_DURATION:-15s}       # one measured wrk run
warmup=${BENCH_WARMUP:-5s}            # one unmeasured wrk run per route before its first measured run
mixed_duration=${BENCH_MIXED_DURATION:-300s}  # the mixed-load run after the routes: issue 8's memory figure is after 5 minutes
jit_warmup=${BENCH_JIT_WARMUP:-60s}    # mixed load on each server before any route: tiered JIT needs ~45 s of load to settle
runs=${BENCH_RUNS:-3}                 # measured runs per route; the table shows the median
connections=${BENCH_CONNECTIONS:-64}
timeout=${BENCH_TIMEOUT:-10s}         # wrk counts slower responses as timeout errors (its default is 2 s)
port=${BENCH_PORT:-5180}              # NewsApi
ref_port=${BENCH_REF_PORT:-5181}      # reference app
server_cpu=${BENCH_SERVER_CPU:-0}     # both servers are pinned here (one at a time is busy)
client_cpu=${BENCH_CLIENT_CPU:-1}     # wrk and curl are pinned here
search_q=${BENCH_SEARCH_Q:-police hospital}
search_words=${BENCH_SEARCH_WORDS:-police hospital council election court summit talks market prices storm weather climate energy village football government}
routes_filter=${BENCH_ROUTES:-}       # optional space-separated subset of route names, e.g. "ref-article article"
read -ra newsapi_env <<<"${BENCH_NEWSAPI_ENV:-}"  # extra KEY=VALUE settings for NewsApi, e.g. "Serilog__MinimumLevel__Default=Warning"
work=${BENCH_WORK:-/tmp/newsapi-bench}
articles=${BENCH_ARTICLES:-$work/articles-$count-seed$seed}
db_dir=$work/store-$count-seed$seed
out=${BENCH_OUT:-$repo/bench/out/$(date -u +%Y%m%dT%H%M%SZ)-n$count}

# BENCH_GIT_REF measures a commit (exported with git archive, built apart) instead of the working tree.
if [ -n "${BENCH_GIT_REF:-}" ]; then
  sha=$(git rev-parse --short "$BENCH_GIT_REF^{commit}")
  product=$work/src-$sha
else
  sha=; product=$repo
fi
newsapi_dir=$product/src/NewsApi/bin/Release/net10.0
ref_dll=$repo/bench/NewsApi.ReferenceApp/bin/Release/net10.0/NewsApi.ReferenceApp.dll
generator_dll=$repo/bench/NewsApi.Generator/bin/Release/net10.0/NewsApi.Generator.dll
base=http://127.0.0.1:$port
ref_base=http://127.0.0.1:$ref_port

mkdir -p "$out" "$work" "$repo/bench/out"
ln -sfn "$out" "$repo/bench/out/latest"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$out/run.log" >&2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
load() { cut -d' ' -f1-3 /proc/loadavg; }
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo -; }
hwm_mb() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo -; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# ---------------------------------------------------------------------------------------------- tools
if ! command -v wrk >/dev/null; then
  log "installing wrk from Debian"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
for tool in curl jq sqlite3 taskset /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install curl jq sqlite3 util-linux time)" >&2; exit 2; }
done
if [ "$(nproc)" -lt 2 ]; then
  log "WARNING: $(nproc) CPU: wrk and the server share a core; figures are not comparable with 2-core runs"
  client_cpu=$server_cpu
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

{
  echo "date       $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  if [ -n "$sha" ]; then echo "commit     $sha (BENCH_GIT_REF=$BENCH_GIT_REF, built in $product)"
  else echo "commit     $(git rev-parse --short HEAD) $(git diff --quiet HEAD -- src && echo clean || echo "+ uncommitted changes in src/ (working tree)")"; fi
  echo "host       $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo), $(uname -r)"
  echo "dotnet     $(dotnet --version)"
  echo "wrk        $(wrk --version 2>&1 | head -1 | cut -d' ' -f2)"
  echo "params     count=$count seed=$seed duration=$duration warmup=$warmup runs=$runs connections=$connections timeout=$timeout"
  echo "cpus       server=$server_cpu client=$client_cpu"
  echo "extra env  ${BENCH_NEWSAPI_ENV:-(none)}"
  echo "load start $(load)"
} > "$out/env.txt"
git status --short -- src > "$out/src-status.txt" || true
cat "$out/env.txt" >&2

# ---------------------------------------------------------------------------------------------- build
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  log "building NewsApi, the reference app and the generator (Release)"
  if [ -n "$sha" ] && [ ! -f "$product/NewsApi.sln" ]; then
    mkdir -p "$product.partial" && git archive "$sha" | tar -x -C "$product.partial" && mv "$product.partial" "$product"
  fi
  for project in "$product/src/NewsApi" bench/NewsApi.ReferenceApp bench/NewsApi.Generator; do
    dotnet build -c Release --nologo -v q "$project" > "$out/build-$(basename "$project").txt" 2>&1 \
      || { cat "$out/build-$(basename "$project").txt" >&2; exit 1; }
  done
fi

# ---------------------------------------------------------------------------------------------- generate
if [ ! -f "$articles/.complete" ]; then
  log "generating $count articles (seed $seed) into $articles"
  rm -rf "$articles.partial"
  dotnet "$generator_dll" --count "$count" --out "$articles.partial" --seed "$seed" | tee -a "$out/run.log"
  touch "$articles.partial/.complete"   # not *.txt, so the importer never sees it
  rm -rf "$articles" && mv "$articles.partial" "$articles"
else
  log "reusing $articles"
fi

# ---------------------------------------------------------------------------------------------- import
export ConnectionStrings__NewsApi="Data Source=$db_dir/bench.db"
import_once() { # $1: label
  local start end rc=0
  start=$(now_ms)
  (cd "$newsapi_dir" && /usr/bin/time -v -o "$out/$1-time.txt" dotnet NewsApi.dll import "$articles") > "$out/$1.txt" 2>&1 || rc=$?
  end=$(now_ms)
  [ "$rc" -le 1 ] || { cat "$out/$1.txt" >&2; exit 1; }  # 1 = some files skipped: reported, not fatal
  echo $((end - start))
}

if [ -z "${BENCH_SKIP_IMPORT:-}" ] || [ ! -f "$db_dir/bench.db" ]; then
  rm -rf "$db_dir" && mkdir -p "$db_dir"
  log "importing into a fresh $db_dir/bench.db (load $(load))"
  import_ms=$(import_once import)
  import_rss=$(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$out/import-time.txt")
  import_cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.1f", u + s }' "$out/import-time.txt")
  log "re-importing the unchanged folder"
  reimport_ms=$(import_once reimport)
  reimport_rss=$(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$out/reimport-time.txt")
  reimport_cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.1f", u + s }' "$out/reimport-time.txt")
else
  log "BENCH_SKIP_IMPORT: reusing $db_dir/bench.db"
  import_ms=; reimport_ms=
fi
db_mb=$(du -cm "$db_dir"/bench.db* | awk 'END { print $1 }')

# ---------------------------------------------------------------------------------------------- servers
wait_ready() { # $1: url, $2: pid; prints ms waited
  local start=$(now_ms)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ]; do
    kill -0 "$2" 2>/dev/null || { echo "server $2 died; see $out" >&2; exit 1; }
    [ $(( $(now_ms) - start )) -lt 600000 ] || { echo "not ready after 10 min: $1" >&2; exit 1; }
    sleep 0.05
  done
  echo $(( $(now_ms) - start ))
}

start_newsapi() { # $1: log file, $2: ImportOnStartup; sets newsapi_pid
  (cd "$newsapi_dir" && exec env ASPNETCORE_ENVIRONMENT=Production \
      NewsApi__ReadRequestsPerSecond=1000000 NewsApi__SourceDirectory="$articles" NewsApi__ImportOnStartup="$2" \
      "${newsapi_env[@]}" taskset -c "$server_cpu" dotnet NewsApi.dll --urls "$base") > "$1" 2>&1 &
  newsapi_pid=$!
  pids+=("$newsapi_pid")
}

curl -s -o /dev/null "$base/health/live" && { echo "port $port is taken (BENCH_PORT)" >&2; exit 1; }
curl -s -o /dev/null "$ref_base/" && { echo "port $ref_port is taken (BENCH_REF_PORT)" >&2; exit 1; }

log "start-up without the start-up import (ImportOnStartup=false)"
t0=$(now_ms); start_newsapi "$out/newsapi-noimport.log" false
wait_ready "$base/health/ready" "$newsapi_pid" > /dev/null; ready_noimport_ms=$(( $(now_ms) - t0 ))
kill "$newsapi_pid"; wait "$newsapi_pid" 2>/dev/null || true; pids=()

log "start-up with the default start-up import of the unchanged folder (load $(load))"
t0=$(now_ms); start_newsapi "$out/newsapi.log" true
wait_ready "$base/health/live" "$newsapi_pid" > /dev/null; live_ms=$(( $(now_ms) - t0 ))
wait_ready "$base/health/ready" "$newsapi_pid" > /dev/null; ready_ms=$(( $(now_ms) - t0 ))
log "NewsApi pid $newsapi_pid: live after $live_ms ms, ready after $ready_ms ms (no start-up import: $ready_noimport_ms ms)"

# Reads by id come from stored renditions once the background builder has rendered every article (on a fresh
# store that takes a while); measuring before that would measure the fallback.
t0=$(now_ms)
until [ "$(sqlite3 -readonly "$db_dir/bench.db" 'SELECT (SELECT count(*) FROM Articles) - (SELECT count(*) FROM ArticleRenditions)')" = 0 ]; do
  [ $(( $(now_ms) - t0 )) -lt 900000 ] || { echo "renditions not complete after 15 min" >&2; exit 1; }
  kill -0 "$newsapi_pid" || { echo "NewsApi died" >&2; exit 1; }
  sleep 1
done
renditions_ms=$(( $(now_ms) - t0 ))
log "every article rendered $renditions_ms ms after ready"

# Capture the bodies the reference app will serve, and look at the store through the API.
curl -sf "$base/api/v1/articles/1" -o "$out/article-1.json"
curl -sf "$base/api/v1/articles?page=1&pageSize=20" -o "$out/list-page1.json"
total=$(jq .totalItems "$out/list-page1.json")
max_id=$(curl -sf "$base/api/v1/articles?sort=-id&pageSize=1" | jq '.items[0].id')
[ "$total" = "$max_id" ] || log "WARNING: $total articles but the highest id is $max_id: some ids will be 404s"
for sample in "articles/1" "articles?page=1&pageSize=20" "articles?q=${search_q// /%20}&pageSize=20"; do
  echo "== GET /api/v1/$sample"; curl -s -D - -o /dev/null "$base/api/v1/$sample"
done > "$out/sample-headers.txt"

(exec taskset -c "$server_cpu" dotnet "$ref_dll" --article "$out/article-1.json" --list "$out/list-page1.json" --urls "$ref_base") \
  > "$out/reference.log" 2>&1 &
ref_pid=$!
pids+=("$ref_pid")
wait_ready "$ref_base/health/ready" "$ref_pid" > /dev/null
log "reference app pid $ref_pid (article $(stat -c %s "$out/article-1.json") B, list $(stat -c %s "$out/list-page1.json") B)"

# Deep cursor: follow nextCursor from the start to item ~90% of the store, as a client scrolling would.
deep_target=$(( total * 9 / 10 ))
cursor=; seen=0; hops=0; t0=$(now_ms)
if [ -n "${BENCH_COMPUTE_CURSOR:-}" ]; then
  # The default sort's cursor is base64url("<id>|"); ids are 1..N in a fresh store. Faster than following.
  cursor=$(printf '%s|' "$deep_target" | base64 | tr '+/' '-_' | tr -d '=\n'); seen=$deep_target
else
  log "following nextCursor to item $deep_target"
fi
while [ "$seen" -lt "$deep_target" ]; do
  page=$(curl -sf "$base/api/v1/articles?pageSize=100${cursor:+&after=$cursor}")
  seen=$(( seen + $(jq '.items | length' <<<"$page") ))
  cursor=$(jq -r '.nextCursor // empty' <<<"$page")
  hops=$((hops + 1))
  [ -n "$cursor" ] || break
done
deep_id=$(jq -rn --arg c "$cursor" '$c | gsub("-"; "+") | gsub("_"; "/") | @base64d | split("|")[0]')
log "deep cursor after $hops pages of 100 ($(( $(now_ms) - t0 )) ms): $cursor (article id $deep_id)"
deep_page=$(( deep_target / 20 ))
search_total=$(curl -sf "$base/api/v1/articles?q=${search_q// /%20}&pageSize=20" | jq .totalItems)
log "search '$search_q' matches $search_total of $total"


# ---------------------------------------------------------------------------------------------- load
# route name | reference route for the ratios | server | wrk script or - | path
routes=(
  "ref-article|ref-article|ref|articles.lua|/api/v1/articles/"
  "ref-list|ref-list|ref|-|/api/v1/articles?page=1&pageSize=20"
  "article|ref-article|newsapi|articles.lua|/api/v1/articles/"
  "list-page1|ref-list|newsapi|-|/api/v1/articles?page=1&pageSize=20"
  "cursor-first|ref-list|newsapi|-|/api/v1/articles?pageSize=20"
  "cursor-deep|ref-list|newsapi|-|/api/v1/articles?pageSize=20&after=$cursor"
  "offset-deep|ref-list|newsapi|-|/api/v1/articles?page=$deep_page&pageSize=20"
  "search|ref-list|newsapi|-|/api/v1/articles?q=${search_q// /%20}&pageSize=20"
  "search-rotating|ref-list|newsapi|search.lua|/"
)
if [ -n "$routes_filter" ]; then
  kept=(); for r in "${routes[@]}"; do [[ " $routes_filter " == *" ${r%%|*} "* ]] && kept+=("$r"); done; routes=("${kept[@]}")
fi
export BENCH_MAX_ID=$max_id BENCH_SEARCH_WORDS="$search_words" BENCH_DEEP_CURSOR="$cursor"

to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
  printf "%.3f", u == "us" ? n / 1000 : u == "ms" ? n : u == "s" ? n * 1000 : u == "m" ? n * 60000 : n }'; }

wrk_once() { # $1: name, $2: server, $3: script, $4: path, $5: duration, $6: output file
  local url script_args=()
  if [ "$2" = ref ]; then url=$ref_base$4; else url=$base$4; fi
  [ "$3" = - ] || script_args=(-s "$repo/bench/lua/$3")
  taskset -c "$client_cpu" wrk -t1 -c"$connections" -d"$5" --timeout "$timeout" --latency "${script_args[@]}" "$url" > "$6" 2>&1
}

# Tiered JIT: methods start unoptimised and are recompiled in the background after enough calls, which on the
# pinned core takes ~45 s of load. Without this warm-up the first routes measure the JIT (2-4x slower).
log "JIT warm-up: $jit_warmup of mixed reads on NewsApi, then on the reference app"
kill -STOP "$ref_pid"; wrk_once jit-warmup newsapi mixed.lua / "$jit_warmup" "$out/wrk-jit-warmup.txt"; kill -CONT "$ref_pid"
kill -STOP "$newsapi_pid"; wrk_once jit-warmup-ref ref articles.lua /api/v1/articles/ "$jit_warmup" "$out/wrk-jit-warmup-ref.txt"; kill -CONT "$newsapi_pid"

# Unloaded latency, one request at a time, after the JIT warm-up (before it, the first requests measure the JIT):
# the same URL 31 times (what a cache hit costs) and 31 distinct URLs of the same kind (what the store costs when
# no cache has the answer yet). Distinct searches use pageSize=19, a page size the warm-up's mix never asked for.
median_ms() { sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] * 1000 }'; }
timed() { taskset -c "$client_cpu" curl -s -o /dev/null -w '%{time_total}\n' "$1"; }
cursor_of() { printf '%s|' "$1" | base64 | tr '+/' '-_' | tr -d '=\n'; }
read -ra words <<<"$search_words"
unloaded() { # $1: label, $2: repeated URL, $3: function printing the i-th distinct URL
  local same distinct
  same=$(for _ in $(seq 31); do timed "$2"; done | median_ms)
  distinct=$(for i in $(seq 0 30); do timed "$($3 "$i")"; done | median_ms)
  printf '%s\t%s\t%s\n' "$1" "$same" "$distinct"
}
first_page_url() { echo "$base/api/v1/articles?pageSize=$((20 + $1))"; }
deep_cursor_url() { echo "$base/api/v1/articles?pageSize=20&after=$(cursor_of $((deep_target + $1 * 20)))"; }
deep_offset_url() { echo "$base/api/v1/articles?page=$((deep_page + $1))&pageSize=20"; }
article_url() { echo "$base/api/v1/articles/$(( (deep_id + $1 * 97) % max_id + 1 ))"; }
search_url() { echo "$base/api/v1/articles?q=${words[$(($1 % ${#words[@]}))]}%20${words[$(( ($1 / ${#words[@]} + $1 + 1) % ${#words[@]}))]}&pageSize=19"; }
ref_url() { echo "$ref_base/api/v1/articles/$(( $1 + 1 ))"; }
log "unloaded latency (31 sequential requests per figure)"
{
  printf 'request\tsame URL x31 (ms)\t31 distinct URLs (ms)\n'
  unloaded "first page, pageSize=20 (distinct: pageSize 20-50)" "$base/api/v1/articles?pageSize=20" first_page_url
  unloaded "deep cursor page, item $deep_target" "$base/api/v1/articles?pageSize=20&after=$cursor" deep_cursor_url
  unloaded "deep offset page, page=$deep_page" "$base/api/v1/articles?page=$deep_page&pageSize=20" deep_offset_url
  unloaded "one article, id $deep_id" "$base/api/v1/articles/$deep_id" article_url
  unloaded "search '$search_q' (distinct: word pairs, pageSize=19)" "$base/api/v1/articles?q=${search_q// /%20}&pageSize=20" search_url
  unloaded "reference article" "$ref_base/api/v1/articles/1" ref_url
} > "$out/unloaded.tsv"

results=$out/results.tsv
printf 'route\trun\trps\tp50_ms\tp99_ms\terrors\tnon2xx\trss_mb\tidle_other_cpu_ms\tload1\n' > "$results"
for round in $(seq "$runs"); do
  # Round-robin: each route's runs are spread over the whole session, so drift in the box's background load
  # lands on NewsApi and the reference alike.
  for r in "${routes[@]}"; do
    IFS='|' read -r name _ server script path <<<"$r"
    if [ "$server" = ref ]; then pid=$ref_pid; other=$newsapi_pid; else pid=$newsapi_pid; other=$ref_pid; fi
    # The server not under test is frozen (SIGSTOP), so its after-load work (thread-pool wind-down, GC, timers)
    # cannot take CPU from the one under test on the shared core; a second lets the resumed one settle.
    kill -CONT "$pid"; kill -STOP "$other"; sleep 1
    if [ "$round" = 1 ]; then wrk_once "$name" "$server" "$script" "$path" "$warmup" "$out/wrk-$name-warmup.txt"; fi
    file=$out/wrk-$name-$round.txt
    before=$(cpu_ticks "$other")
    wrk_once "$name" "$server" "$script" "$path" "$duration" "$file"
    idle_ms=$(( ($(cpu_ticks "$other") - before) * 1000 / $(getconf CLK_TCK) ))
    rps=$(awk '/^Requests\/sec/ { print $2 }' "$file")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$file")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$file")")
    errors=$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$file")
    non2xx=$(awk '/Non-2xx/ { print $NF }' "$file")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$round" "${rps:-0}" "$p50" "$p99" "${errors:-0}" "${non2xx:-0}" \
      "$(rss_mb "$pid")" "$idle_ms" "$(cut -d' ' -f1 /proc/loadavg)" >> "$results"
    log "round $round $name: ${rps:-?} req/s, p50 $p50 ms, p99 $p99 ms, errors ${errors:-0}, non-2xx ${non2xx:-0}, load $(load)"
  done
done

kill -CONT "$newsapi_pid"; kill -STOP "$ref_pid"; sleep 1
if [ -z "$routes_filter" ] || [[ " $routes_filter " == *" mixed "* ]]; then
  log "mixed read load for $mixed_duration (memory figure)"
  wrk_once mixed newsapi mixed.lua / "$mixed_duration" "$out/wrk-mixed.txt"
  file=$out/wrk-mixed.txt
  printf '%s\t1\t%s\t%s\t%s\t%s\t%s\t%s\t0\t%s\n' mixed "$(awk '/^Requests\/sec/ { print $2 }' "$file")" \
    "$(to_ms "$(awk '$1 == "50%" { print $2 }' "$file")")" "$(to_ms "$(awk '$1 == "99%" { print $2 }' "$file")")" \
    "$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$file" | grep . || echo 0)" \
    "$(awk '/Non-2xx/ { print $NF }' "$file" | grep . || echo 0)" "$(rss_mb "$newsapi_pid")" "$(cut -d' ' -f1 /proc/loadavg)" >> "$results"
fi
kill -CONT "$ref_pid"
newsapi_rss=$(rss_mb "$newsapi_pid"); newsapi_hwm=$(hwm_mb "$newsapi_pid")
ref_rss=$(rss_mb "$ref_pid"); ref_hwm=$(hwm_mb "$ref_pid")

# ---------------------------------------------------------------------------------------------- report
{
  cat "$out/env.txt"
  echo "load end   $(load)"
  echo
  echo "store      $total articles, $db_mb MB on disk (db + wal), search '$search_q' matches $search_total"
  if [ -n "$import_ms" ]; then
    awk -v n="$count" -v ms="$import_ms" -v rss="$import_rss" -v cpu="$import_cpu" \
      'BEGIN { printf "import     %.1f s wall, %.0f articles/s, %.1f s CPU, peak RSS %s MB (fresh store, whole process)\n", ms / 1000, n / (ms / 1000), cpu, rss }'
    awk -v n="$count" -v ms="$reimport_ms" -v rss="$reimport_rss" -v cpu="$reimport_cpu" \
      'BEGIN { printf "re-import  %.1f s wall, %.0f files/s, %.1f s CPU, peak RSS %s MB (unchanged folder)\n", ms / 1000, n / (ms / 1000), cpu, rss }'
  fi
  echo "start-up   ready after $ready_ms ms with the start-up import of the unchanged folder (live after $live_ms ms);" \
    "$ready_noimport_ms ms with ImportOnStartup=false"
  echo "renditions every article rendered $renditions_ms ms after ready (background, while serving)"
  echo "RSS        NewsApi $newsapi_rss MB now, peak $newsapi_hwm MB; reference app $ref_rss MB, peak $ref_hwm MB"
  echo
  echo "wrk -t1 -c$connections, $runs x $duration per route after a $jit_warmup JIT warm-up per server and a $warmup warm-up per route, median of runs; server on CPU $server_cpu, wrk on CPU $client_cpu"
  awk -F'\t' '
    NR == 1 { next }
    { key = $1; if (!(key in seen)) { order[++n] = key; seen[key] = 1 }
      c = ++cnt[key]; rps[key, c] = $3; p50[key, c] = $4; p99[key, c] = $5
      err[key] += $6; bad[key] += $7; rss[key] = $8; ld[key] = ld[key] (ld[key] == "" ? "" : " ") $10 }
    function median(arr, key, k,   i, j, t, v) {
      for (i = 1; i <= k; i++) v[i] = arr[key, i] + 0
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2 }
    END {
      for (i = 1; i <= n; i++) { k = order[i]; mr[k] = median(rps, k, cnt[k]); m50[k] = median(p50, k, cnt[k]); m99[k] = median(p99, k, cnt[k]) }
      printf "%-16s %10s %9s %9s %7s %8s %7s %11s %11s  %s\n", "route", "req/s", "p50 ms", "p99 ms", "errors", "non-2xx", "RSS MB", "rps/ref", "p99/ref", "load1 per run"
      for (i = 1; i <= n; i++) {
        k = order[i]; ref = (k == "article") ? "ref-article" : (k ~ /^ref-/ ? k : "ref-list")
        rr = (ref in mr && mr[ref] > 0) ? sprintf("%.3f", mr[k] / mr[ref]) : "-"
        pr = (ref in m99 && m99[ref] > 0) ? sprintf("%.1f", m99[k] / m99[ref]) : "-"
        printf "%-16s %10.0f %9.2f %9.2f %7d %8d %7s %11s %11s  %s\n", k, mr[k], m50[k], m99[k], err[k], bad[k], rss[k], rr, pr, ld[k]
      }
    }' "$results"
  echo
  echo "ratios: article vs ref-article; every list/search route vs ref-list (the captured first list page as constant bytes)"
  echo "RSS: NewsApi (ref-*: the reference app) right after the route's last run; errors: wrk socket errors incl. timeouts > $timeout"
  echo "CPU the frozen other server used during runs (ms, max; should be 0): $(awk -F'\t' 'NR > 1 && $9 > m { m = $9 } END { print m + 0 }' "$results")"
  echo
  echo "unloaded latency (curl, one request at a time, median of 31):"
  column -t -s$'\t' "$out/unloaded.tsv" | sed 's/^/  /'
} | tee "$out/summary.txt"
# Request logging writes one line per request (millions in a full run): stop the servers and compress their logs.
cleanup; wait "${pids[@]}" 2>/dev/null || true; pids=()
gzip -f "$out"/newsapi*.log "$out/reference.log" 2>/dev/null || true
log "raw outputs in $out"
