#!/usr/bin/env bash
# `npm test`: the whole suite — types, unit tests, the built extension end to end in Chromium and Firefox,
# then the reference endpoint on SQLite and PostgreSQL. One closing line counts them all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-chromium.sh
bash scripts/ensure-firefox.sh
bash scripts/ensure-ffmpeg.sh
npx wxt prepare >/dev/null
npx tsc --noEmit
results=.test-results
rm -rf "$results"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/unit.json"
# `wxt zip` builds dist/chrome-mv3 and dist/firefox-mv2 (which e2e/firefox/ drives) and packs them (and the AMO sources) for the stores.
npx wxt zip
npx wxt zip -b firefox
# Mozilla's linter, as AMO runs it: any warning fails the run.
npx web-ext lint --source-dir dist/firefox-mv2 --warnings-as-errors
# The Chromium end-to-end tests drive the test build (dist/chrome-mv3-test: the same plus the worker's
# globalThis.flagpost, build-config/test-build.ts); Firefox's drive dist/firefox-mv2 as shipped.
npm run build:test
bash scripts/ensure-endpoint-deps.sh
npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json="$results/e2e.json"
bash endpoint/scripts/test.sh --reporter=default --reporter=json --outputFile.json="$PWD/$results/endpoint.json"
node scripts/summarize-tests.mjs "$results"/*.json
