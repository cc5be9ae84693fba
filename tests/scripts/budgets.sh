#!/usr/bin/env bash
# Reads are never starved (docs/reliability.md, "Budgets"): the Release build on loopback, timed with curl.
# A: an import of 3,000 changed files runs while 8 API writes wait behind it; 30 reads (an article by id, a list
#    page) taken meanwhile must all finish under 1 s.
# B: 16 connections send 32-prefix OR searches (wrk, 12 s), then the most expensive search the cost bound lets
#    run; 50 reads taken during each must have a median under 100 ms.
# Prints the figures and the load average; exits non-zero when a bound is missed. Usage: tests/scripts/budgets.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
COUNT=3000
WORK="$(mktemp -d /tmp/newsapi-budgets.XXXXXX)"
# shellcheck source=tests/scripts/soak-lib.sh
source "$ROOT/tests/scripts/soak-lib.sh"

need_wrk
for tool in curl jq awk; do command -v "$tool" >/dev/null || { echo "budgets: $tool is required"; exit 2; }; done
build_and_generate "$COUNT" "$WORK/articles"
start_server "$WORK/budgets.db" "$WORK/articles" "$WORK/server.log"
echo "budgets: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
failures=0
fail() { echo "budgets: FAILED: $*"; failures=$((failures + 1)); }

mapfile -t IDS < <(curl -fsS "$BASE/api/v1/articles?pageSize=100&sort=id" | jq -r '.items[].id')
read_once() { # <n>: one read, alternating an article by id and a list page; prints seconds
    local url
    if (($1 % 2)); then url="$BASE/api/v1/articles/${IDS[$(($1 % ${#IDS[@]}))]}"; else url="$BASE/api/v1/articles?pageSize=20&page=$(($1 % 50 + 1))"; fi
    # The time first (what the figures use), then what a slow read needs to be explained: when the first byte came
    # and which URL it was (the server log has its own duration for the same request).
    curl -fsS -o /dev/null -w "%{time_total} start=%{time_starttransfer} $(date +%T.%N | cut -c1-12) ${url#"$BASE"}\n" --max-time 30 "$url" \
        || echo "30 failed $(date +%T) ${url#"$BASE"}"
}
stats() { sort -g | awk '{ v[NR] = $1 } END { printf "%d reads, median %.1f ms, slowest %.1f ms\n", NR, 1000 * v[int((NR + 1) / 2)], 1000 * v[NR] }'; }

# The first read of each kind after start pays for JIT and EF Core's query compilation (820 ms to 1.1 s for the first
# list page here, under load): that is start-up, not starvation, so each kind is read once before the clock runs.
# An article read during the import is answered by MVC (the import drops its stored rendition), which a trimmed
# read (fields=) also is; the plain read warms the rendition path.
for n in 1 2 3 4; do
    curl -fsS -o /dev/null "$BASE/api/v1/articles/${IDS[$n]}"
    curl -fsS -o /dev/null "$BASE/api/v1/articles/${IDS[$n]}?fields=id,title,body,images"
    curl -fsS -o /dev/null "$BASE/api/v1/articles?pageSize=20&page=$((n + 50))"
done

# ---- A: reads during an import of 3,000 changed files with 8 writers waiting ----
for f in "$WORK/articles"/*.txt; do printf '\nThe budget check changed this file.\n' >>"$f"; done
run="$(curl -fsS -X POST -H "X-Api-Key: $API_KEY" "$BASE/api/v1/imports" | jq -r .id)"
for w in $(seq 1 8); do
    printf 'Budget writer %d\n\nA write sent while an import of %d files runs.\n' "$w" "$COUNT" >"$WORK/w$w.txt"
    curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 120 -X POST -H "X-Api-Key: $API_KEY" \
        -H 'Content-Type: text/plain' --data-binary @"$WORK/w$w.txt" "$BASE/api/v1/articles" >"$WORK/writer$w.log" 2>&1 &
    BG_PIDS+=($!)
done
: >"$WORK/a.txt"
during=0
for n in $(seq 1 30); do
    read_once "$n" >>"$WORK/a.txt"
    [[ "$(curl -fsS "$BASE/api/v1/imports/$run" | jq -r .status)" == running ]] && during=$((during + 1))
done
wait "${BG_PIDS[@]}"
BG_PIDS=()
until [[ "$(curl -fsS "$BASE/api/v1/imports/$run" | jq -r .status)" != running ]]; do sleep 0.2; done
summary="$(curl -fsS "$BASE/api/v1/imports/$run" | jq -c '{status, updated, processed}')"
echo "A: import $summary; writers: $(cat "$WORK"/writer*.log | awk '{ printf "%s/%.2fs ", $1, $2 }')"
echo "A: $(stats <"$WORK/a.txt") ($during of 30 taken while the import ran)"
slowest="$(sort -g "$WORK/a.txt" | tail -1 | cut -d' ' -f1)"
awk '$1 >= 0.25' "$WORK/a.txt" | sed 's/^/A: slow read: /'
awk -v s="$slowest" 'BEGIN { exit !(s < 1.0) }' || fail "the slowest read during the import took ${slowest} s (bound: under 1 s)"
((during >= 10)) || fail "only $during of 30 reads ran while the import ran: the check measured nothing"
if grep -qv '^201 ' "$WORK"/writer*.log; then fail "a writer did not get 201: $(cat "$WORK"/writer*.log | tr '\n' ' ')"; fi

# ---- B: reads during 16 connections of 32-prefix OR searches ----
letters=(a b c d e f g h i j k l m n o p q r s t u v w x y z)
branches=()
for i in $(seq 0 31); do branches+=("${letters[$((i % 26))]}${letters[$((i / 26))]}*"); done
attack="$(IFS=' '; echo "${branches[*]}" | sed 's/ / OR /g')"
# The attack itself (cost 256, refused before it runs), then nearly the most expensive search the bound lets run
# (seven two-letter prefixes and a word, cost 57), which runs within the search budget.
# Each request adds one more word (cost 1) that no article has, so the output cache never answers it.
allowed="$(IFS=' '; echo "${branches[*]:0:7}" | sed 's/ / OR /g')"
for kind in attack allowed; do
    url="$BASE/api/v1/articles?q=$(jq -rn --arg q "${!kind}" '$q | @uri')"
    cat >"$WORK/search.lua" <<LUA
local n = 0
request = function()
    n = n + 1
    return wrk.format("GET", "${url#"$BASE"}%20OR%20zq" .. n .. "x")
end
LUA
    wrk -t2 -c16 -d12s --timeout 10s -s "$WORK/search.lua" "$BASE" >"$WORK/wrk-$kind.txt" 2>&1 &
    WRK=$!
    BG_PIDS+=("$WRK")
    sleep 2
    : >"$WORK/b-$kind.txt"
    for n in $(seq 1 50); do read_once "$n" >>"$WORK/b-$kind.txt"; sleep 0.1; done
    wait "$WRK"
    BG_PIDS=()
    status="$(curl -s -o /dev/null -w '%{http_code}' "$url")"
    echo "B ($kind: q=${!kind:0:30}..., answered $status): wrk $(grep -Eo '[0-9]+ requests in [0-9.]+s' "$WORK/wrk-$kind.txt"), $(grep -Eo 'Non-2xx or 3xx responses: [0-9]+' "$WORK/wrk-$kind.txt" || echo 'all 2xx'), latency $(grep -E '^ +Latency' "$WORK/wrk-$kind.txt" | tr -s ' ' | cut -d' ' -f3-5)"
    echo "B ($kind): $(stats <"$WORK/b-$kind.txt")"
    awk '$1 >= 0.25' "$WORK/b-$kind.txt" | sed "s/^/B ($kind): slow read: /"
    median="$(sort -g "$WORK/b-$kind.txt" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
    awk -v m="$median" 'BEGIN { exit !(m < 0.1) }' || fail "the median read during the $kind searches took ${median} s (bound: under 100 ms)"
done
echo "budgets: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"

if ((failures)); then
    echo "budgets: the server's slow requests (250 ms or more), warnings and errors:"
    awk '/(WRN|ERR|FTL)\]/ || ($NF == "ms" && $(NF - 1) >= 250)' "$WORK/server.log" | tail -30
    exit 1
fi
echo "budgets: passed"
