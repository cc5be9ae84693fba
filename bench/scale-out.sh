#!/usr/bin/env bash
# Side by side in one run, at N articles (default 100,000): import rate, then article by id, a list page and a
# rotating two-word search (wrk: rps, p50, p99) on SQLite (one node; also without stored renditions, "sqlitemvc"), on
# PostgreSQL with one node, on PostgreSQL with two nodes behind nginx (round robin, "lb"), and on the constant-bytes
# reference app (bench/NewsApi.ReferenceApp, "ref").
# Usage: bash bench/scale-out.sh [N]   (BENCH_DURATION=10s per measured run, BENCH_RUNS=2, BENCH_CONNECTIONS=32)
# Every server and the PostgreSQL server share CPU 0; wrk runs on CPU 1 (taskset). Loopback only, bounded in time.
# On a 2-core machine two nodes cannot add capacity: the figures show what the second provider and the balancer
# cost, not how far they scale. Output: bench/out/scale-out-<time>/ (results.tsv, summary.txt, logs).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
count="${1:-100000}"
duration="${BENCH_DURATION:-10s}"
runs="${BENCH_RUNS:-2}"
connections="${BENCH_CONNECTIONS:-32}"
jit_warmup="${BENCH_JIT_WARMUP:-20s}"
out="$repo/bench/out/scale-out-$(date -u +%Y%m%dT%H%M%SZ)"
work="$(mktemp -d /tmp/newsapi-scale-out.XXXXXX)"
chmod 755 "$work"
articles="/tmp/newsapi-bench/articles-$count-seed7"
app="$repo/src/NewsApi/bin/Release/net10.0/NewsApi.dll"
ref_dll="$repo/bench/NewsApi.ReferenceApp/bin/Release/net10.0/NewsApi.ReferenceApp.dll"
mkdir -p "$out"
pids=()
cleanup() {
  trap - EXIT
  local p; for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done
  sleep 1
  "$repo/tests/scripts/postgres.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$out/summary.txt" >&2; }
now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
for tool in wrk nginx psql taskset /usr/bin/time jq sqlite3; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }; done

log "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$repo" rev-parse --short HEAD)"
for project in src/NewsApi bench/NewsApi.ReferenceApp bench/NewsApi.Generator; do
  dotnet build "$repo/$project" -c Release -v quiet -nologo > /dev/null
done
if [ ! -f "$articles/.complete" ]; then
  log "generating $count articles into $articles"
  rm -rf "$articles"; dotnet "$repo/bench/NewsApi.Generator/bin/Release/net10.0/NewsApi.Generator.dll" --count "$count" --out "$articles" --seed 7 > /dev/null
  touch "$articles/.complete"
fi

server="$("$repo/tests/scripts/postgres.sh" start "$work/pg")"
pg_port="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$server")"
taskset -a -p -c 0 "$(head -1 "$work/pg/data/postmaster.pid")" > /dev/null
pg="${server/Database=newsapi/Database=bench}"
psql -X -q -h 127.0.0.1 -p "$pg_port" -U newsapi -d postgres -c "CREATE DATABASE bench"
sqlite="Data Source=$work/bench.db"

# ---- import rate: the import verb into an empty store, start-up and migrations included -------------------------
import() { # $1 label, then settings
  local label="$1"; shift
  local t0; t0=$(now_ms)
  taskset -c 0 /usr/bin/time -f "%M" -o "$work/$label.rss" dotnet "$app" import "$articles" "$@" > "$out/import-$label.txt" 2>&1
  local ms=$(( $(now_ms) - t0 ))
  printf '%s\t%d\t%d\t%.0f\t%d\n' "$label" "$count" "$ms" "$(awk -v c="$count" -v ms="$ms" 'BEGIN { print c * 1000 / ms }')" \
    "$(( $(cat "$work/$label.rss") / 1024 ))" >> "$out/imports.tsv"
  log "import $label: $count articles in $ms ms"
}
printf 'store\tarticles\tms\tarticles_per_s\tpeak_rss_mb\n' > "$out/imports.tsv"
import sqlite "--ConnectionStrings:NewsApi=$sqlite"
import postgres "--ConnectionStrings:NewsApi=$pg" --NewsApi:Provider=Postgres
log "rows on PostgreSQL: $(psql -X -At -h 127.0.0.1 -p "$pg_port" -U newsapi -d bench -c 'SELECT (SELECT count(*) FROM "Articles") + (SELECT count(*) FROM "BodyBlocks") + (SELECT count(*) FROM "Images") + (SELECT count(*) FROM "RelatedLinks") + (SELECT count(*) FROM "ArticleSources") + (SELECT count(*) FROM "ArticleSearchVectors") + (SELECT count(*) FROM "ImageSearchVectors")')"

# ---- servers ----------------------------------------------------------------------------------------------------
start() { # $1 name, then settings; sets url_<name>
  local port; port=$(free_port)
  (cd "$(dirname "$app")" && exec env ASPNETCORE_ENVIRONMENT=Production NewsApi__ReadRequestsPerSecond=1000000 \
    NewsApi__ImportOnStartup=false NewsApi__SourceDirectory="$articles" NewsApi__PublicBaseUrl="http://127.0.0.1" "${@:2}" \
    taskset -c 0 dotnet "$app" --urls "http://127.0.0.1:$port") > "$out/$1.log" 2>&1 &
  pids+=($!); eval "pid_$1=$!"; eval "url_$1=http://127.0.0.1:$port"
  local t0; t0=$(now_ms)
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    (( $(now_ms) - t0 < 120000 )) || { echo "$1 did not start" >&2; tail "$out/$1.log" >&2; exit 1; }
    sleep 0.3
  done
}
start sqlite "ConnectionStrings__NewsApi=$sqlite"
# The same SQLite store without stored renditions (no public base URL), as PostgreSQL serves: MVC and the output cache.
start sqlitemvc "ConnectionStrings__NewsApi=$sqlite" NewsApi__PublicBaseUrl=
start pg1 "ConnectionStrings__NewsApi=$pg" NewsApi__Provider=Postgres
start pg2 "ConnectionStrings__NewsApi=$pg" NewsApi__Provider=Postgres
lb_port=$(free_port)
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy; fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  upstream newsapi { server ${url_pg1#http://}; server ${url_pg2#http://}; keepalive 64; }
  server { listen 127.0.0.1:$lb_port; location / { proxy_pass http://newsapi; proxy_http_version 1.1; proxy_set_header Connection ""; } }
}
CONF
(exec taskset -c 0 nginx -p "$work/nginx" -c "$work/nginx/nginx.conf") & pids+=($!); pid_lb=$!
url_lb="http://127.0.0.1:$lb_port"
until curl -fs -o /dev/null "$url_lb/health/ready"; do sleep 0.2; done

# Both providers answer reads by id from stored renditions once the builder has rendered every article: measure that state.
t0=$(now_ms)
until [ "$(sqlite3 -readonly "$work/bench.db" 'SELECT (SELECT count(*) FROM Articles) - (SELECT count(*) FROM ArticleRenditions)')" = 0 ]; do
  (( $(now_ms) - t0 < 900000 )) || { echo "renditions not complete after 15 min" >&2; exit 1; }
  sleep 2
done
log "SQLite: every article rendered $(( $(now_ms) - t0 )) ms after ready"
# So does PostgreSQL (renditions in the shared database, rendered by whichever node holds the writers' lock).
until [ "$(psql -X -At -h 127.0.0.1 -p "$pg_port" -U newsapi -d bench -c 'SELECT (SELECT count(*) FROM "Articles") - (SELECT count(*) FROM "ArticleRenditions")')" = 0 ]; do
  (( $(now_ms) - t0 < 1800000 )) || { echo "PostgreSQL renditions not complete after 30 min" >&2; exit 1; }
  sleep 2
done
log "PostgreSQL: every article rendered $(( $(now_ms) - t0 )) ms after ready"

curl -sf "$url_sqlite/api/v1/articles/1" -o "$work/article-1.json"
curl -sf "$url_sqlite/api/v1/articles?page=1&pageSize=20" -o "$work/list-page1.json"
ref_port=$(free_port)
(exec taskset -c 0 dotnet "$ref_dll" --article "$work/article-1.json" --list "$work/list-page1.json" --urls "http://127.0.0.1:$ref_port") > "$out/ref.log" 2>&1 &
pids+=($!); pid_ref=$!; url_ref="http://127.0.0.1:$ref_port"
until curl -fs -o /dev/null "$url_ref/health/ready"; do sleep 0.2; done
for n in sqlite pg1 lb; do
  # The two stores were imported a minute apart: only the import times may differ.
  same() { jq -S 'del(.source.importedAt, .firstSeenAt, .updatedAt)' "$1"; }
  eval "u=\$url_$n"; cmp -s <(curl -sf "$u/api/v1/articles/1" | same /dev/stdin) <(same "$work/article-1.json") \
    || log "WARNING: $n's article 1 differs from SQLite's (import times aside)"
done

# The same words the search route rotates over (as bench/run.sh): frequent words of the generated text.
export BENCH_SEARCH_WORDS="police hospital council school minister water" BENCH_MAX_ID="$count"
targets=(sqlite sqlitemvc pg1 lb ref)
all_pids() { echo "$pid_sqlite $pid_sqlitemvc $pid_pg1 $pid_pg2 $pid_lb $pid_ref"; }
pg_backends() { pgrep -f "postgres.*$pg_port" | tr '\n' ' '; }
# Only the target under test (and, for PostgreSQL, its server) runs; the others are stopped (SIGSTOP), so their
# idle work cannot take CPU 0 from it.
only() {
  local keep
  case "$1" in sqlite) keep="$pid_sqlite";; sqlitemvc) keep="$pid_sqlitemvc";; pg1) keep="$pid_pg1";; lb) keep="$pid_pg1 $pid_pg2 $pid_lb";; ref) keep="$pid_ref";; esac
  for p in $(all_pids); do kill -STOP "$p"; done
  for p in $keep; do kill -CONT "$p"; done
  sleep 1
}
wrk_run() { # $1 target, $2 route, $3 seconds, $4 output
  local u; eval "u=\$url_$1"
  local script=() path
  case "$2" in
    article) script=(-s "$repo/bench/lua/articles.lua"); path="/api/v1/articles/" ;;
    list) path="/api/v1/articles?page=1&pageSize=20" ;;
    search) script=(-s "$repo/bench/lua/search.lua"); path="/" ;;
  esac
  taskset -c 1 wrk -t1 -c"$connections" -d"$3" --timeout 10s --latency "${script[@]}" "$u$path" > "$4" 2>&1
  export BENCH_MAX_ID="$count"
}
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u); printf "%.2f", u == "us" ? n / 1000 : u == "ms" ? n : u == "s" ? n * 1000 : n }'; }

for t in "${targets[@]}"; do
  only "$t"; log "JIT warm-up: $jit_warmup of mixed reads on $t"
  eval "u=\$url_$t"
  if [ "$t" = ref ]; then wrk_run ref article "$jit_warmup" /dev/null; else taskset -c 1 wrk -t1 -c"$connections" -d"$jit_warmup" -s "$repo/bench/lua/mixed.lua" "$u/" > /dev/null 2>&1; fi
done

printf 'target\troute\trun\trps\tp50_ms\tp99_ms\tnon2xx_or_errors\tmax_server_connections\n' > "$out/results.tsv"
for run in $(seq "$runs"); do
  for route in article list search; do
    for t in "${targets[@]}"; do
      [ "$t" != ref ] || [ "$route" != search ] || continue
      only "$t"
      f="$out/wrk-$t-$route-$run.txt"
      # The connections the nodes hold on the server during the run (pg_stat_activity, sampled every 0.5 s).
      : > "$work/conns"; sampler=""
      if [ "$t" = pg1 ] || [ "$t" = lb ]; then
        (while :; do psql -X -At -h 127.0.0.1 -p "$pg_port" -U newsapi -d postgres \
          -c "SELECT count(*) FROM pg_stat_activity WHERE datname = 'bench'" >> "$work/conns" 2>/dev/null; sleep 0.5; done) &
        sampler=$!
      fi
      wrk_run "$t" "$route" "$duration" "$f"
      if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; fi
      conns=$(sort -n "$work/conns" | tail -1); conns=${conns:--}
      rps=$(awk '/^Requests\/sec/ { print $2 }' "$f")
      p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")"); p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
      bad=$(( $(awk '/Non-2xx/ { print $NF }' "$f" | head -1 || echo 0) + 0 ))
      bad=$(( bad + $(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$f" | head -1 || echo 0) + 0 ))
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$route" "$run" "$rps" "$p50" "$p99" "$bad" "$conns" >> "$out/results.tsv"
      log "$t $route run $run: $rps rps, p50 $p50 ms, p99 $p99 ms, errors/non-2xx $bad, server connections (max) $conns (load $(cut -d' ' -f1 /proc/loadavg))"
    done
  done
done
for p in $(all_pids); do kill -CONT "$p"; done

{
  echo
  echo "imports (the import verb, start-up included):"; column -t -s $'\t' "$out/imports.tsv"
  echo
  echo "median of $runs runs, wrk -t1 -c$connections -d$duration on CPU 1, servers and PostgreSQL on CPU 0:"
  printf 'target\troute\trps\tp50_ms\tp99_ms\n'
  awk -F'\t' 'NR > 1 { k = $1 "\t" $2; n[k]++; rps[k, n[k]] = $4; p50[k, n[k]] = $5; p99[k, n[k]] = $6; keys[k] = 1 }
    function med(a, k, c,   i, j, t, v) { for (i = 1; i <= c; i++) v[i] = a[k, i]; for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
      return c % 2 ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2 }
    END { for (k in keys) printf "%s\t%.0f\t%.2f\t%.2f\n", k, med(rps, k, n[k]), med(p50, k, n[k]), med(p99, k, n[k]) }' "$out/results.tsv" | sort
} | tee -a "$out/summary.txt"
ln -sfn "$out" "$repo/bench/out/latest-scale-out"
