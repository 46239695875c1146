#!/usr/bin/env bash
# Runs the libFuzzer targets for a bounded time each: scripts/fuzz.sh [SECONDS] (default 60 per target).
#   request_parsing_fuzzer  the API's JSON bodies and the policy YAML (seeds: tests/fuzz/corpus/)
#   mime_fuzzer             inbound mail: the GMime parser and the mail helpers (seeds: tests/mail/corpus/)
# Configures a clang build with ASan+UBSan+libFuzzer instrumentation in build-fuzz/ (the whole tree is compiled
# with clang there), builds only the fuzzers, runs each on a growing copy of its seeds and exits non-zero on a crash,
# leak, sanitizer report or timeout; the reproducer (crash-*, leak-*, timeout-*) is left in build-fuzz/findings/.
set -euo pipefail

seconds=${1:-60}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/build-fuzz
cxx=$(command -v clang++-14 || command -v clang++)
cc=$(command -v clang-14 || command -v clang)
# -Wno-unknown-warning-option: cmake/Warnings.cmake passes g++-only -Wno-restrict, which clang rejects under -Werror.
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -O1 -g1"
flags+=" -Wno-unknown-warning-option"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
    -DSLADESK_FUZZ=ON -DSLADESK_TESTS=ON -DSLADESK_BENCH=OFF >/dev/null
ninja -C "$build" request_parsing_fuzzer mime_fuzzer

corpus=$build/corpus findings=$build/findings
mkdir -p "$corpus" "$findings"
cp -n "$root"/tests/fuzz/corpus/* "$corpus"/
# Corpus first (grows), seeds second (read only). -max_len keeps bodies near the API's real sizes.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$build/tests/fuzz/request_parsing_fuzzer" "$corpus" "$root/tests/fuzz/corpus" \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/"

# Mail: whole messages with attachments are larger than API bodies.
mime_corpus=$build/mime-corpus
mkdir -p "$mime_corpus"
cp -n "$root"/tests/mail/corpus/*.eml "$mime_corpus"/
"$build/tests/fuzz/mime_fuzzer" "$mime_corpus" "$root/tests/mail/corpus" \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/mime-"
