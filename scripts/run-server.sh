#!/usr/bin/env bash
# Installs what sladesk needs, builds it (Release, build/), and runs the server on its embedded default:
# SQLite under ./data, http://127.0.0.1:8080, with the demo data set. Extra arguments go to `sladesk serve`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSLADESK_TESTS=OFF -DSLADESK_BENCH=OFF >/dev/null
ninja -C build sladesk
echo "sladesk: open http://127.0.0.1:8080/api/v1/openapi.json — demo logins: admin/admin-demo, agent1/agent-demo, zhangsan/customer-demo"
exec build/sladesk serve --demo "$@"
