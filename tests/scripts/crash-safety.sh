#!/usr/bin/env bash
# Crash safety of the importer: kill -9 an import at random moments, check the database after every kill
# with PRAGMA integrity_check, then let a last run finish and compare the result with a clean import of
# the same folder. Usage: tests/scripts/crash-safety.sh [articles=20000] [kills=10]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
COUNT="${1:-20000}"
KILLS="${2:-10}"
WORK="$(mktemp -d /tmp/newsapi-crash.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

command -v sqlite3 >/dev/null || { echo "crash-safety: sqlite3 is required (apt-get install sqlite3)"; exit 2; }

dotnet build "$ROOT/src/NewsApi" -c Release -v quiet -nologo >/dev/null
dotnet run -c Release --project "$ROOT/bench/NewsApi.Generator" -- --count "$COUNT" --out "$WORK/articles" --seed 7 >/dev/null
APP="$ROOT/src/NewsApi/bin/Release/net10.0/NewsApi.dll"

import() { # $1 = database file
    ConnectionStrings__NewsApi="Data Source=$1" dotnet "$APP" import "$WORK/articles" >/dev/null 2>&1
}

# Every content row without times or the import log: two stores with equal dumps hold the same articles.
dump() {
    sqlite3 "$1" <<'SQL'
SELECT Id, Slug, Title, NormalizedTitle, Summary, WordCount, ImageCount, RelatedLinkCount, SourceFileName, Sha256, SourceSize, SourceEncoding, SourceLineEndings, DiagnosticsJson FROM Articles ORDER BY Id;
SELECT * FROM BodyBlocks ORDER BY ArticleId, Position;
SELECT * FROM Images ORDER BY Id;
SELECT * FROM RelatedLinks ORDER BY Id;
SELECT rowid, Title, Body, Captions FROM ArticleSearch ORDER BY rowid;
SELECT rowid, Caption, Credit FROM ImageSearch ORDER BY rowid;
SQL
}

start=$(date +%s.%N)
import "$WORK/clean.db"
clean_seconds=$(echo "$(date +%s.%N) - $start" | bc)
dump "$WORK/clean.db" > "$WORK/clean.dump"
echo "crash-safety: clean import of $COUNT articles took ${clean_seconds}s"

failures=0
for i in $(seq 1 "$KILLS"); do
    # A random moment inside the time a clean import takes, so kills land in migration, batches and link resolution.
    delay=$(awk -v max="$clean_seconds" -v seed="$RANDOM" 'BEGIN { srand(seed); printf "%.2f", 0.3 + rand() * max }')
    ConnectionStrings__NewsApi="Data Source=$WORK/crash.db" dotnet "$APP" import "$WORK/articles" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then state="killed"; else state="had finished"; fi
    wait "$pid" 2>/dev/null || true
    articles=$(sqlite3 "$WORK/crash.db" "SELECT COUNT(*) FROM Articles" 2>/dev/null || echo "-")
    check=$(sqlite3 "$WORK/crash.db" "PRAGMA integrity_check" 2>&1 | tr '\n' ' ')
    echo "crash-safety: run $i $state after ${delay}s: articles=$articles integrity=$check"
    [[ "$check" == "ok " ]] || failures=$((failures + 1))
done

import "$WORK/crash.db"
dump "$WORK/crash.db" > "$WORK/crash.dump"
if cmp -s "$WORK/clean.dump" "$WORK/crash.dump"; then
    echo "crash-safety: after $KILLS kills and a final run the store equals a clean import ($(wc -l < "$WORK/clean.dump") rows)"
else
    echo "crash-safety: FAILED: the store differs from a clean import"
    diff "$WORK/clean.dump" "$WORK/crash.dump" | head -20
    failures=$((failures + 1))
fi

[[ $failures -eq 0 ]]
