#!/usr/bin/env bash
# `npm test`: the whole suite — types, unit tests, then the built extension end to end in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-chromium.sh
npx wxt prepare >/dev/null
npx tsc --noEmit
results=.test-results
rm -rf "$results"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/unit.json"
npx wxt build
npx wxt build -b firefox
npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json="$results/e2e.json"
node scripts/summarize-tests.mjs "$results"/*.json
