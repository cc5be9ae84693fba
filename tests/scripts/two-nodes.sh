#!/usr/bin/env bash
# Two API nodes on one PostgreSQL database behind nginx, all on loopback: what a load-balanced deployment relies on.
#   1. nginx spreads requests over both nodes (round robin).
#   2. A write through one node (POST, PUT) is visible through the other node and through the balancer within 2 s
#      (by id, list, search, feed), although both had the old answers cached; a DELETE is a 410 on the other node
#      at its first read after the DELETE's answer.
#   3. Two imports started at once on the two nodes run one after the other (one waits for the writers' lock).
#   4. kill -9 of the node whose import is running: the other node's import takes over, and the store then equals a
#      clean import of the same folder into a new database (ids, slugs, blocks, images, teasers, search index).
# Usage: tests/scripts/two-nodes.sh [ARTICLES]   (default 3000 generated articles for the import checks)
# Needs Debian's postgresql and nginx packages (.ci/run installs them); prints PASS/FAIL per check, exits 1 on a FAIL.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
COUNT="${1:-3000}"
WORK="$(mktemp -d /tmp/newsapi-two-nodes.XXXXXX)"
chmod 755 "$WORK"
APP="$ROOT/src/NewsApi/bin/Release/net10.0/NewsApi.dll"
KEY="two-nodes-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PIDS=()
NGINX_PID=""
failures=0

cleanup() {
    trap - EXIT
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    [[ -z "$NGINX_PID" ]] || kill -TERM "$NGINX_PID" 2>/dev/null || true
    sleep 1
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    "$ROOT/tests/scripts/postgres.sh" stop "$WORK/pg" >/dev/null 2>&1 || true
    if [[ "${TWO_NODES_KEEP:-0}" == 1 ]]; then echo "two-nodes: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

say() { echo "two-nodes: $*"; }
pass() { say "PASS: $*"; }
fail() { say "FAIL: $*"; failures=$((failures + 1)); }
now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

command -v nginx >/dev/null || { say "nginx is required (apt-get install -y nginx)"; exit 2; }
command -v psql >/dev/null || { say "psql is required (apt-get install -y postgresql)"; exit 2; }

say "building NewsApi (Release) and generating $COUNT articles"
dotnet build "$ROOT/src/NewsApi" -c Release -v quiet -nologo >/dev/null || exit 2
dotnet run -c Release --project "$ROOT/bench/NewsApi.Generator" -- --count "$COUNT" --out "$WORK/big" --seed 11 >/dev/null || exit 2
mkdir -p "$WORK/small" && cp "$ROOT"/data/articles/*.txt "$WORK/small/"

SERVER="$("$ROOT/tests/scripts/postgres.sh" start "$WORK/pg")" || { say "PostgreSQL did not start"; exit 2; }
PGPORT="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$SERVER")"
sql() { psql -X -q -At -h 127.0.0.1 -p "$PGPORT" -U newsapi -d "$1" -c "$2"; }
database() { sql postgres "CREATE DATABASE $1" && echo "${SERVER/Database=newsapi/Database=$1}"; }
[[ "$SERVER" == *Database=newsapi* ]] || { say "unexpected connection string: $SERVER"; exit 2; }

# start_node <name> <connection string> <source folder> <import on start>: sets NODE_PID and NODE_URL.
start_node() {
    local log="$WORK/$1.log"
    NewsApi__Provider=Postgres \
    ConnectionStrings__NewsApi="$2" \
    NewsApi__SourceDirectory="$3" \
    NewsApi__ImportOnStartup="$4" \
    NewsApi__ApiKeys__0="$KEY" \
    NewsApi__ReadRequestsPerSecond=1000000 \
    NewsApi__WriteRequestsPerMinute=100000 \
    NewsApi__PublicBaseUrl="http://127.0.0.1" \
    ASPNETCORE_ENVIRONMENT=Production DOTNET_CLI_TELEMETRY_OPTOUT=1 \
        dotnet "$APP" --urls "http://127.0.0.1:0" --contentRoot "$(dirname "$APP")" >"$log" 2>&1 &
    NODE_PID=$!
    PIDS+=("$NODE_PID")
    NODE_URL=""
    local deadline=$((SECONDS + 120))
    until [[ -n "$NODE_URL" ]] && curl -fs -o /dev/null --max-time 5 "$NODE_URL/health/ready"; do
        NODE_URL="$(sed -n 's#.*Now listening on: \(http://127\.0\.0\.1:[0-9]*\).*#\1#p' "$log" 2>/dev/null | head -1)"
        if ! kill -0 "$NODE_PID" 2>/dev/null || ((SECONDS > deadline)); then say "node $1 did not become ready:"; tail -20 "$log"; exit 2; fi
        sleep 0.3
    done
}

# start_nginx <port of node a> <port of node b>: round robin on a free loopback port; sets LB.
start_nginx() {
    local port; port="$(free_port)"
    mkdir -p "$WORK/nginx"
    cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    upstream newsapi { server 127.0.0.1:$1; server 127.0.0.1:$2; keepalive 32; }
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://newsapi;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host:\$server_port;
        }
    }
}
CONF
    nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
    NGINX_PID=$!
    LB="http://127.0.0.1:$port"
    local deadline=$((SECONDS + 20))
    until curl -fs -o /dev/null --max-time 2 "$LB/health/ready"; do
        ((SECONDS < deadline)) || { say "nginx did not start:"; cat "$WORK/nginx/error.log"; exit 2; }
        sleep 0.2
    done
}

port_of() { sed 's#.*:##' <<<"$1"; }
status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$1"; }

# waits_for <what> <since, ms> <command...>: runs the command until it succeeds, for at most 5 s after <since>; prints
# the ms from <since> (the write's answer) to the answer that showed it.
waits_for() {
    local what="$1" start="$2"; shift 2
    until "$@"; do
        if (( $(now_ms) - start > 5000 )); then echo 99999; say "  $what: not seen in 5 s" >&2; return 0; fi
        sleep 0.02
    done
    echo $(( $(now_ms) - start ))
}

has() { curl -fsS --max-time 10 "$1" 2>/dev/null | grep -q -- "$2"; }

# ---- 1 and 2: freshness across nodes ---------------------------------------------------------------------------
ONE="$(database newsapi_nodes)"
dotnet "$APP" migrate --ConnectionStrings:NewsApi="$ONE" --NewsApi:Provider=Postgres >"$WORK/migrate.log" 2>&1 \
    || { say "migrate failed:"; cat "$WORK/migrate.log"; exit 2; }
start_node a "$ONE" "$WORK/small" true; A="$NODE_URL"; A_PID="$NODE_PID"
start_node b "$ONE" "$WORK/small" true; B="$NODE_URL"; B_PID="$NODE_PID"
start_nginx "$(port_of "$A")" "$(port_of "$B")"
say "nodes $A and $B, nginx $LB"

before_a=$(grep -c 'GET /api/v1/articles ' "$WORK/a.log"); before_b=$(grep -c 'GET /api/v1/articles ' "$WORK/b.log")
for _ in $(seq 1 20); do curl -fs -o /dev/null "$LB/api/v1/articles?pageSize=1&_=$RANDOM"; done
served_a=$(( $(grep -c 'GET /api/v1/articles ' "$WORK/a.log") - before_a )); served_b=$(( $(grep -c 'GET /api/v1/articles ' "$WORK/b.log") - before_b ))
if (( served_a >= 5 && served_b >= 5 )); then pass "round robin: of 20 requests through nginx, node a answered $served_a and node b $served_b"; else fail "round robin: node a $served_a, node b $served_b of 20"; fi

WORD="zebrafinch$RANDOM"
TITLE="Harbour $WORD count begins"
# Both nodes answer (and cache) the list, the search, the feed and a missing slug before the write.
for n in "$A" "$B" "$LB"; do
    curl -fs -o /dev/null "$n/api/v1/articles?pageSize=100"; curl -fs -o /dev/null "$n/api/v1/articles?q=$WORD"
    curl -fs -o /dev/null "$n/api/v1/feeds/articles.rss"
done
created="$(curl -fsS -X POST -H "X-Api-Key: $KEY" -H 'Content-Type: text/plain' --data-binary "$TITLE

The annual $WORD count started on the harbour wall at dawn.
" "$A/api/v1/articles")" || { fail "POST through node a"; created=""; }
written=$(now_ms)
ID="$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' <<<"$created")"
SLUG="$(sed -n 's/.*"slug":"\([^"]*\)".*/\1/p' <<<"$created" | head -1)"
say "created article $ID ($SLUG) through node a"
worst=0
for check in "b by id|has $B/api/v1/articles/$ID $WORD" "b list|has $B/api/v1/articles?pageSize=100 $SLUG" \
    "b search|has $B/api/v1/articles?q=$WORD $SLUG" "b feed|has $B/api/v1/feeds/articles.rss $WORD" \
    "balancer search|has $LB/api/v1/articles?q=$WORD $SLUG" "balancer list|has $LB/api/v1/articles?pageSize=100 $SLUG"; do
    what="${check%%|*}"; read -r -a cmd <<<"${check#*|}"
    ms=$(waits_for "$what" "$written" "${cmd[@]}")
    say "  POST visible on $what after ${ms} ms"
    (( ms > worst )) && worst=$ms
done
if (( worst <= 2000 )); then pass "a POST through node a was visible on node b and through nginx (by id, list, search, feed) within ${worst} ms (bound 2000)"; else fail "a POST took ${worst} ms to be seen"; fi

etag="$(curl -fsS -D - -o /dev/null "$A/api/v1/articles/$ID" | sed -n 's/^[Ee][Tt]ag: *\(.*\)\r$/\1/p')"
curl -fs -o /dev/null "$B/api/v1/articles/$ID"
NEWWORD="kittiwake$RANDOM"
curl -fsS -o /dev/null -X PUT -H "X-Api-Key: $KEY" -H "If-Match: $etag" -H 'Content-Type: text/plain' --data-binary "$TITLE again

The $NEWWORD count replaced the $WORD count.
" "$A/api/v1/articles/$ID" || fail "PUT through node a"
written=$(now_ms)
worst=0
for check in "b by id|has $B/api/v1/articles/$ID $NEWWORD" "b search|has $B/api/v1/articles?q=$NEWWORD $SLUG" "balancer by id|has $LB/api/v1/articles/$ID $NEWWORD"; do
    what="${check%%|*}"; read -r -a cmd <<<"${check#*|}"
    ms=$(waits_for "$what" "$written" "${cmd[@]}")
    say "  PUT visible on $what after ${ms} ms"
    (( ms > worst )) && worst=$ms
done
if (( worst <= 2000 )); then pass "a PUT through node a was visible on node b and through nginx within ${worst} ms"; else fail "a PUT took ${worst} ms to be seen"; fi

# The delete: node b has the article cached; its first read after the DELETE's answer must already be a 410.
for _ in 1 2 3; do curl -fs -o /dev/null "$B/api/v1/articles/$ID"; curl -fs -o /dev/null "$B/api/v1/articles/$SLUG"; done
etag="$(curl -fsS -D - -o /dev/null "$A/api/v1/articles/$ID" | sed -n 's/^[Ee][Tt]ag: *\(.*\)\r$/\1/p')"
deleted="$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "X-Api-Key: $KEY" -H "If-Match: $etag" "$A/api/v1/articles/$ID")"
first_b="$(status_of "$B/api/v1/articles/$ID")"; first_slug="$(status_of "$B/api/v1/articles/$SLUG")"; first_lb="$(status_of "$LB/api/v1/articles/$ID")"
search_b="$(curl -fsS "$B/api/v1/articles?q=$NEWWORD" | grep -c "$SLUG")"
if [[ "$deleted" == 204 && "$first_b" == 410 && "$first_slug" == 410 && "$first_lb" == 410 && "$search_b" == 0 ]]; then
    pass "a DELETE through node a (204): node b's first reads by id and slug and through nginx were 410, and its search no longer finds it"
else
    fail "DELETE $deleted; then node b by id $first_b, by slug $first_slug, nginx $first_lb, search hits $search_b"
fi
kill -TERM "$A_PID" "$B_PID" "$NGINX_PID" 2>/dev/null; wait "$A_PID" "$B_PID" "$NGINX_PID" 2>/dev/null; PIDS=(); NGINX_PID=""

# ---- 3 and 4: two imports at once, and a node killed mid-import -------------------------------------------------
TWO="$(database newsapi_imports)"
dotnet "$APP" migrate --ConnectionStrings:NewsApi="$TWO" --NewsApi:Provider=Postgres >>"$WORK/migrate.log" 2>&1 || { say "migrate failed"; exit 2; }
start_node c "$TWO" "$WORK/big" false; C="$NODE_URL"; C_PID="$NODE_PID"
start_node d "$TWO" "$WORK/big" false; D="$NODE_URL"; D_PID="$NODE_PID"
curl -fsS -o "$WORK/run-c.json" -X POST -H "X-Api-Key: $KEY" "$C/api/v1/imports" & post_c=$!
curl -fsS -o "$WORK/run-d.json" -X POST -H "X-Api-Key: $KEY" "$D/api/v1/imports" & post_d=$!
wait "$post_c" "$post_d"
run_c="$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$WORK/run-c.json")"; run_d="$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$WORK/run-d.json")"
[[ -n "$run_c" && -n "$run_d" ]] || { fail "both nodes should accept an import (c: $(cat "$WORK/run-c.json"), d: $(cat "$WORK/run-d.json"))"; }
processed() { curl -fsS "$1/api/v1/imports/$2" | sed -n 's/.*"processed":\([0-9]*\).*/\1/p'; }
run_status() { curl -fsS "$1/api/v1/imports/$2" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'; }

# Whichever run got the writers' lock first makes progress; the other must still be at 0.
deadline=$((SECONDS + 120)); holder=""
while [[ -z "$holder" ]] && ((SECONDS < deadline)); do
    pc="$(processed "$C" "$run_c")"; pd="$(processed "$C" "$run_d")"
    if (( ${pc:-0} > 0 )); then holder=c; elif (( ${pd:-0} > 0 )); then holder=d; else sleep 0.1; fi
done
[[ -n "$holder" ]] || { fail "no import made progress in 120 s"; exit 1; }
if [[ $holder == c ]]; then killed_pid=$C_PID; survivor=$D; waiting=$run_d; running=$run_c; waited=$pd
else killed_pid=$D_PID; survivor=$C; waiting=$run_c; running=$run_d; waited=$pc; fi
kill -KILL "$killed_pid"
wait "$killed_pid" 2>/dev/null
at_kill="$(sql newsapi_imports 'SELECT count(*) FROM "Articles"')"
say "node $holder ran import $running and was killed with kill -9 after $at_kill of $COUNT articles were committed; import $waiting (node ${survivor##*:}) had processed ${waited:-?}"
if [[ "$waited" == 0 ]]; then pass "two imports started at once ran one after the other: the second had processed 0 files while the first had committed $at_kill articles"; else fail "the second import had processed $waited files while the first ran"; fi

deadline=$((SECONDS + 300))
until [[ "$(run_status "$survivor" "$waiting")" =~ ^(completed|incomplete|failed|interrupted)$ ]] || ((SECONDS > deadline)); do sleep 0.5; done
final="$(run_status "$survivor" "$waiting")"
summary="$(curl -fsS "$survivor/api/v1/imports/$waiting" | sed -n 's/.*"imported":\([0-9]*\),"updated":\([0-9]*\),"unchanged":\([0-9]*\).*/imported \1, updated \2, unchanged \3/p')"
say "the surviving node's import $waiting: $final ($summary)"

# The reference: the same folder imported into a new database by the import verb.
CLEAN="$(database newsapi_clean)"
dotnet "$APP" import "$WORK/big" --ConnectionStrings:NewsApi="$CLEAN" --NewsApi:Provider=Postgres >"$WORK/clean.log" 2>&1 \
    || { say "clean import failed:"; tail -5 "$WORK/clean.log"; exit 2; }
dump() {
    psql -X -q -At -h 127.0.0.1 -p "$PGPORT" -U newsapi -d "$1" <<'SQL'
SELECT "Id", "Slug", "Title", "NormalizedTitle", "Summary", "WordCount", "ImageCount", "RelatedLinkCount", "SourceFileName", "Sha256", "DiagnosticsJson" FROM "Articles" ORDER BY "Id";
SELECT b."ArticleId", b."Position", b."Type", b."Text", b."FirstLine", b."LastLine", i."Position", r."Position" FROM "BodyBlocks" b LEFT JOIN "Images" i ON i."Id" = b."ImageId" LEFT JOIN "RelatedLinks" r ON r."Id" = b."RelatedLinkId" ORDER BY b."ArticleId", b."Position";
SELECT "ArticleId", "Position", "Caption", "Credit", "CreditAgency", "CreditPhotographer" FROM "Images" ORDER BY "ArticleId", "Position";
SELECT "ArticleId", "Position", "Title", "Marker", "TargetArticleId" FROM "RelatedLinks" ORDER BY "ArticleId", "Position";
SELECT "ArticleId", "Vector"::text FROM "ArticleSearchVectors" ORDER BY "ArticleId";
SELECT i."ArticleId", i."Position", v."Vector"::text FROM "ImageSearchVectors" v JOIN "Images" i ON i."Id" = v."ImageId" ORDER BY 1, 2;
SELECT count(*) FROM "ArticleSources";
SQL
}
dump newsapi_imports >"$WORK/killed.dump"; dump newsapi_clean >"$WORK/clean.dump"
articles="$(sql newsapi_imports 'SELECT count(*) FROM "Articles"')"
if [[ "$final" == completed && "$articles" == "$COUNT" ]] && cmp -s "$WORK/killed.dump" "$WORK/clean.dump"; then
    pass "after kill -9 of the importing node the other node's import completed, and the store equals a clean import ($articles articles, $(wc -l <"$WORK/clean.dump") rows compared, ids included)"
else
    fail "after the kill: run $final, $articles articles of $COUNT; store vs clean import:"
    diff "$WORK/clean.dump" "$WORK/killed.dump" | head -10
fi

if ((failures == 0)); then say "all checks passed"; else say "$failures check(s) failed"; fi
((failures == 0))
