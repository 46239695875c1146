#!/usr/bin/env bash
# Builds the web console (web/) into web/dist, which the server embeds (src/http/web_app.cpp).
#   - runs `npm ci` only when web/node_modules is missing or package-lock.json changed since the last install;
#   - runs `npm run build` only when a source file changed since the last build (or with --force);
#   - prints the first screen's JavaScript size (gzip) and fails if it is over the 400 KB budget.
# Several build directories may run this at once (CMake calls it when web/dist is missing): a lock
# serialises them, and the later ones find the build up to date.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
web="$root/web"
force=0
[ "${1:-}" = "--force" ] && force=1

for tool in node npm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "build-web: '$tool' not found; run scripts/install-deps.sh (Debian packages nodejs and npm)" >&2
        exit 1
    fi
done

exec 9>"$web/.build-web.lock"
flock 9

cd "$web"
sha() { sha256sum "$@" | sha256sum | cut -d' ' -f1; }

lock_hash=$(sha package-lock.json)
if [ ! -d node_modules ] || [ "$(cat node_modules/.sladesk-lock.sha256 2>/dev/null)" != "$lock_hash" ]; then
    echo "build-web: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$lock_hash" > node_modules/.sladesk-lock.sha256
fi

# Everything that goes into the bundle (tests excluded), in a stable order.
source_hash=$(find index.html package.json package-lock.json vite.config.js src scripts -type f -print0 \
    | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ "$force" = 0 ] && [ -f dist/index.html ] && [ "$(cat dist/.sladesk-source.sha256 2>/dev/null)" = "$source_hash" ]; then
    echo "build-web: web/dist is up to date"
    exit 0
fi

echo "build-web: npm run build"
npm run build --silent
node scripts/first-screen-size.mjs dist
echo "$source_hash" > dist/.sladesk-source.sha256
