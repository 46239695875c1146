#!/usr/bin/env bash
# Times `sladesk sla due --batch` over N generated lines (default 1,000,000) with the CN office calendar.
# Usage: bench/sla/due_batch_bench.sh [SLADESK_BINARY] [LINES]
set -euo pipefail
binary="${1:-build/sladesk}"
lines="${2:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/cn.yaml" <<'YAML'
calendars:
  - name: cn-office
    timezone: Asia/Shanghai
    week:
      mon: ["09:00-12:00", "13:00-18:00"]
      tue: ["09:00-12:00", "13:00-18:00"]
      wed: ["09:00-12:00", "13:00-18:00"]
      thu: ["09:00-12:00", "13:00-18:00"]
      fri: ["09:00-12:00", "13:00-18:00"]
    include: [CN]
YAML
# Starts uniform over 2019-2026, targets uniform up to 40 working hours; fixed seed.
awk -v n="$lines" 'BEGIN { srand(1); for (i = 0; i < n; i++) printf "%d %d\n", 1546300800 + int(rand() * 252288000), int(rand() * 144000) }' > "$work/lines.txt"
for run in 1 2 3; do
    /usr/bin/time -f "run $run: %e s wall, %U s user, %M KB max RSS" \
        "$binary" sla due --calendar "$work/cn.yaml" --batch < "$work/lines.txt" > "$work/out.txt"
done
echo "$(wc -l < "$work/out.txt") due epochs written"
