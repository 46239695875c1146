#!/usr/bin/env bash
# Runs a command next to a throwaway PostgreSQL 15 server:
#
#   scripts/with-postgres.sh build/tests/unit/store/store_test
#
# The server lives in a fresh temp dir on a free 127.0.0.1 port, with trust auth for the `postgres` user.
# Exported for the command:
#   SLADESK_TEST_PG_URL        postgresql://postgres@127.0.0.1:PORT/sladesk_test  (an empty database)
#   SLADESK_TEST_PG_ADMIN_URL  postgresql://postgres@127.0.0.1:PORT/postgres      (for CREATE DATABASE per suite)
#   SLADESK_TEST_PG_PORT       the port
#   SLADESK_TEST_PG_THROWAWAY  1: the server is deleted afterwards, so tests need not drop their databases
# The server is stopped and its directory removed however the command ends; the command's exit code is
# passed on. Works as root (initdb runs as the `postgres` user) and as an ordinary user.
set -euo pipefail

if (($# == 0)); then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi

PG_BIN=${SLADESK_PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/initdb" ]; then
    echo "with-postgres: $PG_BIN/initdb not found; run scripts/install-deps.sh" >&2
    exit 2
fi

# Runs a PostgreSQL tool as the server's owner (initdb and postgres refuse to run as root).
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# Removes directories of earlier runs that were killed before their trap could run (no live postmaster).
remove_stale() {
    local dir pid
    for dir in "${TMPDIR:-/tmp}"/sladesk-pg.*; do
        [ -d "$dir" ] || continue
        [ "$(id -u)" = 0 ] || [ -O "$dir" ] || continue  # never another user's run
        pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then continue; fi
        # Only directories older than a minute: a concurrent run may still be inside initdb.
        if [ -n "$(find "$dir" -maxdepth 0 -mmin +1 2>/dev/null)" ]; then rm -rf "$dir" 2>/dev/null || true; fi
    done
}

WORK=""
cleanup() {
    local code=$?
    trap - EXIT INT TERM HUP
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if [ -f "$WORK/data/postmaster.pid" ]; then
            as_owner "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$WORK"
    fi
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# The server's owner must reach the directory: a root-only TMPDIR (e.g. under /root) falls back to /tmp.
BASE=${TMPDIR:-/tmp}
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$BASE" 2>/dev/null; then BASE=/tmp; fi
TMPDIR=$BASE remove_stale
WORK=$(mktemp -d "$BASE/sladesk-pg.XXXXXX")
chmod 755 "$WORK"
mkdir "$WORK/sock"
if [ "$(id -u)" = 0 ]; then chown postgres: "$WORK" "$WORK/sock"; fi

# --no-sync: the throwaway cluster's initial files need not reach the disk (the server itself runs fsync=on).
if ! as_owner "$PG_BIN/initdb" -D "$WORK/data" --encoding=UTF8 --locale=C.UTF-8 -U postgres --auth=trust \
    --no-sync >"$WORK/initdb.log" 2>&1; then
    cat "$WORK/initdb.log" >&2
    echo "with-postgres: initdb failed" >&2
    exit 1
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

PORT=""
for _ in 1 2 3 4 5 6 7 8; do
    candidate=$((20000 + RANDOM % 30000))
    port_in_use "$candidate" && continue
    if as_owner "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $candidate -k $WORK/sock -c fsync=on -c max_connections=300" \
        start >/dev/null 2>&1; then
        PORT=$candidate
        break
    fi
done
if [ -z "$PORT" ]; then
    cat "$WORK/server.log" >&2 2>/dev/null || true
    echo "with-postgres: could not start PostgreSQL" >&2
    exit 1
fi

"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres sladesk_test

export SLADESK_TEST_PG_PORT=$PORT
export SLADESK_TEST_PG_URL="postgresql://postgres@127.0.0.1:$PORT/sladesk_test"
export SLADESK_TEST_PG_ADMIN_URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
export SLADESK_TEST_PG_THROWAWAY=1

# Not exec: the trap must outlive the command. It runs in the background so that a TERM/INT sent to this
# script is passed on at once (bash defers traps while a foreground child runs); stdin stays the command's.
"$@" <&0 &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' TERM
trap 'kill -INT "$child" 2>/dev/null || true' INT
trap 'kill -HUP "$child" 2>/dev/null || true' HUP
code=0
while :; do
    if wait "$child"; then code=0; else code=$?; fi
    kill -0 "$child" 2>/dev/null || break  # still running: wait was only interrupted by a signal
done
exit "$code"
