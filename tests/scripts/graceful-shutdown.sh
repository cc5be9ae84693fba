#!/usr/bin/env bash
# Graceful shutdown: SIGTERM the Release build while it serves load and while requests are in flight.
# Loopback only. Usage: tests/scripts/graceful-shutdown.sh [articles=10000]
#
# Timeline: wrk runs 16 connections for 10 s; at 1 s a 200 KB article upload starts, throttled by curl to about
# 5 s, so it is certainly still being received when the signal comes; at 3 s three large search pages
# (pageSize=100) start; then SIGTERM. Passes when: the server exits with code 0 within the host's shutdown timeout;
# the upload gets its 201 and the article is in the store; every GET started before the signal gets a complete
# 200; wrk completed responses; the log says "Application is shutting down..." and shows no warning or error
# after it; and the database passes PRAGMA integrity_check.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
COUNT="${1:-10000}"
SHUTDOWN_TIMEOUT=30 # seconds: HostOptions.ShutdownTimeout, the .NET default (src/NewsApi does not change it)
WORK="$(mktemp -d /tmp/newsapi-shutdown.XXXXXX)"
# shellcheck source=tests/scripts/soak-lib.sh
source "$ROOT/tests/scripts/soak-lib.sh"

need_wrk
for tool in curl sqlite3 awk; do command -v "$tool" >/dev/null || { echo "graceful-shutdown: $tool is required"; exit 2; }; done

build_and_generate "$COUNT" "$WORK/articles"
start_server "$WORK/shutdown.db" "$WORK/articles" "$WORK/server.log"
write_pool "$WORK/shutdown.db" "$WORK/pool.tsv" "$WORK/cursors.tsv"
echo "graceful-shutdown: ready at $BASE (pid $SERVER_PID, $COUNT articles)"

now() { date +%s.%N; }

# A 200 KB article: a headline and 2,000 paragraphs.
TITLE="Graceful shutdown upload $(basename "$WORK")"
{
    printf '%s\n\n' "$TITLE"
    for i in $(seq 1 2000); do printf 'Paragraph %d of the upload that is still arriving when the server is told to stop.\n\n' "$i"; done
} >"$WORK/upload.txt"
UPLOAD_BYTES=$(stat -c %s "$WORK/upload.txt")

# request <name> <curl args...>: records "sent end http_code size_download curl_exit content_length" in $WORK/<name>.res.
# "sent" is when curl had connected and was about to send (its start plus time_pretransfer), not when it was launched:
# on a loaded box a curl launched just before the signal may not have connected yet, and a connection the closed
# listener refuses is not a request in flight. It is "none" when curl never connected.
request() {
    local name=$1 start out code size pre rc=0
    shift
    start=$(now)
    out="$(curl -sS -o "$WORK/$name.body" -D "$WORK/$name.h" -w '%{http_code} %{size_download} %{time_pretransfer}' --max-time 60 "$@" 2>"$WORK/$name.err")" || rc=$?
    read -r code size pre <<<"${out:-000 0 0}"
    local sent=""
    awk -v p="$pre" 'BEGIN { exit !(p > 0) }' && sent="$(awk -v s="$start" -v p="$pre" 'BEGIN { printf "%.6f", s + p }')"
    echo "${sent:-none} $(now) $code $size $rc $(tr -d '\r' <"$WORK/$name.h" 2>/dev/null | sed -n 's/^[Cc]ontent-[Ll]ength: //p' | tail -1)" >"$WORK/$name.res"
}

wrk -t2 -c16 -d10s --timeout 10s --latency -s "$ROOT/tests/scripts/soak.lua" "$BASE" \
    -- "$WORK/pool.tsv" "$WORK/cursors.tsv" >"$WORK/wrk.txt" 2>&1 &
WRK_PID=$!
BG_PIDS+=("$WRK_PID")
sleep 1

request upload -X POST -H "X-Api-Key: $API_KEY" -H 'Content-Type: text/plain' -H 'Expect:' \
    --limit-rate 40k --data-binary @"$WORK/upload.txt" "$BASE/api/v1/articles" &
BG_PIDS+=($!)
sleep 2

words=(government police minister election hospital climate court market)
for i in 1 2 3; do
    # Distinct queries, so none is answered from the output cache.
    request "get$i" "$BASE/api/v1/articles?pageSize=100&page=$i&q=${words[$i]}%20${words[$((i + 3))]}" &
    BG_PIDS+=($!)
    sleep 0.03
done
# A moment for the GETs to be accepted: a connection still in the kernel's accept queue when the listener closes is
# reset, as with any server, and is not what this script tests.
sleep 0.2

load="$(cut -d' ' -f1-3 /proc/loadavg)"
TERM_AT=$(now)
kill -TERM "$SERVER_PID"
exit_code=0
wait "$SERVER_PID" || exit_code=$?
EXITED_AT=$(now)
SERVER_PID=""
wait "${BG_PIDS[@]}" 2>/dev/null || true
BG_PIDS=()

exit_seconds=$(awk -v a="$TERM_AT" -v b="$EXITED_AT" 'BEGIN { printf "%.2f", b - a }')
failures=()
((exit_code == 0)) || failures+=("the server exited with code $exit_code on SIGTERM")
awk -v s="$exit_seconds" -v t="$SHUTDOWN_TIMEOUT" 'BEGIN { exit !(s < t) }' \
    || failures+=("the server took ${exit_seconds}s to exit (shutdown timeout ${SHUTDOWN_TIMEOUT}s)")

# In-flight requests: sent before the signal; each must have a complete 200 (or 201 for the upload).
in_flight=0
for name in upload get1 get2 get3; do
    start=0 end=0 code=000 size=0 rc=- length=""
    read -r start end code size rc length <"$WORK/$name.res" || true
    expected=200
    [[ $name == upload ]] && expected=201
    if [[ "$start" == none ]]; then
        state="never connected (the listener had closed)" timing="ended $(awk -v e="$end" -v t="$TERM_AT" 'BEGIN { printf "%+.2fs", e - t }')"
    else
        state="$(awk -v s="$start" -v e="$end" -v t="$TERM_AT" 'BEGIN { print (s < t && e > t) ? "in flight at SIGTERM" : (e <= t ? "finished before SIGTERM" : "sent after SIGTERM") }')"
        timing="$(awk -v s="$start" -v e="$end" -v t="$TERM_AT" 'BEGIN { printf "sent %+.2fs, ended %+.2fs", s - t, e - t }')"
    fi
    [[ "$state" == "in flight at SIGTERM" ]] && in_flight=$((in_flight + 1))
    printf 'graceful-shutdown: %-6s %s, %s: HTTP %s, curl exit %s, %s bytes (Content-Length %s)\n' \
        "$name" "$state" "$timing" "$code" "$rc" "$size" "${length:--}"
    if [[ "$state" == "in flight at SIGTERM" || "$state" == "finished before SIGTERM" ]]; then
        [[ "$code" == "$expected" && "$rc" == 0 && ( -z "$length" || "$length" == "$size" ) ]] \
            || failures+=("$name: expected a complete $expected, got HTTP $code, curl exit $rc, $size of ${length:-?} bytes $(cat "$WORK/$name.err" 2>/dev/null)")
    fi
done
((in_flight > 0)) || failures+=("no request was in flight at SIGTERM")
stored="$(sqlite3 -readonly "$WORK/shutdown.db" "SELECT SourceSize FROM Articles WHERE Title = '${TITLE//\'/\'\'}'" 2>&1 || true)"
[[ "$stored" == "$UPLOAD_BYTES" ]] || failures+=("the uploaded article is not in the store with $UPLOAD_BYTES bytes (got '$stored')")

wait "$WRK_PID" 2>/dev/null || true
requests="$(wrk_stat "$WORK/wrk.txt" requests)"
((${requests:-0} > 0)) || failures+=("wrk completed no responses")

grep -q 'Application is shutting down' "$WORK/server.log" || failures+=("the log does not say 'Application is shutting down'")
after_stop="$(sed -n '/Application is shutting down/,$p' "$WORK/server.log" | grep -E '\[[0-9:]+ (WRN|ERR|FTL)\]|Unhandled|Exception' || true)"
[[ -z "$after_stop" ]] || failures+=("warnings or errors after the shutdown began: $(head -5 <<<"$after_stop")")
integrity="$(sqlite3 "$WORK/shutdown.db" 'PRAGMA integrity_check' 2>&1)"
[[ "$integrity" == ok ]] || failures+=("PRAGMA integrity_check: $integrity")

echo
echo "| measure | value |"
echo "| --- | --- |"
echo "| exit code on SIGTERM | $exit_code |"
echo "| SIGTERM to exit | ${exit_seconds} s (limit ${SHUTDOWN_TIMEOUT} s) |"
echo "| requests in flight at SIGTERM | $in_flight, all completed |"
echo "| wrk responses (16 connections) | ${requests:-0}, socket errors connect/read/write/timeout $(wrk_stat "$WORK/wrk.txt" connect)/$(wrk_stat "$WORK/wrk.txt" read)/$(wrk_stat "$WORK/wrk.txt" write)/$(wrk_stat "$WORK/wrk.txt" timeout) (after the signal the listener is closed, so reconnects are refused) |"
echo "| log after the signal | $(sed -n '/Application is shutting down/,$p' "$WORK/server.log" | wc -l) lines, $(grep -c 'Application is shutting down' "$WORK/server.log") 'Application is shutting down' |"
echo "| integrity_check after exit | $integrity |"
echo "| load average | $load |"
echo
echo "graceful-shutdown: log from the signal on:"
sed -n '/Application is shutting down/,$p' "$WORK/server.log" | grep -vE '\] GET /api' | head -15

if ((${#failures[@]})); then
    for f in "${failures[@]}"; do echo "graceful-shutdown: FAILED: $f"; done
    exit 1
fi
echo "graceful-shutdown: passed"
