#!/usr/bin/env bash
# `npm test`: the whole suite — types, unit tests, the built extension end to end in Chromium,
# then the reference endpoint on SQLite and PostgreSQL. One closing line counts them all.
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
bash scripts/ensure-endpoint-deps.sh
npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json="$results/e2e.json"
bash endpoint/scripts/test.sh --reporter=default --reporter=json --outputFile.json="$PWD/$results/endpoint.json"
node scripts/summarize-tests.mjs "$results"/*.json
