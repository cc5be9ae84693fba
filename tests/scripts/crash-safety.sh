#!/usr/bin/env bash
# Crash safety of the importer: kill -9 an import at random moments, check the database after every kill with
# PRAGMA integrity_check, then let a last run finish and compare the result with a clean import of the same
# folder into an empty database, ids included. Between kills a tenth of the files is edited, so every round has
# real work to interrupt: inserts in the first round, then in-place updates.
# Usage: tests/scripts/crash-safety.sh [articles=20000] [kills=10]
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
RANDOM=42

import() { # $1 = database file; exit 1 only means some files were skipped. A run that hangs is a failure.
    local status=0
    ConnectionStrings__NewsApi="Data Source=$1" timeout 300 dotnet "$APP" import "$WORK/articles" >/dev/null 2>&1 || status=$?
    if [[ $status -eq 124 ]]; then echo "crash-safety: FAILED: an import into $(basename "$1") did not finish in 300 s"; fi
    [[ $status -le 1 ]]
}

# Every content row without times or the import log: two stores with equal dumps hold the same articles under
# the same ids and slugs. Image and link rows of an updated article are rewritten with new row ids, so they are
# compared by article and position.
dump() {
    sqlite3 "$1" <<'SQL'
SELECT Id, Slug, Title, NormalizedTitle, Summary, WordCount, ImageCount, RelatedLinkCount, SourceFileName, Sha256, SourceSize, SourceEncoding, SourceLineEndings, DiagnosticsJson FROM Articles ORDER BY Id;
SELECT b.ArticleId, b.Position, b.Type, b.Text, b.FirstLine, b.LastLine, i.Position, r.Position FROM BodyBlocks b LEFT JOIN Images i ON i.Id = b.ImageId LEFT JOIN RelatedLinks r ON r.Id = b.RelatedLinkId ORDER BY b.ArticleId, b.Position;
SELECT ArticleId, Position, Caption, Credit, CreditAgency, CreditPhotographer, FirstLine, LastLine FROM Images ORDER BY ArticleId, Position;
SELECT ArticleId, Position, Title, NormalizedTitle, Marker, TargetArticleId, FirstLine, LastLine FROM RelatedLinks ORDER BY ArticleId, Position;
SELECT rowid, Title, Body, Captions FROM ArticleSearch ORDER BY rowid;
SELECT i.ArticleId, i.Position, s.Caption, s.Credit FROM ImageSearch s JOIN Images i ON i.Id = s.rowid ORDER BY i.ArticleId, i.Position;
SELECT COUNT(*) FROM ArticleSearch; SELECT COUNT(*) FROM ImageSearch;
SQL
}

# Appends a correction to a tenth of the files, chosen by the round number.
perturb() {
    local round="$1" i=0
    for f in "$WORK"/articles/*.txt; do
        i=$((i + 1))
        if (( (i + round) % 10 == 0 )); then printf '\n\nA correction was added in round %s.' "$round" >> "$f"; fi
    done
}

start=$(date +%s.%N)
import "$WORK/first.db"
window=$(echo "$(date +%s.%N) - $start" | bc)
rm -f "$WORK"/first.db*
echo "crash-safety: a clean import of $COUNT articles took ${window}s"

failures=0
landed=0
for i in $(seq 1 "$KILLS"); do
    if [[ $i -gt 1 ]]; then perturb "$i"; fi
    delay=$(awk -v max="$window" -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.2 + (r / 32767) * max }')
    ConnectionStrings__NewsApi="Data Source=$WORK/crash.db" dotnet "$APP" import "$WORK/articles" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then
        state="killed"; landed=$((landed + 1))
    else
        # The import beat the kill: aim earlier next time.
        state="had finished"; window=$(echo "$window / 2" | bc -l)
    fi
    wait "$pid" 2>/dev/null || true
    articles=$(sqlite3 "$WORK/crash.db" "SELECT COUNT(*) FROM Articles" 2>/dev/null || echo "-")
    check=$(sqlite3 "$WORK/crash.db" "PRAGMA integrity_check" 2>&1 | tr '\n' ' ')
    # A kill during start-up can leave EF Core's migration lock row behind; the next run must not wait for it.
    lock=$(sqlite3 "$WORK/crash.db" "SELECT COUNT(*) FROM __EFMigrationsLock" 2>/dev/null || echo 0)
    echo "crash-safety: round $i $state after ${delay}s: articles=$articles migration-lock-rows=$lock integrity=$check"
    [[ "$check" == "ok " ]] || failures=$((failures + 1))
done

# Whatever the kills hit, the last run also meets the lock row a process killed while migrating leaves.
sqlite3 "$WORK/crash.db" "CREATE TABLE IF NOT EXISTS __EFMigrationsLock (Id INTEGER NOT NULL PRIMARY KEY, Timestamp TEXT NOT NULL);
    INSERT OR IGNORE INTO __EFMigrationsLock VALUES (1, '2026-01-01 00:00:00+00:00');"
import "$WORK/crash.db"
import "$WORK/clean.db"
dump "$WORK/crash.db" > "$WORK/crash.dump"
dump "$WORK/clean.db" > "$WORK/clean.dump"
if cmp -s "$WORK/clean.dump" "$WORK/crash.dump"; then
    echo "crash-safety: $landed of $KILLS kills landed inside an import; after a final run the store equals a clean import of the same folder ($(wc -l < "$WORK/clean.dump") rows compared)"
else
    echo "crash-safety: FAILED: the store differs from a clean import"
    diff "$WORK/clean.dump" "$WORK/crash.dump" | head -20
    failures=$((failures + 1))
fi
if [[ $landed -lt $((KILLS / 2)) ]]; then
    echo "crash-safety: FAILED: only $landed of $KILLS kills landed inside an import"
    failures=$((failures + 1))
fi

[[ $failures -eq 0 ]]
