#!/usr/bin/env bash
# Runs the browser tests (node:test + playwright-core driving Debian's chromium) against `sladesk serve --demo`
# on free loopback ports with fresh data dirs (tests/e2e/browser.mjs).
#
#   tests/e2e/run.sh [node --test args...]
#
# SLADESK_BIN overrides the server binary (default build/sladesk); SLADESK_CHROMIUM the browser
# (/usr/bin/chromium). Screenshots go to tests/e2e/artifacts/; SLADESK_E2E_UPDATE_SCREENSHOTS=1 also copies
# them to docs/screenshots/ after a passing run. The summary lines are repeated at the end prefixed "[e2e]".
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
export SLADESK_BIN=${SLADESK_BIN:-$REPO/build/sladesk}
chromium=${SLADESK_CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$SLADESK_BIN" ]; then
    echo "e2e: $SLADESK_BIN not found; build it first (ninja -C build sladesk)" >&2
    exit 2
fi
if [ ! -x "$chromium" ]; then
    echo "e2e: $chromium not found; run scripts/install-deps.sh (Debian package chromium)" >&2
    exit 2
fi
if [ ! -d "$REPO/web/node_modules/playwright-core" ]; then
    bash "$REPO/scripts/build-web.sh"
fi

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
    mapfile -t files < <(find "$HERE" -maxdepth 1 -name '*.test.mjs' | sort)
fi
cd "$REPO"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
code=0
node --test --test-concurrency=2 --test-reporter=spec "${files[@]}" 2>&1 | tee "$log" || code=$?
grep -E '^[^ ]+ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ' "$log" | sed 's/^/[e2e] /' >&2 || true
if [ "$code" = 0 ] && [ "${SLADESK_E2E_UPDATE_SCREENSHOTS:-0}" = 1 ]; then
    mkdir -p docs/screenshots
    cp tests/e2e/artifacts/*.png docs/screenshots/
    echo "e2e: screenshots copied to docs/screenshots/" >&2
fi
exit "$code"
