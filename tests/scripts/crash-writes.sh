#!/usr/bin/env bash
# Crash safety of API writes: kill -9 the Release build while a client POSTs, PUTs and DELETEs articles, restart it
# on the same store, and check that every acknowledged write is there, nothing is half-applied and no id changed.
# Loopback only. Usage: tests/scripts/crash-writes.sh [rounds=5] [articles=500]
#
# One writer sends its writes one after another and logs each 2xx it receives, so at a kill at most one write is
# in flight: its outcome is unknown (either state is accepted for that one article); every other one is acknowledged.
# After each restart: PRAGMA integrity_check; every acknowledged article is served under its id with its latest
# acknowledged title (GET and the stored row agree); every acknowledged DELETE answers 410; every article has its
# body blocks, its stored source text and exactly one search row; the search index has no row without an article.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS="${1:-5}"
COUNT="${2:-500}"
WORK="$(mktemp -d /tmp/newsapi-crash-writes.XXXXXX)"
# shellcheck source=tests/scripts/soak-lib.sh
source "$ROOT/tests/scripts/soak-lib.sh"

for tool in curl sqlite3; do command -v "$tool" >/dev/null || { echo "crash-writes: $tool is required"; exit 2; }; done
build_and_generate "$COUNT" "$WORK/articles"
DB="$WORK/store.db"
RANDOM=4242

declare -A expected=() # id -> latest acknowledged title, or "GONE"
failures=0
fail() { echo "crash-writes: FAILED: $*"; failures=$((failures + 1)); }

# writer <round>: sequential writes until killed; logs "POST|PUT|DELETE id title" per 2xx, and the write in flight.
writer() {
    local round=$1 i=0 code id title ids=()
    while true; do
        i=$((i + 1))
        title="Crash write $round-$i $(basename "$WORK")"
        if ((${#ids[@]} < 3 || RANDOM % 3 == 0)); then
            printf 'POST - %s\n' "$title" >"$WORK/inflight"
            printf '%s\n\nWritten by the crash test in round %d, write %d.\n\nA second paragraph to index.\n' "$title" "$round" "$i" >"$WORK/body.txt"
            code="$(curl -sS -o /dev/null -D "$WORK/h" -w '%{http_code}' --max-time 30 -X POST -H "X-Api-Key: $API_KEY" \
                -H 'Content-Type: text/plain' --data-binary @"$WORK/body.txt" "$BASE/api/v1/articles" 2>/dev/null)" || return 0
            id="$(tr -d '\r' <"$WORK/h" | sed -n 's#^[Ll]ocation: .*/api/v1/articles/\([0-9]*\)$#\1#p')"
            [[ "$code" == 201 && -n "$id" ]] || continue
            ids+=("$id")
            printf 'POST %s %s\n' "$id" "$title" >>"$WORK/acked"
        elif ((RANDOM % 4 == 0)); then
            id="${ids[$((RANDOM % ${#ids[@]}))]}"
            printf 'DELETE %s -\n' "$id" >"$WORK/inflight"
            code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -X DELETE -H "X-Api-Key: $API_KEY" "$BASE/api/v1/articles/$id" 2>/dev/null)" || return 0
            local kept=() k
            for k in "${ids[@]}"; do [[ "$k" == "$id" ]] || kept+=("$k"); done
            ids=("${kept[@]}")
            [[ "$code" == 204 ]] && printf 'DELETE %s -\n' "$id" >>"$WORK/acked"
        else
            id="${ids[$((RANDOM % ${#ids[@]}))]}"
            printf 'PUT %s %s\n' "$id" "$title" >"$WORK/inflight"
            printf '%s\n\nReplaced by the crash test in round %d, write %d.\n' "$title" "$round" "$i" >"$WORK/body.txt"
            code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -X PUT -H "X-Api-Key: $API_KEY" \
                -H 'Content-Type: text/plain' --data-binary @"$WORK/body.txt" "$BASE/api/v1/articles/$id" 2>/dev/null)" || return 0
            [[ "$code" == 200 ]] && printf 'PUT %s %s\n' "$id" "$title" >>"$WORK/acked"
        fi
        : >"$WORK/inflight"
    done
}

sql() { sqlite3 -cmd '.timeout 5000' "$DB" "$1"; }

for round in $(seq 1 "$ROUNDS"); do
    start_server "$DB" "$WORK/articles" "$WORK/server.log"
    : >"$WORK/acked"; : >"$WORK/inflight"
    writer "$round" &
    WRITER=$!
    BG_PIDS+=("$WRITER")
    sleep "$(printf '%d.%02d' $((1 + RANDOM % 3)) $((RANDOM % 100)))"
    kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
    wait "$WRITER" 2>/dev/null || true

    inflight_id="$(awk '{print $2}' "$WORK/inflight")"
    inflight_title="$(cut -d' ' -f3- "$WORK/inflight")"
    while read -r op id title; do
        case "$op" in
            POST | PUT) expected[$id]="$title" ;;
            DELETE) expected[$id]=GONE ;;
        esac
    done <"$WORK/acked"
    acked=$(wc -l <"$WORK/acked")

    integrity="$(sql 'PRAGMA integrity_check;')"
    [[ "$integrity" == ok ]] || fail "round $round: integrity_check: $integrity"

    start_server "$DB" "$WORK/articles" "$WORK/server.log"
    for id in "${!expected[@]}"; do
        want="${expected[$id]}"
        code="$(curl -sS -o "$WORK/get.json" -w '%{http_code}' --max-time 30 "$BASE/api/v1/articles/$id")"
        stored="$(sql "SELECT Title FROM Articles WHERE Id = $id;")"
        if [[ "$id" == "$inflight_id" ]]; then
            # The write in flight at the kill may or may not have committed: either whole state is fine.
            [[ "$stored" == "$want" || "$stored" == "$inflight_title" || ("$want" == GONE && -z "$stored") || (-z "$stored" && "$inflight_title" == -) ]] \
                || fail "round $round: article $id (write in flight) is '$stored', expected '$want' or '$inflight_title'"
            # Whichever whole state it reached is what later rounds must find.
            if [[ -n "$stored" ]]; then expected[$id]="$stored"; else expected[$id]=GONE; fi
            continue
        fi
        if [[ "$want" == GONE ]]; then
            [[ "$code" == 410 && -z "$stored" ]] || fail "round $round: deleted article $id answers $code (row: '$stored')"
        elif [[ "$code" != 200 || "$stored" != "$want" ]] || ! grep -qF "\"title\":\"$want\"" "$WORK/get.json"; then
            fail "round $round: article $id answers $code with '$(head -c 120 "$WORK/get.json")', stored '$stored', expected '$want'"
        fi
    done

    half="$(sql "SELECT
        (SELECT COUNT(*) FROM Articles a WHERE NOT EXISTS (SELECT 1 FROM BodyBlocks b WHERE b.ArticleId = a.Id)),
        (SELECT COUNT(*) FROM Articles a WHERE NOT EXISTS (SELECT 1 FROM ArticleSources s WHERE s.ArticleId = a.Id)),
        (SELECT COUNT(*) FROM Articles a WHERE (SELECT COUNT(*) FROM ArticleSearch f WHERE f.rowid = a.Id) <> 1),
        (SELECT COUNT(*) FROM ArticleSearch f WHERE NOT EXISTS (SELECT 1 FROM Articles a WHERE a.Id = f.rowid));")"
    [[ "$half" == "0|0|0|0" ]] || fail "round $round: half-applied rows (no blocks|no source|search rows off|orphan search rows): $half"
    stop_server
    SERVER_PID=""
    echo "crash-writes: round $round: $acked acknowledged writes, in flight at the kill: '$(cat "$WORK/inflight")'; ${#expected[@]} articles checked"
done

if ((failures > 0)); then
    echo "crash-writes: FAILED ($failures)"
    exit 1
fi
echo "crash-writes: passed: $ROUNDS kills during API writes, every acknowledged write present, nothing half-applied, ids unchanged"
