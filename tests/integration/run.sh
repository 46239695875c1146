#!/usr/bin/env bash
# Runs the API integration tests (node:test) against a fresh sladesk server per test file.
#
#   tests/integration/run.sh [sqlite|postgres|all]     (default: sqlite)
#
# postgres: wraps itself in scripts/with-postgres.sh, which starts a throwaway PostgreSQL server; each test
# file then creates its own database in it. SLADESK_BIN overrides the binary (default build/sladesk).
# Extra arguments after the backend are passed to `node --test` (e.g. a single file).
# Exits non-zero if any backend fails.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BACKEND=${1:-sqlite}
shift || true

export SLADESK_BIN=${SLADESK_BIN:-$REPO/build/sladesk}
if [ ! -x "$SLADESK_BIN" ]; then
    echo "run.sh: $SLADESK_BIN not found; build it first (ninja -C build sladesk)" >&2
    exit 2
fi

run_backend() {
    local backend=$1
    shift
    local files=("$@")
    if [ ${#files[@]} -eq 0 ]; then
        mapfile -t files < <(find "$HERE" -maxdepth 1 -name '*.test.mjs' | sort)
    fi
    echo "== integration tests: $backend ==" >&2
    cd "$REPO"
    local log
    log=$(mktemp)
    local code=0
    SLADESK_TEST_BACKEND=$backend node --test --test-concurrency=2 --test-reporter=spec "${files[@]}" 2>&1 |
        tee "$log" || code=$?
    # node's summary lines (tests/pass/fail/...) once more at the end, prefixed with the backend.
    grep -E '^[^ ]+ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ' "$log" | sed "s/^/[$backend] /" >&2 || true
    rm -f "$log"
    return "$code"
}

case "$BACKEND" in
    sqlite)
        run_backend sqlite "$@"
        ;;
    postgres)
        if [ -z "${SLADESK_TEST_PG_ADMIN_URL:-}" ]; then
            exec "$REPO/scripts/with-postgres.sh" "$0" postgres "$@"
        fi
        run_backend postgres "$@"
        ;;
    all)
        status=0
        "$0" sqlite "$@" || status=1
        "$0" postgres "$@" || status=1
        exit "$status"
        ;;
    *)
        echo "usage: $0 [sqlite|postgres|all] [node --test args...]" >&2
        exit 2
        ;;
esac
