#!/usr/bin/env bash
# The one command that runs every test of sladesk on a fresh Debian 12 machine:
#   1. installs the Debian packages it needs (scripts/install-deps.sh),
#   2. builds everything with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/),
#   3. runs the GoogleTest unit tests on SQLite and on a throwaway PostgreSQL server,
#   4. runs the API integration tests (real server, real SQLite and PostgreSQL, kill -9 durability) against the
#      sanitizer build of the server,
#   4b. runs the web console's Vitest unit tests and its browser tests (Debian's chromium) against the same server,
#   5. fuzzes request parsing and inbound mail parsing for a bounded time each (SLADESK_FUZZ_SECONDS, default 60;
#      0 skips).
# Exits non-zero on the first failing stage. ccache keeps rebuilds fast.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
fuzz_seconds=${SLADESK_FUZZ_SECONDS:-60}
# ccache hits across clones in different folders (CI clones afresh): paths are taken relative to the checkout.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
jobs=$(nproc)

stage() { printf '\n==> %s\n' "$*"; }
# Every test stage's output is also kept here, to add up the counts at the end.
results=$(mktemp)
trap 'rm -f "$results"' EXIT

stage "installing dependencies"
bash scripts/install-deps.sh

stage "building with ASan/UBSan (build-asan)"
# -O1 -g1: sanitizers want some optimisation and line numbers, and this compiles much faster than -O2 -g.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" -DSLADESK_SANITIZE=ON \
    -DSLADESK_BENCH=OFF >/dev/null
ninja -C build-asan -j "$jobs"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

stage "unit tests (SQLite and PostgreSQL)"
scripts/with-postgres.sh ctest --test-dir build-asan -j "$jobs" --output-on-failure | tee -a "$results"

stage "integration tests (sanitizer build of the server, SQLite and PostgreSQL)"
# scripts/with-mailserver.sh: a real Postfix on loopback receives the notification mails (notify.test.mjs) and pipes
# mail for the desk to `sladesk mailgate` (mail.test.mjs).
SLADESK_BIN="$root/build-asan/sladesk" scripts/with-mailserver.sh tests/integration/run.sh all 2>&1 |
    tee -a "$results"

stage "web console: unit tests (Vitest) and browser tests (chromium against the sanitizer build of the server)"
# web/dist and web/node_modules were brought up to date when build-asan was configured (scripts/build-web.sh).
(cd web && NO_COLOR=1 npx vitest run) 2>&1 | tee -a "$results"
SLADESK_BIN="$root/build-asan/sladesk" tests/e2e/run.sh 2>&1 | tee -a "$results"

if [ "$fuzz_seconds" -gt 0 ]; then
    stage "fuzzing request parsing and mail parsing for ${fuzz_seconds}s each"
    scripts/fuzz.sh "$fuzz_seconds"
fi

stage "all tests passed"
# One closing line with the totals: ctest's "N tests failed out of M", node's per-backend (and e2e) pass/fail
# counts and Vitest's "Tests  N failed | M passed (T)".
awk '/tests failed out of/ { failed += $4; passed += $NF - $4 }
     /^\[(sqlite|postgres|e2e)\] ℹ pass / { passed += $NF }
     /^\[(sqlite|postgres|e2e)\] ℹ fail / { failed += $NF }
     /^ *Tests +[0-9]/ { if (match($0, /[0-9]+ passed/)) passed += substr($0, RSTART, RLENGTH) + 0
                         if (match($0, /[0-9]+ failed/)) failed += substr($0, RSTART, RLENGTH) + 0 }
     END { printf "tests: %d passed, %d failed\n", passed, failed }' "$results"
