#!/usr/bin/env bash
# Every test: type check, unit + integration (vitest, real peers over real sockets, real SQLite),
# end-to-end (Playwright in Debian's Chromium against a production build). Installs what is missing.
# Ends with one "N passed, N failed" line summing every suite.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh || exit 1
source scripts/ensure-system-packages.sh || exit 1

# Outside test-results/: Playwright empties that folder when it starts.
out=.test-summary
rm -rf "$out" && mkdir -p "$out"
status=0

echo "» type check"
if npx tsc --noEmit; then echo "typecheck ok" > "$out/typecheck.txt"; else echo "typecheck failed" > "$out/typecheck.txt"; status=1; fi

echo "» unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest.json" || status=1

echo "» end-to-end tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright.json" npx playwright test --reporter=list,json || status=1

node scripts/test-summary.mjs "$out" || status=1
exit $status
