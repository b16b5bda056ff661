#!/usr/bin/env bash
# One command from a fresh clone to a running production server on :3000 (PORT overrides):
# install, generate, migrate (creates data/rampart.db on first start), build when sources changed, start.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh

echo "» migrating the database"
npx prisma migrate deploy >/dev/null 2>&1 || npx prisma migrate deploy

dist="${NEXT_DIST_DIR:-.next}"
sources=()
for p in app components lib prisma proxy.ts instrumentation.ts next.config.js postcss.config.mjs package-lock.json; do [ -e "$p" ] && sources+=("$p"); done
hash=$(find "${sources[@]}" -type f -not -path 'lib/generated/*' -not -name '*.test.ts' | sort | xargs sha1sum | sha1sum | cut -c1-40)
if [ "${RAMPART_FORCE_BUILD:-0}" = "1" ] || [ ! -f "$dist/BUILD_ID" ] || [ "$(cat "$dist/rampart-source-hash" 2>/dev/null)" != "$hash" ]; then
  echo "» building (next build)"
  npx next build
  echo "$hash" > "$dist/rampart-source-hash"
fi

echo "» starting Rampart on http://localhost:${PORT:-3000}"
export NODE_ENV=production PORT="${PORT:-3000}" HOST="${HOST:-0.0.0.0}"
# The server's Node flags (a larger young generation: a fleet push allocates fast, and the default one made
# garbage collection a fifth of its CPU); the bench's pushing process reads the same file.
NODE_OPTIONS="$(tr '\n' ' ' < scripts/server-node-options)${NODE_OPTIONS:-}"
export NODE_OPTIONS
exec npx tsx scripts/serve.ts
