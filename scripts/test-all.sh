#!/usr/bin/env bash
# Every test: lint and format check (failing fast), type check, unit + integration (vitest, real peers over real sockets, real SQLite),
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

# Lint and format first: a failure here stops before the slow suites.
echo "» lint (ESLint) and format (Prettier)"
static=0
npm run -s lint || static=$((static + 1))
npm run -s format:check || static=$((static + 1))
if [ "$static" -gt 0 ]; then
  echo "lint or format check failed: fix it (npm run format rewrites the formatting) and run again"
  echo "0 passed, $static failed"
  exit 1
fi

echo "» type check"
if npx tsc --noEmit; then echo "typecheck ok" > "$out/typecheck.txt"; else echo "typecheck failed" > "$out/typecheck.txt"; status=1; fi

echo "» unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest.json" || status=1

echo "» end-to-end tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright.json" npx playwright test --reporter=list,json || status=1

node scripts/test-summary.mjs "$out" || status=1
exit $status
