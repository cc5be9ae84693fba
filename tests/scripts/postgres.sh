#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: Debian's `postgresql` package, run as the `postgres` user (the server
# refuses root), listening on 127.0.0.1 only, on a free port, with its data, log and unix socket in one temp folder.
# Usage:
#   tests/scripts/postgres.sh start [DIR]   start a server in DIR (new or empty; default: a new /tmp folder) and print
#                                           its connection string on stdout, e.g.
#                                           export NEWSAPI_TEST_POSTGRES="$(tests/scripts/postgres.sh start /tmp/pg)"
#   tests/scripts/postgres.sh stop DIR      stop that server and remove DIR
# The role is `newsapi`, trusted from 127.0.0.1 only: a test server holds no secret, and nothing else can reach it.
# Durability is off (fsync, synchronous_commit): a test server that loses power is thrown away anyway.
set -euo pipefail

PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
[[ -x "$PGBIN/initdb" ]] || { echo "postgres.sh: no PostgreSQL server found (apt-get install postgresql)" >&2; exit 2; }

# As root, the server runs as `postgres`; as anyone else, as that user.
as_server() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A port the kernel reports free; without python3, a random high one (a taken port makes the start retry).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
        || echo $((20000 + RANDOM % 40000))
}

start() {
    local dir="${1:-$(mktemp -d /tmp/newsapi-pg.XXXXXX)}"
    mkdir -p "$dir"
    [[ -z "$(ls -A "$dir")" ]] || { echo "postgres.sh: $dir is not empty" >&2; exit 2; }
    dir="$(cd "$dir" && pwd)"
    [[ $(id -u) -ne 0 ]] || chown postgres: "$dir"
    chmod 700 "$dir"

    as_server "$PGBIN/initdb" -D "$dir/data" -U newsapi --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { echo "postgres.sh: initdb failed (see $dir/initdb.log)" >&2; cat "$dir/initdb.log" >&2; exit 1; }

    # The kernel's free port can be taken between the probe and the server's bind: try a few.
    local port attempt
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        if as_server "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null 2>&1; then
            as_server "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U newsapi newsapi
            echo "$port" >"$dir/port"
            echo "Host=127.0.0.1;Port=$port;Database=newsapi;Username=newsapi"
            [[ -n "${1:-}" ]] || echo "postgres.sh: server in $dir (stop with: tests/scripts/postgres.sh stop $dir)" >&2
            return 0
        fi
    done
    echo "postgres.sh: the server did not start (see $dir/server.log)" >&2
    tail -n 20 "$dir/server.log" >&2 || true
    exit 1
}

stop() {
    local dir="${1:?postgres.sh stop needs the folder given to start}"
    [[ -d "$dir" ]] || return 0
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        # Immediate: the data goes with the folder, so there is nothing to flush.
        as_server "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start "${2:-}" ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start [DIR] | stop DIR" >&2; exit 2 ;;
esac
