#!/usr/bin/env bash
# Load harness for issue 2: ticket creation and ticket reads over HTTP, measured with wrk.
#
#   bench/load/run.sh BINARY [options]
#     --duration D     wrk duration per scenario (default 15s)
#     --connections N  keep-alive connections (default 64)
#     --wrk-threads N  wrk threads (default 2)
#     --threads N      server handler threads (default: the server's own default)
#     --database URL   PostgreSQL URL instead of SQLite (the database must be empty)
#     --data DIR       reuse this data directory (e.g. a pre-filled 1M-ticket database) instead of a fresh temp dir
#     --scenarios LIST comma-separated: create,get,mixed (default create,get)
#     --pin            pin the server to CPU 1 and wrk to CPU 0 (default: both float over the 2 cores)
#     --policy FILE    apply this policy file (e.g. examples/policy.yaml) before the server starts, so every new
#                      ticket gets SLA/OLA clocks and a due job (default: none; the built-in policy has no agreements)
#
# Builds nothing: pass a Release binary (see docs/benchmarks.md). Starts a fresh server on a free port, creates a
# customer, logs in, seeds one ticket with 4 articles, runs each scenario with wrk --latency, prints wrk's output
# and one `RESULT {...}` JSON line per scenario, then the server's peak RSS (VmHWM) and the database size.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
binary=${1:?usage: run.sh BINARY [options]}
binary=$(readlink -f "$binary")
shift
duration=15s connections=64 wrk_threads=2 server_threads="" database="" data_dir="" scenarios="create,get" pin=0 policy=""
while (($#)); do
    case $1 in
        --duration) duration=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --wrk-threads) wrk_threads=$2; shift 2 ;;
        --threads) server_threads=$2; shift 2 ;;
        --database) database=$2; shift 2 ;;
        --data) data_dir=$2; shift 2 ;;
        --scenarios) scenarios=$2; shift 2 ;;
        --pin) pin=1; shift ;;
        --policy) policy=$(readlink -f "$2"); shift 2 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
command -v wrk >/dev/null || { echo "run.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sladesk-load.XXXXXX")
[[ -n $data_dir ]] || data_dir=$work/data
server_pid=""
cleanup() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

store_flags=(--data "$data_dir")
[[ -z $database ]] || store_flags+=(--database "$database")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
login=loadcust password='Load-test-pass-1'

"$binary" admin create-user "${store_flags[@]}" --login "$login" --password "$password" --role customer \
    >/dev/null 2>"$work/create-user.err" || grep -q -i "exists\|conflict" "$work/create-user.err" \
    || { cat "$work/create-user.err" >&2; exit 1; }

if [[ -n $policy ]]; then
    "$binary" apply "${store_flags[@]}" -f "$policy" >"$work/apply.out" 2>&1 || { cat "$work/apply.out" >&2; exit 1; }
fi

serve=("$binary" serve "${store_flags[@]}" --listen "127.0.0.1:$port" --log-level warn)
[[ -z $server_threads ]] || serve+=(--threads "$server_threads")
wrk_cmd=(wrk)
if ((pin)); then serve=(taskset -c 1 "${serve[@]}"); wrk_cmd=(taskset -c 0 wrk); fi
"${serve[@]}" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done

server_cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
# CPU of the group-commit writer thread (named sladesk-writer): the serial part of every write.
writer_cpu_ticks() {
    local total=0 task
    for task in /proc/"$server_pid"/task/*; do
        [[ $(cat "$task/comm" 2>/dev/null) == sladesk-writer ]] || continue
        total=$((total + $(awk '{print $14 + $15}' "$task/stat")))
    done
    echo "$total"
}
json_field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
token=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$login\",\"password\":\"$password\"}" | json_field token)
ticket_id=$(curl -fs -X POST "$base/api/v1/tickets" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"title":"发票抬头错误 wrong invoice title","description":"上月发票抬头写错了，请重开。Last month the invoice title was wrong."}' \
    | json_field id)
for i in 1 2 3; do
    curl -fs -o /dev/null -X POST "$base/api/v1/tickets/$ticket_id/articles" -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' -d "{\"body\":\"补充说明 $i: follow-up details from the customer.\"}"
done
max_id=$ticket_id  # the newest ticket: ids 1..max_id are this customer's in a filled database

export SLADESK_LOAD_DIR=$here SLADESK_TOKEN=$token SLADESK_TICKET_ID=$ticket_id SLADESK_MAX_ID=$max_id
echo "# sladesk load: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores;" \
     "server pid $server_pid on ${database:+PostgreSQL $database}${database:-SQLite $data_dir}; wrk -t$wrk_threads -c$connections" \
     "-d$duration --latency; pin=$pin (wrk and server share the cores unless pinned); policy=${policy:-none}"
IFS=, read -r -a scenario_list <<<"$scenarios"
for scenario in "${scenario_list[@]}"; do
    case $scenario in
        create) script=create_ticket.lua ;;
        get) script=get_ticket.lua ;;
        mixed) script=mixed.lua ;;
        *) echo "run.sh: unknown scenario $scenario" >&2; exit 2 ;;
    esac
    echo "## $scenario ($script), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    cpu_before=$(server_cpu_ticks) writer_before=$(writer_cpu_ticks)
    "${wrk_cmd[@]}" -t"$wrk_threads" -c"$connections" -d"$duration" --latency -s "$here/$script" "$base" \
        | tee "$work/wrk.out"
    cpu_after=$(server_cpu_ticks) writer_after=$(writer_cpu_ticks)
    # Server CPU per request does not depend on how busy the shared machine is; throughput does. The writer's
    # share is the serial part: one core's worth of it bounds the write rate.
    python3 - "$work/wrk.out" "$cpu_before" "$cpu_after" "$(getconf CLK_TCK)" "$writer_before" "$writer_after" <<'PY'
import json, sys
result = next(json.loads(l[7:]) for l in open(sys.argv[1]) if l.startswith("RESULT "))
tick = int(sys.argv[4])
cpu_s = (int(sys.argv[3]) - int(sys.argv[2])) / tick
writer_s = (int(sys.argv[6]) - int(sys.argv[5])) / tick
n = max(result["requests"], 1)
print("SERVER_CPU %s cpu_s=%.2f us_per_request=%.0f writer_us_per_request=%.0f"
      % (result["scenario"], cpu_s, cpu_s * 1e6 / n, writer_s * 1e6 / n))
PY
done

rss=$(awk '/VmHWM|VmRSS/ {printf "%s=%s %s  ", $1, $2, $3}' "/proc/$server_pid/status")
echo "SERVER $rss"
if [[ -z $database ]]; then
    echo "DB $(du -cb "$data_dir"/sladesk.db* | tail -1 | cut -f1) bytes ($(ls "$data_dir" | xargs))"
fi
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
server_pid=""
grep -v '"level":"info"' "$work/server.log" | tail -5 >&2 || true
