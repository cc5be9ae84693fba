#!/usr/bin/env bash
# A full disk, made for real: the store lives on a small tmpfs (mounting one needs root), the script fills it, and
# then writes through the API. Each write must be refused whole with a problem (no 2xx, no 500, no stack trace),
# leave the article and the count as they were, and go through once space is freed. Loopback only.
# Usage (as root): tests/scripts/full-disk.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$(mktemp -d /tmp/newsapi-full-disk.XXXXXX)"
DISK="$WORK/disk"
# shellcheck source=tests/scripts/soak-lib.sh
source "$ROOT/tests/scripts/soak-lib.sh"
trap 'stop_server; umount "$DISK" 2>/dev/null || true; cleanup' EXIT

[[ $(id -u) -eq 0 ]] || { echo "full-disk: mounting a tmpfs needs root"; exit 2; }
for tool in curl jq dd mount; do command -v "$tool" >/dev/null || { echo "full-disk: $tool is required"; exit 2; }; done
build_and_generate 40 "$WORK/articles"
mkdir -p "$DISK"
mount -t tmpfs -o size=16m tmpfs "$DISK"
start_server "$DISK/news.db" "$WORK/articles" "$WORK/server.log"

failures=0
fail() { echo "full-disk: FAILED: $*"; failures=$((failures + 1)); }
count() { curl -fsS --max-time 10 "$BASE/api/v1/articles?pageSize=1" | jq .totalItems; }
write() { # <method> <path> <title>: a ~300 KB article; prints the status, leaves the body in $WORK/out.json
    { printf '%s\n\n' "$3"; for i in $(seq 1 600); do printf 'Paragraph %d of a long article written to fill pages, with enough words to need many of them.\n\n' "$i"; done; } \
        | curl -sS -o "$WORK/out.json" -w '%{http_code}' --max-time 60 -X "$1" -H "X-Api-Key: $API_KEY" \
            -H 'Content-Type: text/plain' --data-binary @- "$BASE$2"
}

id="$(curl -fsS "$BASE/api/v1/articles?pageSize=1&sort=id" | jq -r '.items[0].id')"
title="$(curl -fsS "$BASE/api/v1/articles/$id" | jq -r .title)"
before="$(count)"
dd if=/dev/zero of="$DISK/filler" bs=64k status=none 2>/dev/null || true # stops at ENOSPC
echo "full-disk: store on a full tmpfs ($(df -h --output=avail "$DISK" | tail -1 | tr -d ' ') free)"

for attempt in "PUT /api/v1/articles/$id Full-disk replacement" "POST /api/v1/articles Full-disk addition"; do
    read -r method path words <<<"$attempt"
    code="$(write "$method" "$path" "$words")"
    echo "full-disk: $method on a full disk answered $code: $(jq -c '{title, detail}' "$WORK/out.json" 2>/dev/null || head -c 200 "$WORK/out.json")"
    [[ "$code" == 2* || "$code" == 500 ]] && fail "$method on a full disk answered $code"
    jq -e '.status and .title' "$WORK/out.json" >/dev/null 2>&1 || fail "$method on a full disk did not answer a problem"
    grep -q ' at [A-Z][A-Za-z.]*(' "$WORK/out.json" && fail "$method on a full disk answered a stack trace"
done
[[ "$(curl -fsS "$BASE/api/v1/articles/$id" | jq -r .title)" == "$title" ]] || fail "the refused PUT changed the article"
[[ "$(count)" == "$before" ]] || fail "the refused POST changed the count ($before -> $(count))"

rm -f "$DISK/filler"
code="$(write PUT "/api/v1/articles/$id" "After the disk was freed")"
[[ "$code" == 200 ]] || fail "a PUT after space was freed answered $code: $(head -c 300 "$WORK/out.json")"
[[ "$(curl -fsS "$BASE/api/v1/articles/$id" | jq -r .title)" == "After the disk was freed" ]] || fail "the PUT after space was freed is not served"
curl -fsS "$BASE/health/ready" -o /dev/null || fail "readiness is not 200 after space was freed"

if ((failures)); then echo "full-disk: $failures check(s) failed"; tail -20 "$WORK/server.log"; exit 1; fi
echo "full-disk: passed"
