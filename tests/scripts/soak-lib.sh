# Shared helpers for tests/scripts/soak.sh and tests/scripts/graceful-shutdown.sh (sourced, not run).
# Expects ROOT and WORK to be set. Starts the Release build on 127.0.0.1 only, on a port the kernel picks.
# The content root is the build output folder: the host reads appsettings.json (Serilog, Kestrel limits) from the
# content root, which defaults to the current directory, so without it the app would run with no log output.

APP="$ROOT/src/NewsApi/bin/Release/net10.0/NewsApi.dll"
SERVER_PID=""
BASE=""

# On exit: stop the helpers the script started in the background (BG_PIDS) and the server, and remove WORK
# (SOAK_KEEP=1 keeps it for a look at the server log and wrk output).
BG_PIDS=()
cleanup() {
    trap - EXIT # bash would run it again in the command substitutions below
    local pid
    for pid in "${BG_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    stop_server
    if [[ "${SOAK_KEEP:-0}" == 1 ]]; then echo "$(basename "$0" .sh): kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# wrk comes from Debian when it is missing and we may install packages.
need_wrk() {
    command -v wrk >/dev/null && return 0
    if command -v apt-get >/dev/null && [[ $(id -u) -eq 0 ]]; then
        echo "installing wrk (apt-get install -y wrk)"
        { apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }; } >/dev/null 2>&1 || true
    fi
    command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)"; return 2; }
}

build_and_generate() { # $1 = articles to generate, $2 = folder
    echo "building NewsApi (Release) and generating $1 articles"
    dotnet build "$ROOT/src/NewsApi" -c Release -v quiet -nologo >/dev/null
    dotnet run -c Release --project "$ROOT/bench/NewsApi.Generator" -- --count "$1" --out "$2" --seed 7 >/dev/null
}

# start_server <db file> <articles folder> <log file>: sets SERVER_PID and BASE, waits for /health/ready.
# RUN_AS=<user> runs the server as that user (the caller is root), so permission bits stop it as they would in production.
start_server() {
    BASE="" # a restart listens on a new port
    local as=(env)
    [[ -z "${RUN_AS:-}" ]] || as=(setpriv --reuid="$RUN_AS" --regid="$(id -g "$RUN_AS")" --clear-groups env HOME="$WORK")
    : >"$3"
    API_KEY="soak-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    ConnectionStrings__NewsApi="Data Source=$1" \
    NewsApi__SourceDirectory="$2" \
    NewsApi__ApiKeys__0="$API_KEY" \
    NewsApi__ReadRequestsPerSecond=1000000 \
    NewsApi__WriteRequestsPerMinute=100000 \
    NewsApi__PublicBaseUrl="http://127.0.0.1" \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
        "${as[@]}" dotnet "$APP" --urls "http://127.0.0.1:0" --contentRoot "$(dirname "$APP")" >"$3" 2>&1 &
    SERVER_PID=$!

    # Port 0: Kestrel binds a free port and logs it ("Now listening on: http://127.0.0.1:NNNNN").
    local deadline=$((SECONDS + 120))
    while [[ -z "$BASE" ]]; do
        BASE="$(sed -n 's#.*Now listening on: \(http://127\.0\.0\.1:[0-9]*\).*#\1#p' "$3" | head -1 || true)"
        if ! kill -0 "$SERVER_PID" 2>/dev/null || ((SECONDS > deadline)); then
            echo "the server did not start listening:"; tail -20 "$3"; return 1
        fi
        [[ -n "$BASE" ]] || sleep 0.2
    done

    # Ready once migrated and the start-up import has finished.
    deadline=$((SECONDS + ${READY_TIMEOUT:-900}))
    until curl -fs -o /dev/null --max-time 5 "$BASE/health/ready"; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null || ((SECONDS > deadline)); then
            echo "the server did not become ready:"; tail -20 "$3"; return 1
        fi
        sleep 1
    done
}

stop_server() { # leaves no server behind; used from the EXIT trap
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}

# The articles wrk may ask for (id and slug), and real cursors for each sort: first pages, followed 10 deep.
write_pool() { # $1 = db file, $2 = pool file, $3 = cursor file
    sqlite3 -readonly "$1" "SELECT Id || char(9) || Slug FROM Articles ORDER BY Id" >"$2"
    : >"$3"
    local sort after cursor
    for sort in id -id title -title -updatedAt; do
        after=""
        for _ in $(seq 1 10); do
            cursor="$(curl -fsS --max-time 30 "$BASE/api/v1/articles?pageSize=20&sort=$sort${after:+&after=$after}" \
                | sed -n 's/.*"nextCursor":"\([^"]*\)".*/\1/p')"
            [[ -n "$cursor" ]] || break
            printf '%s\t%s\n' "$sort" "$cursor" >>"$3"
            after="$cursor"
        done
    done
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# "key=value" from wrk's WRKSTATS line.
wrk_stat() { sed -n "s/.*WRKSTATS.* $2=\([0-9]*\).*/\1/p; s/.*WRKSTATS $2=\([0-9]*\).*/\1/p" "$1" | head -1; }
