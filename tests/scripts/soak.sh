#!/usr/bin/env bash
# Soak test: the Release build under mixed read load (wrk, 64 connections) for a while, with an import and a
# POST/PUT/DELETE round of writes every 30 s, sampling the server's resident memory every 10 s.
# Loopback only. Usage: tests/scripts/soak.sh [duration_seconds=300] [articles=20000]
#
# Passes when: wrk has no socket errors (connect, read, write, timeout) and no non-2xx/3xx responses; every
# import and write call answers as expected; the server is alive at the end and exits 0 on SIGTERM; and memory
# does not grow: the median VmRSS of the last 40 s is above the median of the 40 s around half the duration (five
# samples each) by at most 10% or 64 MB, whichever is larger (see docs/reliability.md for why not an earlier
# baseline, and why a floor in MB).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${1:-300}"
COUNT="${2:-20000}"
CONNECTIONS="${SOAK_CONNECTIONS:-64}"
INTERVAL=30 # seconds between import/write rounds
WORK="$(mktemp -d /tmp/newsapi-soak.XXXXXX)"
# shellcheck source=tests/scripts/soak-lib.sh
source "$ROOT/tests/scripts/soak-lib.sh"

((DURATION >= 30)) || { echo "soak: duration must be at least 30 s"; exit 2; }
need_wrk
for tool in curl sqlite3 awk; do command -v "$tool" >/dev/null || { echo "soak: $tool is required"; exit 2; }; done

# Spare articles (generated with the rest, held back) are added two per round.
ROUNDS=$(((DURATION - 15 + INTERVAL - 1) / INTERVAL))
SPARES=$((2 * ROUNDS + 2))
build_and_generate $((COUNT + SPARES)) "$WORK/articles"
mkdir -p "$WORK/spare"
find "$WORK/articles" -name '*.txt' | sort | tail -n "$SPARES" | xargs mv -t "$WORK/spare"
mapfile -t STABLE < <(find "$WORK/articles" -name '*.txt' | sort)
mapfile -t SPARE < <(find "$WORK/spare" -name '*.txt' | sort)

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "soak: starting the server (load average $load_start)"
import_start=$SECONDS
start_server "$WORK/soak.db" "$WORK/articles" "$WORK/server.log"
echo "soak: ready at $BASE after $((SECONDS - import_start)) s (start-up import of $COUNT articles)"
write_pool "$WORK/soak.db" "$WORK/pool.tsv" "$WORK/cursors.tsv"
echo "soak: $(wc -l <"$WORK/pool.tsv") articles and $(wc -l <"$WORK/cursors.tsv") cursors in the read pool"

# ---- one round of writes: change, add and remove source files, import, then POST/PUT/DELETE an article ----
result() { echo "$1 $2" >>"$WORK/writes.log"; [[ "$1" == ok ]]; }

json_int() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$2"; }

round() {
    local n=$1 j file expect_removed=0 code
    # Change three stable files (they keep id and slug), add two new ones, remove the two added last round
    # (a pruning import removes their articles; without prune the store would keep them).
    for j in 0 1 2; do
        file="${STABLE[$(((n * 3 + j) * 7919 % ${#STABLE[@]}))]}"
        printf '\nSoak round %d changed this file and added this closing paragraph.\n' "$n" >>"$file"
    done
    if ((n > 1)); then
        rm -f "$WORK/articles/$(basename "${SPARE[$((2 * n - 4))]}")" "$WORK/articles/$(basename "${SPARE[$((2 * n - 3))]}")"
        expect_removed=2
    fi
    cp "${SPARE[$((2 * n - 2))]}" "${SPARE[$((2 * n - 1))]}" "$WORK/articles/"

    # The import runs in the background: 202 with the run's URL, then follow it until the run has finished.
    code="$(curl -sS -o "$WORK/import.json" -w '%{http_code}' --max-time 60 -X POST -H "X-Api-Key: $API_KEY" "$BASE/api/v1/imports?prune=true" || true)"
    if [[ "$code" == 202 ]]; then
        local run polls=0
        run="$(json_int id "$WORK/import.json")"
        while grep -q '"status":"running"' "$WORK/import.json" && ((polls++ < 1200)); do
            sleep 0.1
            curl -sS -o "$WORK/import.json" --max-time 30 "$BASE/api/v1/imports/$run" || true
        done
        code=200
    fi
    local imported updated removed
    imported="$(json_int imported "$WORK/import.json")"; updated="$(json_int updated "$WORK/import.json")"
    removed="$(json_int removed "$WORK/import.json")"
    if [[ "$code" == 200 && "$imported" == 2 && "$updated" == 3 && "$removed" == "$expect_removed" ]] && grep -q '"skipped":0' "$WORK/import.json"; then
        result ok "round $n: POST /imports 200 (imported 2, updated 3, removed $expect_removed)"
    else
        result FAIL "round $n: POST /imports $code: $(head -c 300 "$WORK/import.json")"
    fi

    local title="Soak write $n of run ${WORK##*.}" id etag
    printf '%s\n\nThe soak test wrote this article in round %d.\n\nIt is replaced and then deleted.\n' "$title" "$n" >"$WORK/new.txt"
    code="$(curl -sS -o "$WORK/post.json" -D "$WORK/post.h" -w '%{http_code}' --max-time 60 -X POST -H "X-Api-Key: $API_KEY" \
        -H 'Content-Type: text/plain' --data-binary @"$WORK/new.txt" "$BASE/api/v1/articles" || true)"
    id="$(tr -d '\r' <"$WORK/post.h" | sed -n 's#^[Ll]ocation: .*/api/v1/articles/\([0-9]*\)$#\1#p')"
    result "$([[ "$code" == 201 && -n "$id" ]] && echo ok || echo FAIL)" "round $n: POST /articles $code id=${id:-none}" || return 0

    code="$(curl -sS -o "$WORK/get.json" -D "$WORK/get.h" -w '%{http_code}' --max-time 60 "$BASE/api/v1/articles/$id" || true)"
    etag="$(tr -d '\r' <"$WORK/get.h" | sed -n 's/^[Ee][Tt]ag: //p')"
    result "$([[ "$code" == 200 && -n "$etag" ]] && grep -qF "\"title\":\"$title\"" "$WORK/get.json" && echo ok || echo FAIL)" \
        "round $n: GET /articles/$id $code"

    printf '%s\n\nThe soak test replaced this article in round %d.\n' "$title" "$n" >"$WORK/put.txt"
    code="$(curl -sS -o "$WORK/put.json" -w '%{http_code}' --max-time 60 -X PUT -H "X-Api-Key: $API_KEY" -H "If-Match: $etag" \
        -H 'Content-Type: text/plain' --data-binary @"$WORK/put.txt" "$BASE/api/v1/articles/$id" || true)"
    result "$([[ "$code" == 200 ]] && grep -q 'replaced this article' "$WORK/put.json" && echo ok || echo FAIL)" \
        "round $n: PUT /articles/$id (If-Match) $code"

    code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 60 -X DELETE -H "X-Api-Key: $API_KEY" "$BASE/api/v1/articles/$id" || true)"
    result "$([[ "$code" == 204 ]] && echo ok || echo FAIL)" "round $n: DELETE /articles/$id $code"
    code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 60 "$BASE/api/v1/articles/$id" || true)"
    result "$([[ "$code" == 410 ]] && echo ok || echo FAIL)" "round $n: GET deleted /articles/$id $code (410 Gone expected)"
}

writer() { # rounds at 15 s, 45 s, 75 s, ... while at least 10 s of the run remain
    local n=0 at=15
    while ((at <= DURATION - 10)); do
        sleep "$(awk -v t="$at" -v s="$T0" -v now="$(date +%s.%N)" 'BEGIN { d = s + t - now; print (d > 0 ? d : 0) }')"
        n=$((n + 1))
        round "$n" || true
        at=$((at + INTERVAL))
    done
}

sampler() { # VmRSS every 10 s from t=0 to t=DURATION
    local t=0
    while ((t <= DURATION)); do
        sleep "$(awk -v t="$t" -v s="$T0" -v now="$(date +%s.%N)" 'BEGIN { d = s + t - now; print (d > 0 ? d : 0) }')"
        printf '%d\t%d\n' "$t" "$(rss_kb "$SERVER_PID")" >>"$WORK/rss.tsv"
        t=$((t + 10))
    done
}

: >"$WORK/writes.log"
: >"$WORK/rss.tsv"
echo "soak: $CONNECTIONS connections for $DURATION s, an import and writes every $INTERVAL s"
T0="$(date +%s.%N)"
sampler & BG_PIDS+=($!)
writer & BG_PIDS+=($!)
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s "$ROOT/tests/scripts/soak.lua" "$BASE" \
    -- "$WORK/pool.tsv" "$WORK/cursors.tsv" >"$WORK/wrk.txt" 2>&1 || true
wait "${BG_PIDS[@]}" || true
BG_PIDS=()
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

alive=yes
kill -0 "$SERVER_PID" 2>/dev/null || alive=no
rss_end_now="$(rss_kb "$SERVER_PID")"
kill -TERM "$SERVER_PID" 2>/dev/null || true
exit_code=0
wait "$SERVER_PID" || exit_code=$?
SERVER_PID=""

# ---- figures ----
W="$WORK/wrk.txt"
requests="$(wrk_stat "$W" requests)"; duration_us="$(wrk_stat "$W" duration_us)"
if [[ -z "$requests" ]]; then echo "soak: wrk did not report:"; cat "$W"; exit 1; fi
e_connect="$(wrk_stat "$W" connect)"; e_read="$(wrk_stat "$W" read)"; e_write="$(wrk_stat "$W" write)"
e_timeout="$(wrk_stat "$W" timeout)"; e_status="$(wrk_stat "$W" status)"
socket_errors=$((e_connect + e_read + e_write + e_timeout))
rps="$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')"
ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
p50="$(ms "$(wrk_stat "$W" p50_us)")"; p90="$(ms "$(wrk_stat "$W" p90_us)")"; p99="$(ms "$(wrk_stat "$W" p99_us)")"; pmax="$(ms "$(wrk_stat "$W" max_us)")"
writes_ok="$(grep -c '^ok ' "$WORK/writes.log" || true)"
writes_failed="$(grep -c '^FAIL ' "$WORK/writes.log" || true)"
rounds="$(grep -c 'POST /imports' "$WORK/writes.log" || true)"

# Memory drift: the second half of the run against its middle. Caches fill for the first minutes (the 32 MB output
# cache, the GC heap that holds it, SQLite's page caches), and how fast depends on the throughput a shared box
# allows, so a baseline at a fixed early time (60 s) measured the warm-up on a slow run, not a leak. A median of
# five samples on each side keeps one sample taken just before a GC from deciding the result. The floor of 64 MB: at
# a footprint of about 400 MB, 10% is 40 MB, less than the GC's committed memory moves by itself under steady load
# (200 to 280 MB in one run) and less than one late step of a cache filling (ci9: 391 MB flat, then 440 MB flat).
# The baseline is the higher of that median and the highest sample of the first half from 20 s on: the GC settles
# at either of two levels under this load and may move up late, to a level it already reached in the first half
# (ci17: 446 MB at 50 s, 370 MB flat around 150 s, 452 MB over the last 40 s; a quiet rerun sat at 445 MB throughout).
# Memory the process held under the same load minutes before is not growth; a leak still ends above it.
base_t=$((DURATION / 20 * 10))
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'; }
rss_mid="$(awk -v a="$((base_t - 20))" -v b="$((base_t + 20))" '$1 >= a && $1 <= b { print $2 }' "$WORK/rss.tsv" | median)"
rss_first_peak="$(awk -v b="$base_t" '$1 >= 20 && $1 <= b { print $2 }' "$WORK/rss.tsv" | sort -n | tail -1)"
rss_base="$(awk -v m="${rss_mid:-0}" -v p="${rss_first_peak:-0}" 'BEGIN { print (p > m ? p : m) }')"
rss_last="$(awk -v from="$((DURATION - 40))" '$1 >= from { print $2 }' "$WORK/rss.tsv" | median)"
rss_change="$(awk -v a="${rss_base:-0}" -v b="$rss_last" 'BEGIN { if (a > 0) printf "%+.1f", (b - a) * 100 / a; else print "n/a" }')"
rss_growth_mb="$(awk -v a="${rss_base:-0}" -v b="$rss_last" 'BEGIN { printf "%+.0f", (b - a) / 1024 }')"
RSS_FLOOR_MB=64
mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }

failures=()
((socket_errors == 0)) || failures+=("wrk socket errors: connect $e_connect, read $e_read, write $e_write, timeout $e_timeout")
((e_status == 0)) || failures+=("wrk non-2xx/3xx responses: $e_status")
((requests > 0)) || failures+=("wrk completed no requests")
((writes_failed == 0)) || failures+=("$writes_failed import/write checks failed")
((rounds > 0)) || failures+=("no import/write round ran")
[[ "$alive" == yes ]] || failures+=("the server died during the run")
((exit_code == 0)) || failures+=("the server exited $exit_code on SIGTERM")
if [[ "$rss_change" == n/a ]] || awk -v c="$rss_change" -v m="$rss_growth_mb" -v f="$RSS_FLOOR_MB" 'BEGIN { exit !(c > 10 && m > f) }'; then
    failures+=("resident memory grew $rss_change%, $rss_growth_mb MB (limit +10% or +$RSS_FLOOR_MB MB, whichever is larger)")
fi

echo
echo "soak: VmRSS samples (s, MB): $(awk '{ printf "%s:%.0f ", $1, $2 / 1024 }' "$WORK/rss.tsv")"
echo
echo "| measure | value |"
echo "| --- | --- |"
echo "| duration, connections | ${DURATION} s, $CONNECTIONS (wrk -t2) |"
echo "| articles | $COUNT (+2 added and 2 removed per round) |"
echo "| requests | $requests |"
echo "| requests/s | $rps |"
echo "| latency p50 / p90 / p99 / max | $p50 / $p90 / $p99 / $pmax ms |"
echo "| socket errors (connect/read/write/timeout) | $socket_errors ($e_connect/$e_read/$e_write/$e_timeout) |"
echo "| non-2xx/3xx responses | $e_status |"
echo "| import/write rounds | $rounds ($writes_ok checks ok, $writes_failed failed) |"
echo "| VmRSS median around ${base_t} s; highest from 20 s to ${base_t} s | $(mb "${rss_mid:-0}"); $(mb "${rss_first_peak:-0}") |"
echo "| VmRSS median of the last 40 s | $(mb "$rss_last") (at exit $(mb "${rss_end_now:-0}")) |"
echo "| VmRSS change | ${rss_change}%, ${rss_growth_mb} MB (limit +10% or +$RSS_FLOOR_MB MB, whichever is larger) |"
echo "| server exit code on SIGTERM | $exit_code |"
echo "| load average start / end | $load_start / $load_end |"
echo "| machine | $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1) |"
echo
grep -q . "$WORK/writes.log" && grep '^FAIL' "$WORK/writes.log" | head -20 || true

if ((${#failures[@]})); then
    for f in "${failures[@]}"; do echo "soak: FAILED: $f"; done
    # For diagnosis only: the writer's GET of each deleted article is an expected 410, and /health/ready answers
    # 503 until the start-up import is done.
    echo "soak: 4xx/5xx in the server log, by status and path kind:"
    grep -oE '\] (GET|HEAD|POST|PUT|DELETE) /[^ ]* [45][0-9]{2} ' "$WORK/server.log" \
        | sed -E 's#/[0-9]+#/{id}#g; s#(/articles/)[a-z0-9-]+#\1{slug}#' | sort | uniq -c | sort -rn | head -10 || true
    grep -E '\[[0-9:]+ (ERR|FTL)\]' "$WORK/server.log" | grep -vE 'health/ready|startup-import' | head -10 || true
    exit 1
fi
echo "soak: passed"
