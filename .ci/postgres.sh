#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and CI (Debian/Ubuntu, no systemd needed).
#
#   eval "$(.ci/postgres.sh start)"   # installs the server if missing, starts it,
#                                     # prints: export TEST_DATABASE_URL=postgresql://...
#   .venv/bin/python -m pytest
#   .ci/postgres.sh stop              # stops it (data kept; `purge` also deletes it)
#   .ci/postgres.sh status | url
#
# Only the `export ...` line goes to stdout; progress goes to stderr.
# Idempotent: `start` on a running server just prints the URL again.
#
# The cluster is private to this script: data directory $PGCI_DIR/data owned by the
# `postgres` user (or by the caller when not run as root), listening on 127.0.0.1 only,
# trust authentication, fsync off. It never touches the distribution's own clusters.
#
# Environment:
#   PGCI_DIR   state directory        (default: ${TMPDIR:-/tmp}/htsd-ci-postgres)
#   PGCI_PORT  first port to try      (default: 5432; the next free port is used if busy)
#   PGCI_DB    database to create     (default: htsd_test)
set -euo pipefail

PGCI_DIR=${PGCI_DIR:-${TMPDIR:-/tmp}/htsd-ci-postgres}
PGCI_PORT=${PGCI_PORT:-5432}
PGCI_DB=${PGCI_DB:-htsd_test}
DATA="$PGCI_DIR/data"
SOCK="$PGCI_DIR/socket"
LOG="$PGCI_DIR/postgres.log"
PORT_FILE="$PGCI_DIR/port"

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# The owner of the cluster: `postgres` when we are root (initdb refuses root).
owner() { if is_root; then echo postgres; else id -un; fi; }

as_owner() {
    if is_root; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
        echo "$d"
    fi
}

install_server() {
    if [ -n "$(bindir)" ]; then
        return
    fi
    is_root || die "PostgreSQL server not installed and not root: apt-get install postgresql"
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL server not installed and no apt-get"
    log "installing PostgreSQL server (apt-get)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    [ -n "$(bindir)" ] || die "installed postgresql but found no server binaries under /usr/lib/postgresql"
}

pg_running() {
    local bin
    bin=$(bindir)
    [ -n "$bin" ] && [ -f "$DATA/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

port_in_use() {
    # Something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp, no extra tools).
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    local p=$1
    while port_in_use "$p"; do
        p=$((p + 1))
        [ "$p" -lt $(($1 + 100)) ] || die "no free port in $1..$p"
    done
    echo "$p"
}

url() { echo "postgresql://postgres@127.0.0.1:$(cat "$PORT_FILE")/$PGCI_DB"; }

psql_admin() {
    local bin psql_bin
    bin=$(bindir)
    psql_bin="$bin/psql"
    [ -x "$psql_bin" ] || psql_bin=$(command -v psql) || die "psql not found"
    "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$PORT_FILE")" -U postgres -d postgres "$@"
}

start() {
    install_server
    local bin port
    bin=$(bindir)

    if pg_running; then
        log "already running ($DATA, port $(cat "$PORT_FILE"))"
    else
        mkdir -p "$PGCI_DIR" "$SOCK"
        if is_root; then
            chown -R postgres: "$PGCI_DIR"
        fi
        chmod 700 "$PGCI_DIR"
        if [ ! -f "$DATA/PG_VERSION" ]; then
            log "initdb $DATA"
            as_owner "$bin/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C \
                --no-sync >"$PGCI_DIR/initdb.log" 2>&1 || { cat "$PGCI_DIR/initdb.log" >&2; die "initdb failed"; }
        fi
        # Reuse the previous port when it is still free, else find one.
        port=$PGCI_PORT
        if [ -f "$PORT_FILE" ]; then port=$(cat "$PORT_FILE"); fi
        port=$(free_port "$port")
        echo "$port" >"$PORT_FILE"
        log "starting $bin/postgres on 127.0.0.1:$port"
        as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 -o \
            "-c listen_addresses=127.0.0.1 -p $port -k $SOCK -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start >&2 || { tail -n 50 "$LOG" >&2 || true; die "server did not start"; }
    fi

    if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$PGCI_DB'")" != "1" ]; then
        log "creating database $PGCI_DB"
        psql_admin -c "CREATE DATABASE \"$PGCI_DB\""
    fi
    echo "export TEST_DATABASE_URL=$(url)"
}

stop() {
    if pg_running; then
        log "stopping server ($DATA)"
        as_owner "$(bindir)/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >&2
    else
        log "not running"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    purge) stop; rm -rf "$PGCI_DIR"; log "removed $PGCI_DIR" ;;
    status)
        if pg_running; then log "running on port $(cat "$PORT_FILE")"; else log "not running"; exit 3; fi ;;
    url)
        pg_running || die "not running"
        url ;;
    *)
        echo "usage: $0 start|stop|status|url|purge" >&2
        exit 2 ;;
esac
