#!/usr/bin/env bash
# mailgate end to end: process start to stored, the way an MTA pipe runs it. Starts `sladesk serve` (SQLite in a
# temp dir, durable commits) with a mailgate token, then
#   1. sequential: N runs of `sladesk mailgate < message` one after another; per-message wall time (mean, p50, p99);
#   2. parallel: N more messages through P concurrent pipes (an MTA's parallel deliveries); messages/s.
# Each message is a distinct GB2312 mail (own Message-ID) from one of 50 senders; the rate limit is raised so it
# does not interfere. Usage: bench/mail/mailgate_e2e.sh [BIN] [N] [P]   (defaults build-bench/sladesk 400 4)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=${1:-$root/build-bench/sladesk}
count=${2:-400}
parallel=${3:-4}
work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

port=$((20000 + RANDOM % 30000))
echo "mailgate-bench-token-0123456789" >"$work/token"
"$bin" apply -f "$root/examples/policy.yaml" --data "$work/data" >/dev/null
"$bin" serve --data "$work/data" --listen "127.0.0.1:$port" --mailgate-token-file "$work/token" \
    --mail-rate-limit 100000 --log-level warn 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done

subject="=?GB2312?B?$(printf '营业厅网络中断' | iconv -f UTF-8 -t GB2312 | base64 -w0)?="
body=$(printf '您好：\n营业厅的网络从上午九点起中断，无法办理业务，请尽快处理。\n' | iconv -f UTF-8 -t GB2312 | base64 -w 76)
make_mail() {  # $1: number
    printf 'From: customer%d@example.cn\r\nTo: desk@example.com\r\nSubject: %s %d\r\nMessage-ID: <bench-%s-%d@example.cn>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=GB2312\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n' \
        $(($1 % 50)) "$subject" "$1" "$$" "$1" "$body"
}
mkdir -p "$work/mails"
for i in $(seq 1 $((count * 2))); do make_mail "$i" >"$work/mails/$i.eml"; done

export SLADESK_BENCH_URL="http://127.0.0.1:$port" SLADESK_BENCH_BIN="$bin" SLADESK_BENCH_TOKEN_FILE="$work/token"
deliver() { "$SLADESK_BENCH_BIN" mailgate --url "$SLADESK_BENCH_URL" --token-file "$SLADESK_BENCH_TOKEN_FILE" <"$1"; }
export -f deliver

: >"$work/times"
for i in $(seq 1 "$count"); do
    start=$(date +%s%N)
    deliver "$work/mails/$i.eml"
    echo $(( ($(date +%s%N) - start) / 1000 )) >>"$work/times"
done
sort -n "$work/times" | awk -v n="$count" '{ t[NR] = $1; sum += $1 }
    END { printf "sequential: %d messages, mean %.1f ms, p50 %.1f ms, p99 %.1f ms per message (process start to stored)\n",
          n, sum / n / 1000, t[int(n * 0.5)] / 1000, t[int(n * 0.99)] / 1000 }'

start=$(date +%s%N)
seq $((count + 1)) $((count * 2)) | sed "s|.*|$work/mails/&.eml|" | xargs -P "$parallel" -n 1 bash -c 'deliver "$0"'
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
awk -v n="$count" -v ms="$elapsed" -v p="$parallel" \
    'BEGIN { printf "parallel: %d messages through %d concurrent pipes in %d ms = %.0f messages/s\n", n, p, ms, n * 1000 / ms }'
stored=$(curl -s -X POST "http://127.0.0.1:$port/api/v1/mail/inbound" -H "Authorization: Bearer $(cat "$work/token")" \
    --data-binary @"$work/mails/1.eml" | grep -o '"duplicate":true' || true)
[ -n "$stored" ] || { echo "mailgate_e2e: the first message was not stored" >&2; exit 1; }
